;; memory.grow one page at a time from 1 page to 16,384 (1 GiB); traps if a growth is refused.
(module
  (memory (export "memory") 1)
  (func (export "_start") (local $old i32)
    (loop $again
      (local.set $old (memory.grow (i32.const 1)))
      (if (i32.eq (local.get $old) (i32.const -1)) (then unreachable))
      (br_if $again (i32.lt_u (local.get $old) (i32.const 16383))))))

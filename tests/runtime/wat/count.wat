;; Fuel is one unit per instruction executed. For count(n): `loop` (1), the body 8 times per
;; iteration (local.get, i32.const, i32.add, local.set, local.get, local.get, i32.lt_u, br_if),
;; then the loop's `end`, local.get and the function's `end` (3): 8n + 4.
(module
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))

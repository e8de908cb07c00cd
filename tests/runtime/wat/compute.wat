;; A computation for the fuel tests: recursion, loops, memory traffic and branches.
(module
  (memory 1)
  (func $fib (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $fill (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  (func $sum (param $n i32) (result i64)
    (local $i i32) (local $acc i64)
    (loop $next
      (local.set $acc (i64.add (local.get $acc) (i64.load32_u (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $acc))
  (func (export "compute") (param $n i32) (result i64)
    (call $fill (local.get $n))
    (i64.add (call $sum (local.get $n)) (i64.extend_i32_u (call $fib (i32.const 18))))))

;; Three frames deep, then a division by zero: the backtrace names all three.
(module
  (func $inner (param i32) (result i32)
    (i32.div_s (i32.const 100) (local.get 0)))
  (func $middle (param i32) (result i32)
    (i32.add (call $inner (local.get 0)) (i32.const 1)))
  (func $outer (export "outer") (param i32) (result i32)
    (call $middle (local.get 0)))
  (func $recurse (export "recurse") (param i32) (result i32)
    (call $recurse (i32.add (local.get 0) (i32.const 1)))))

;; Imports from another instance: a function, the memory and a mutable global.
(module
  (import "plugin" "fib" (func $fib (param i32) (result i32)))
  (import "plugin" "memory" (memory 1))
  (import "plugin" "counter" (global $counter (mut i32)))
  (func (export "fib_plus_byte") (param i32) (result i32)
    (global.set $counter (i32.const 100))
    (i32.add (call $fib (local.get 0)) (i32.load8_u (i32.const 64)))))

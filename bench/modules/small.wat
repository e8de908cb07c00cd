;; A small module with some of everything to instantiate: memory with data, a table with
;; elements, globals, a start function.
(module
  (memory 1)
  (data (i32.const 16) "hello, instantiation")
  (table 8 funcref)
  (elem (i32.const 0) $a $b $a $b)
  (global $g (mut i32) (i32.const 0))
  (global (export "k") i64 (i64.const 42))
  (func $a (result i32) (i32.const 1))
  (func $b (result i32) (i32.const 2))
  (func $start (global.set $g (i32.const 7)))
  (start $start)
  (func (export "run") (result i32) (call_indirect (result i32) (i32.const 1)))
  (export "memory" (memory 0)))

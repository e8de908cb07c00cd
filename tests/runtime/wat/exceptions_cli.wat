;; wrt-run and exceptions: one caught three frames down (legacy try/catch, as clang emits), one
;; that nothing catches (wrt-run reports its tag and payload, and exits with 134).
(module
  (tag $failure (export "failure") (param i32 i64))
  (func $inner (param $x i32) (result i32)
    (if (i32.ge_s (local.get $x) (i32.const 10))
      (then (throw $failure (local.get $x) (i64.const -2))))
    (i32.mul (local.get $x) (i32.const 2)))
  (func $middle (param $x i32) (result i32) (i32.add (call $inner (local.get $x)) (i32.const 1)))
  (func $outer (param $x i32) (result i32) (call $middle (local.get $x)))
  (func (export "checked") (param $x i32) (result i32)
    (try (result i32)
      (do (call $outer (local.get $x)))
      (catch $failure (drop) (i32.mul (i32.const -1)))))
  (func (export "unchecked") (param $x i32) (result i32)
    (call $outer (local.get $x))))

;; Calls into the host: a plain function, one that reads guest memory, one that may suspend,
;; and one that calls back into WebAssembly.
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "checksum" (func $checksum (param i32 i32) (result i32)))
  (import "env" "ask" (func $ask (param i32) (result i32)))
  (import "env" "reenter" (func $reenter (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "WebAssembly")
  (func (export "sum3") (param i32 i32 i32) (result i32)
    (call $add (call $add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "check") (result i32)
    (call $checksum (i32.const 16) (i32.const 11)))
  (func (export "question") (param i32) (result i32)
    (i32.mul (call $ask (local.get 0)) (i32.const 2)))
  (func (export "double") (param i32) (result i32)
    (i32.add (local.get 0) (local.get 0)))
  (func (export "via_host") (param i32) (result i32)
    (i32.add (call $reenter (local.get 0)) (i32.const 1))))

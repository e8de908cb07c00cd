;; Links only when "a" is the exporter module, not the current one.
(module
  (import "a" "one" (func $one (result i32)))
  (func (export "call-one") (result i32) call $one))

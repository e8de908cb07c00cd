;; Registered by name ($A) while another module is current.
(module
  (func $one (export "one") (result i32) i32.const 1)
  (func (export "ref") (result funcref) ref.func $one)
  (func (export "null") (result funcref) ref.null func)
  (func (export "pick") (param i32) (result i32) local.get 0))

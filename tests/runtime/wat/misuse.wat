;; The API misuse tests' module: host imports that call back into WebAssembly, suspend or take
;; no parameters, a re-exported host function, references in a table and a global.
(module
  (type $unary (func (param i32) (result i32)))
  (import "env" "call_back" (func $call_back (param i32) (result i32)))
  (import "env" "now" (func $now (result i64)))
  (import "env" "tick" (func $tick))
  (import "env" "wait" (func $wait (param i32) (result i32)))
  (import "env" "make_ref" (func $make_ref (result funcref)))
  (memory (export "memory") 1 4)
  (table $table (export "table") 2 funcref)
  (global (export "ref") (mut funcref) (ref.null func))
  (global $calls (export "calls") (mut i32) (i32.const 0))
  (elem (i32.const 0) $square)
  ;; The host function, exported as it is: invoke() calls it directly, with no WebAssembly frame.
  (export "call_back_direct" (func $call_back))
  (func $square (export "square") (param i32) (result i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.mul (local.get 0) (local.get 0)))
  ;; Calls the host, which may call back into this or another instance; adds a marker after.
  (func (export "enter") (param i32) (result i32)
    (i32.add (call $call_back (local.get 0)) (i32.const 1000)))
  (func (export "now") (result i64) (call $now))
  (func (export "tick") (call $tick))
  (func (export "asks") (param i32) (result i32)
    (i32.add (call $wait (local.get 0)) (i32.const 1)))
  ;; Calls through table slot `slot` with argument `x`.
  (func (export "call_slot") (param $slot i32) (param $x i32) (result i32)
    (call_indirect $table (type $unary) (local.get $x) (local.get $slot)))
  ;; Stores the reference the host makes into table slot 1 and calls it with 7.
  (func (export "store_host_ref") (result i32)
    (table.set $table (i32.const 1) (call $make_ref))
    (call_indirect $table (type $unary) (i32.const 7) (i32.const 1)))
  (func (export "spin") (param $n i32) (result i32)
    (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $i))
  (func (export "is_null") (param funcref) (result i32) (ref.is_null (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0))))

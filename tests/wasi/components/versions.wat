;; A component that imports two 0.2.x versions of the same WASI interfaces at once (as the
;; preview-1 adapter may): wasi:cli/environment@0.2.0 and @0.2.3, and wasi:io/poll +
;; wasi:clocks/monotonic-clock at both versions, each version with its own pollable type. One
;; host definition serves both (semver-compatible names; one resource table for both types).
;; Exports: count-0 / count-3 (the arguments seen through each version), ready-0 / ready-3 (a
;; pollable of each version, made, asked and dropped). Made into versions.component.wasm by
;; regenerate.sh (jco parse).
(component
  (import "wasi:cli/environment@0.2.0" (instance $e0 (export "get-arguments" (func (result (list string))))))
  (import "wasi:cli/environment@0.2.3" (instance $e3 (export "get-arguments" (func (result (list string))))))
  (import "wasi:io/poll@0.2.0" (instance $p0
    (export "pollable" (type $t (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow $t)) (result bool)))))
  (import "wasi:io/poll@0.2.3" (instance $p3
    (export "pollable" (type $t (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow $t)) (result bool)))))
  (alias export $p0 "pollable" (type $pollable0))
  (alias export $p3 "pollable" (type $pollable3))
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $c0
    (alias outer 1 $pollable0 (type $outer))
    (export "pollable" (type $t (eq $outer)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $t))))))
  (import "wasi:clocks/monotonic-clock@0.2.3" (instance $c3
    (alias outer 1 $pollable3 (type $outer))
    (export "pollable" (type $t (eq $outer)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $t))))))

  (core module $Memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))

  (alias export $e0 "get-arguments" (func $args0))
  (alias export $e3 "get-arguments" (func $args3))
  (alias export $p0 "[method]pollable.ready" (func $ready0))
  (alias export $p3 "[method]pollable.ready" (func $ready3))
  (alias export $c0 "subscribe-duration" (func $sub0))
  (alias export $c3 "subscribe-duration" (func $sub3))
  (core func $args0-low (canon lower (func $args0) (memory $mem) (realloc $realloc)))
  (core func $args3-low (canon lower (func $args3) (memory $mem) (realloc $realloc)))
  (core func $ready0-low (canon lower (func $ready0)))
  (core func $ready3-low (canon lower (func $ready3)))
  (core func $sub0-low (canon lower (func $sub0)))
  (core func $sub3-low (canon lower (func $sub3)))
  (core func $drop0 (canon resource.drop $pollable0))
  (core func $drop3 (canon resource.drop $pollable3))

  (core module $Main
    (import "memory" "memory" (memory 1))
    (import "host" "args0" (func $args0 (param i32)))
    (import "host" "args3" (func $args3 (param i32)))
    (import "host" "ready0" (func $ready0 (param i32) (result i32)))
    (import "host" "ready3" (func $ready3 (param i32) (result i32)))
    (import "host" "sub0" (func $sub0 (param i64) (result i32)))
    (import "host" "sub3" (func $sub3 (param i64) (result i32)))
    (import "host" "drop0" (func $drop0 (param i32)))
    (import "host" "drop3" (func $drop3 (param i32)))
    (func (export "count-0") (result i32) (call $args0 (i32.const 16)) (i32.load (i32.const 20)))
    (func (export "count-3") (result i32) (call $args3 (i32.const 16)) (i32.load (i32.const 20)))
    (func (export "ready-0") (result i32)
      (local $h i32) (local $r i32)
      (local.set $h (call $sub0 (i64.const 0)))
      (local.set $r (call $ready0 (local.get $h)))
      (call $drop0 (local.get $h))
      (local.get $r))
    (func (export "ready-3") (result i32)
      (local $h i32) (local $r i32)
      (local.set $h (call $sub3 (i64.const 0)))
      (local.set $r (call $ready3 (local.get $h)))
      (call $drop3 (local.get $h))
      (local.get $r)))
  (core instance $main (instantiate $Main
    (with "memory" (instance $memory))
    (with "host" (instance
      (export "args0" (func $args0-low)) (export "args3" (func $args3-low))
      (export "ready0" (func $ready0-low)) (export "ready3" (func $ready3-low))
      (export "sub0" (func $sub0-low)) (export "sub3" (func $sub3-low))
      (export "drop0" (func $drop0)) (export "drop3" (func $drop3))))))
  (func (export "count-0") (result u32) (canon lift (core func $main "count-0")))
  (func (export "count-3") (result u32) (canon lift (core func $main "count-3")))
  (func (export "ready-0") (result bool) (canon lift (core func $main "ready-0")))
  (func (export "ready-3") (result bool) (canon lift (core func $main "ready-3")))
)

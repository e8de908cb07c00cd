;; A component for the tests of host streams and futures whose elements are not numbers
;; (tests/component/host_stream_test.cpp, HostValueStreams), made into
;; value_streams.component.wasm by tests/component/regenerate_wat_components.sh (jco parse).
;;
;;   total(in: stream<string>) -> u32
;;     one synchronous read of up to 8 strings (the host has written already), then drops `in`;
;;     returns (strings << 24) | (their total length << 8) | the first string's first byte.
;;   people: async func() -> stream<person>
;;     returns a stream, then writes three records to it (ann 20, bob 31, cy 42), blocking in
;;     stream.write until the host has read them all; then drops it.
;;   first-name(f: future<person>) -> string
;;     one synchronous read of the future (the host has written already): the person's name.
(component
  (core module $Libc
    (memory (export "mem") 1)
    (data (i32.const 512) "ann")
    (data (i32.const 520) "bob")
    (data (i32.const 528) "cy")
    ;; the three records at 1024: (name pointer, name length, age)
    (data (i32.const 1024) "\00\02\00\00\03\00\00\00\14\00\00\00")
    (data (i32.const 1036) "\08\02\00\00\03\00\00\00\1f\00\00\00")
    (data (i32.const 1048) "\10\02\00\00\02\00\00\00\2a\00\00\00")
    (global $bump (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $bump))
      (global.set $bump (i32.add (global.get $bump)
        (i32.and (i32.add (local.get 3) (i32.const 7)) (i32.const -8))))
      (local.get $r)))
  (core instance $libc (instantiate $Libc))
  (type $person-def (record (field "name" string) (field "age" u32)))
  (export $person "person" (type $person-def))
  (type $SS (stream string))
  (type $SP (stream $person))
  (type $FP (future $person))
  (core func $ss.read (canon stream.read $SS (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core func $ss.drop-readable (canon stream.drop-readable $SS))
  (core func $sp.new (canon stream.new $SP))
  (core func $sp.write (canon stream.write $SP (memory (core memory $libc "mem"))))
  (core func $sp.drop-writable (canon stream.drop-writable $SP))
  (core func $fp.read (canon future.read $FP (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core func $fp.drop-readable (canon future.drop-readable $FP))
  (core func $people.return (canon task.return (result $SP) (memory (core memory $libc "mem"))))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "ss.read" (func $ss.read (param i32 i32 i32) (result i32)))
    (import "" "ss.drop-readable" (func $ss.drop-readable (param i32)))
    (import "" "sp.new" (func $sp.new (result i64)))
    (import "" "sp.write" (func $sp.write (param i32 i32 i32) (result i32)))
    (import "" "sp.drop-writable" (func $sp.drop-writable (param i32)))
    (import "" "fp.read" (func $fp.read (param i32 i32) (result i32)))
    (import "" "fp.drop-readable" (func $fp.drop-readable (param i32)))
    (import "" "people.return" (func $people.return (param i32)))
    (func (export "total") (param $in i32) (result i32)
      (local $ret i32) (local $n i32) (local $i i32) (local $sum i32)
      ;; 256: up to 8 strings as (pointer, length)
      (local.set $ret (call $ss.read (local.get $in) (i32.const 256) (i32.const 8)))
      (local.set $n (i32.shr_u (local.get $ret) (i32.const 4)))
      (block $end
        (loop $each
          (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $sum (i32.add (local.get $sum)
            (i32.load offset=260 (i32.mul (local.get $i) (i32.const 8)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $each)))
      (call $ss.drop-readable (local.get $in))
      (i32.or (i32.or (i32.shl (local.get $n) (i32.const 24)) (i32.shl (local.get $sum) (i32.const 8)))
        (if (result i32) (local.get $n)
          (then (i32.load8_u (i32.load (i32.const 256))))
          (else (i32.const 0)))))
    (func (export "people")
      (local $ret64 i64) (local $tx i32) (local $at i32) (local $ret i32)
      (local.set $ret64 (call $sp.new))
      (local.set $tx (i32.wrap_i64 (i64.shr_u (local.get $ret64) (i64.const 32))))
      (call $people.return (i32.wrap_i64 (local.get $ret64)))
      (block $done
        (loop $writes
          (br_if $done (i32.ge_u (local.get $at) (i32.const 3)))
          (local.set $ret (call $sp.write (local.get $tx)
            (i32.add (i32.const 1024) (i32.mul (local.get $at) (i32.const 12)))
            (i32.sub (i32.const 3) (local.get $at))))
          ;; the reader dropped its end: stop
          (br_if $done (i32.eq (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1)))
          (local.set $at (i32.add (local.get $at) (i32.shr_u (local.get $ret) (i32.const 4))))
          (br $writes)))
      (call $sp.drop-writable (local.get $tx)))
    (func (export "first-name") (param $f i32) (result i32)
      ;; 64: the person (name pointer, name length, age)
      (if (i32.ne (call $fp.read (local.get $f) (i32.const 64)) (i32.const 0 (; COMPLETED ;)))
        (then unreachable))
      (call $fp.drop-readable (local.get $f))
      (i32.const 64)))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $libc "mem"))
    (export "ss.read" (func $ss.read))
    (export "ss.drop-readable" (func $ss.drop-readable))
    (export "sp.new" (func $sp.new))
    (export "sp.write" (func $sp.write))
    (export "sp.drop-writable" (func $sp.drop-writable))
    (export "fp.read" (func $fp.read))
    (export "fp.drop-readable" (func $fp.drop-readable))
    (export "people.return" (func $people.return))))))
  (func (export "total") (param "in" $SS) (result u32)
    (canon lift (core func $m "total") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func (export "people") async (result $SP)
    (canon lift (core func $m "people") async (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (func (export "first-name") (param "f" $FP) (result string)
    (canon lift (core func $m "first-name") (memory (core memory $libc "mem")) (realloc (core func $libc "realloc")))))

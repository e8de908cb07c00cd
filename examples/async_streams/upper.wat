;; The component of examples/async_streams (made into upper.component.wasm by regenerate.sh):
;;
;;   upper: async func(in: stream<u8>) -> stream<u8>
;;     returns a stream at once, then copies the bytes of `in` to it in ASCII upper case,
;;     64 bytes at a time, yielding after each chunk, until `in` ends; then it ends its stream.
;;   spin: async func(rounds: u32) -> u32
;;     a second task that computes while `upper` waits for bytes: `rounds` rounds of an
;;     xorshift generator, yielding to other tasks every 1000 rounds; returns the last value.
;;
;; Both are lifted `async` without a callback: each task runs on a thread of its own that
;; blocks in the synchronous stream.read / stream.write (a suspended interpreter execution).
(component
  (core module $Memory (memory (export "mem") 1))
  (core instance $memory (instantiate $Memory))
  (core module $Main
    (import "" "mem" (memory 1))
    (import "" "stream.new" (func $stream.new (result i64)))
    (import "" "stream.read" (func $stream.read (param i32 i32 i32) (result i32)))
    (import "" "stream.write" (func $stream.write (param i32 i32 i32) (result i32)))
    (import "" "stream.drop-readable" (func $stream.drop-readable (param i32)))
    (import "" "stream.drop-writable" (func $stream.drop-writable (param i32)))
    (import "" "upper.return" (func $upper.return (param i32)))
    (import "" "spin.return" (func $spin.return (param i32)))
    (import "" "thread.yield" (func $thread.yield (result i32)))

    ;; Buffer: 64 bytes at 256.
    (func (export "upper") (param $in i32)
      (local $ret i32) (local $ret64 i64) (local $rx i32) (local $tx i32)
      (local $n i32) (local $i i32) (local $c i32) (local $done i32) (local $at i32)
      (local.set $ret64 (call $stream.new))
      (local.set $rx (i32.wrap_i64 (local.get $ret64)))
      (local.set $tx (i32.wrap_i64 (i64.shr_u (local.get $ret64) (i64.const 32))))
      (call $upper.return (local.get $rx))
      (block $end
        (loop $chunks
          ;; n = bytes read; a DROPPED result (1) means the writer ended
          (local.set $ret (call $stream.read (local.get $in) (i32.const 256) (i32.const 64)))
          (local.set $n (i32.shr_u (local.get $ret) (i32.const 4)))
          (local.set $done (i32.eq (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1)))
          (local.set $i (i32.const 0))
          (block $converted
            (loop $bytes
              (br_if $converted (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $c (i32.load8_u offset=256 (local.get $i)))
              (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
                (then (i32.store8 offset=256 (local.get $i) (i32.sub (local.get $c) (i32.const 32)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $bytes)))
          ;; write all n bytes (a write may take part of them)
          (local.set $at (i32.const 0))
          (block $written
            (loop $writes
              (br_if $written (i32.ge_u (local.get $at) (local.get $n)))
              (local.set $ret (call $stream.write (local.get $tx)
                (i32.add (i32.const 256) (local.get $at)) (i32.sub (local.get $n) (local.get $at))))
              ;; the reader dropped its end: stop
              (br_if $end (i32.eq (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1)))
              (local.set $at (i32.add (local.get $at) (i32.shr_u (local.get $ret) (i32.const 4))))
              (br $writes)))
          ;; let other tasks run between chunks (scheduling is cooperative: a slice of fuel
          ;; that runs out pauses a thread, and the next step continues that same thread)
          (drop (call $thread.yield))
          (br_if $chunks (i32.eqz (local.get $done)))))
      (call $stream.drop-readable (local.get $in))
      (call $stream.drop-writable (local.get $tx)))

    (func (export "spin") (param $rounds i32)
      (local $x i32) (local $i i32)
      (local.set $x (i32.const 2463534242))
      (block $done
        (loop $round
          (br_if $done (i32.ge_u (local.get $i) (local.get $rounds)))
          (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
          (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
          (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 1000)))
            (then (drop (call $thread.yield))))
          (br $round)))
      (call $spin.return (local.get $x)))
  )
  (type $ST (stream u8))
  (canon stream.new $ST (core func $stream.new))
  (canon stream.read $ST (memory (core memory $memory "mem")) (core func $stream.read))
  (canon stream.write $ST (memory (core memory $memory "mem")) (core func $stream.write))
  (canon stream.drop-readable $ST (core func $stream.drop-readable))
  (canon stream.drop-writable $ST (core func $stream.drop-writable))
  (canon task.return (result $ST) (core func $upper.return))
  (canon task.return (result u32) (core func $spin.return))
  (canon thread.yield (core func $thread.yield))
  (core instance $main (instantiate $Main (with "" (instance
    (export "mem" (memory $memory "mem"))
    (export "stream.new" (func $stream.new))
    (export "stream.read" (func $stream.read))
    (export "stream.write" (func $stream.write))
    (export "stream.drop-readable" (func $stream.drop-readable))
    (export "stream.drop-writable" (func $stream.drop-writable))
    (export "upper.return" (func $upper.return))
    (export "spin.return" (func $spin.return))
    (export "thread.yield" (func $thread.yield))
  ))))
  (func (export "upper") async (param "in" $ST) (result $ST)
    (canon lift (core func $main "upper") async (memory (core memory $memory "mem"))))
  (func (export "spin") async (param "rounds" u32) (result u32)
    (canon lift (core func $main "spin") async))
)

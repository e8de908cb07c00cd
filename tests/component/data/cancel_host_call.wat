;; A component for the tests of cancelling an async host function's call
;; (tests/component/canon_async_test.cpp, AsyncHostCancel), made into
;; cancel_host_call.component.wasm by tests/component/regenerate_wat_components.sh (jco parse).
;;
;;   run: async func(x: u32) -> u32
;;     calls the host's `slow(x)` with an async lowering (it must not have returned yet),
;;     cancels the subtask with a synchronous subtask.cancel (which waits until it resolves),
;;     drops it and returns state * 1000 + the result when it returned (state 2), else 0:
;;     4000 when the host resolved it as cancelled, 2000 + result when it returned anyway.
(component
  (import "host" (instance $host (export "slow" (func async (param "x" u32) (result u32)))))
  (core module $Libc (memory (export "mem") 1))
  (core instance $libc (instantiate $Libc))
  (core func $slow (canon lower (func $host "slow") async (memory (core memory $libc "mem"))))
  (core func $subtask.cancel (canon subtask.cancel))
  (core func $subtask.drop (canon subtask.drop))
  (core func $task.return (canon task.return (result u32)))
  (core module $M
    (import "" "mem" (memory 1))
    (import "" "slow" (func $slow (param i32 i32) (result i32)))
    (import "" "subtask.cancel" (func $subtask.cancel (param i32) (result i32)))
    (import "" "subtask.drop" (func $subtask.drop (param i32)))
    (import "" "task.return" (func $task.return (param i32)))
    (func (export "run") (param $x i32)
      (local $ret i32) (local $subtask i32) (local $state i32)
      ;; the result goes to 16; ret = state | (subtask << 4)
      (local.set $ret (call $slow (local.get $x) (i32.const 16)))
      (if (i32.ne (i32.and (local.get $ret) (i32.const 0xf)) (i32.const 1 (; STARTED ;)))
        (then unreachable))
      (local.set $subtask (i32.shr_u (local.get $ret) (i32.const 4)))
      (local.set $state (call $subtask.cancel (local.get $subtask)))
      (call $subtask.drop (local.get $subtask))
      (call $task.return (i32.add (i32.mul (local.get $state) (i32.const 1000))
        (if (result i32) (i32.eq (local.get $state) (i32.const 2 (; RETURNED ;)))
          (then (i32.load (i32.const 16)))
          (else (i32.const 0)))))))
  (core instance $m (instantiate $M (with "" (instance
    (export "mem" (memory $libc "mem"))
    (export "slow" (func $slow))
    (export "subtask.cancel" (func $subtask.cancel))
    (export "subtask.drop" (func $subtask.drop))
    (export "task.return" (func $task.return))))))
  (func (export "run") async (param "x" u32) (result u32)
    (canon lift (core func $m "run") async)))

;; Tail calls (return_call, return_call_indirect): loops written as recursion, tail calls to
;; the host, and a tail call into another instance (tail_call_test.cpp).
(module
  (import "env" "ask" (func $ask (param i64) (result i64)))       ;; may suspend
  (import "other" "peek" (func $peek (param i32) (result i32)))   ;; reads the other instance's memory
  (memory 1)
  (data (i32.const 0) "\07")
  (type $step (func (param i64 i64) (result i64)))
  (table funcref (elem $even $odd))

  ;; count(n, acc) = acc + n, one tail call per step.
  (func $count (export "count") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $count (i64.sub (local.get $n) (i64.const 1))
                                (i64.add (local.get $acc) (i64.const 1))))))

  ;; The same loop with plain calls: each step keeps its frame.
  (func $count_call (export "count_call") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (call $count_call (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $acc) (i64.const 1))))))

  ;; parity(n): even and odd call each other through the table; the second parameter is a
  ;; local that the callee's frame must not inherit (it has more locals than parameters).
  (func $even (type $step) (local $scratch i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.add (local.get 1) (local.get $scratch)))
      (else (local.set $scratch (i64.const 100))
            (return_call_indirect (type $step) (i64.sub (local.get 0) (i64.const 1)) (i64.const 0) (i32.const 1)))))
  (func $odd (type $step)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 1))
      (else (return_call_indirect (type $step) (i64.sub (local.get 0) (i64.const 1)) (i64.const 0) (i32.const 0)))))
  (func (export "parity") (param i64) (result i64)
    (return_call $even (local.get 0) (i64.const 0)))

  ;; A tail call to the host, whose results are this function's; the host may suspend.
  (func (export "ask_twice") (param i64) (result i64)
    (return_call $ask (i64.mul (local.get 0) (i64.const 2))))
  (func (export "ask_plus_one") (param i64) (result i64)
    (i64.add (call $ask_tail (local.get 0)) (i64.const 1)))
  (func $ask_tail (param i64) (result i64)
    (return_call $ask (local.get 0)))

  ;; A tail call into another instance, then back here: memory 0 must follow the instance.
  (func $peek_tail (param i32) (result i32)
    (return_call $peek (local.get 0)))
  (func (export "peek_both") (result i32)
    ;; the other instance's byte at 0 (42) * 256 + this instance's (7)
    (i32.add (i32.mul (call $peek_tail (i32.const 0)) (i32.const 256)) (i32.load8_u (i32.const 0))))

  ;; A wrong indirect tail call traps as call_indirect does.
  (func (export "bad_indirect") (result i64)
    (return_call_indirect (type $step) (i64.const 0) (i64.const 0) (i32.const 5))))

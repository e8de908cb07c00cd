;; The other instance of tail_call_test.cpp: a function that reads its own memory, which a
;; tail call from tail.wat reaches.
(module
  (memory 1)
  (data (i32.const 0) "\2a")
  (func (export "peek") (param i32) (result i32)
    (i32.load8_u (local.get 0))))

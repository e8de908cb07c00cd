;; Multi-memory and memory64/table64 (tests/api/memories_test.cpp): several memories, one of
;; them 64-bit, copies between them, bounds near 2^64, growth refused by limits. (table64 and
;; offsets beyond 32 bits are covered by the 3.0 spec tests: wabt 1.0.32 cannot write them.)
(module
  (memory $m0 1)
  (memory $m1 i64 1 3)
  (memory $m2 0 1)
  (memory $big i64 0 0x100000)  ;; a maximum of 64 GiB: beyond the embedder's default 4 GiB
  (export "m1" (memory $m1))
  (data (memory $m1) (i64.const 0xFFF0) "abcd")
  (func (export "load1") (param i64) (result i32) (i32.load8_u $m1 (local.get 0)))
  (func (export "load1_off16") (param i64) (result i32)
    (i32.load8_u $m1 offset=0x10 (local.get 0)))
  (func (export "store1") (param i64 i32) (i32.store $m1 (local.get 0) (local.get 1)))
  (func (export "grow1") (param i64) (result i64) (memory.grow $m1 (local.get 0)))
  (func (export "size1") (result i64) (memory.size $m1))
  (func (export "copy_1_to_0") (param i32 i64 i32) (memory.copy $m0 $m1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill1") (param i64 i32 i64) (memory.fill $m1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "load0") (param i32) (result i32) (i32.load $m0 (local.get 0)))
  (func (export "store0") (param i32 i32) (i32.store $m0 (local.get 0) (local.get 1)))
  (func (export "grow2") (param i32) (result i32) (memory.grow $m2 (local.get 0)))
  (func (export "load2") (param i32) (result i32) (i32.load8_u $m2 (local.get 0)))
  (func (export "grow_big") (param i64) (result i64) (memory.grow $big (local.get 0)))
)

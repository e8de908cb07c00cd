;; Memory growth against the module's maximum and the embedder's.
(module
  (memory (export "memory") 1 10)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size)))

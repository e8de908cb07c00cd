;; A memory of 65,536 initial pages (4 GiB, the most a 32-bit memory can have), never touched.
(module
  (memory (export "memory") 65536)
  (func (export "_start")))

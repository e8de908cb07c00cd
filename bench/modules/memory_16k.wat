;; A memory of 16,384 initial pages (1 GiB) that the program never touches: what instantiating
;; costs in time and resident memory (docs/performance.md, "Linear memory").
(module
  (memory (export "memory") 16384)
  (func (export "_start")))

;; A module in the text format, run by wrt-run as a .wasm would be (tests/wasi/CMakeLists.txt).
(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b))))

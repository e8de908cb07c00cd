// An export that counts the WASI arguments, for `wrt-run --invoke`: which arguments go to the
// program and which to the function. Built without the C library (no _start).
#include <stdint.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("args_sizes_get"))) int32_t
args_sizes_get(int32_t* argc, int32_t* buffer_size);

// 1000 * the program's argument count (argv[0] included) + x.
__attribute__((export_name("argc_plus"))) int32_t argc_plus(int32_t x) {
  int32_t argc = 0;
  int32_t size = 0;
  args_sizes_get(&argc, &size);
  return argc * 1000 + x;
}

// The plugin of the host_functions example: compiled from C for wasm32 without a libc
// (clang --target=wasm32-wasi -nostdlib -Wl,--no-entry), importing what the host gives it
// from "env" and exporting its functions and its memory.
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("print") void host_print(const char* text, int length);
IMPORT("user_name") int host_user_name(char* buffer, int capacity);
IMPORT("require_positive") int host_require_positive(int value);

static int length_of(const char* s) {
  int n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

static void print(const char* s) { host_print(s, length_of(s)); }

EXPORT("fib") int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// Asks the host for a name (the host writes it into our memory), then prints a greeting
// (the host reads it from our memory).
EXPORT("greet") int greet(void) {
  char name[32];
  int n = host_user_name(name, (int)sizeof name - 1);
  if (n < 0 || n >= (int)sizeof name) n = 0;
  name[n] = '\0';
  static char line[64];
  const char* parts[] = {"hello, ", name, "!"};
  int at = 0;
  for (int p = 0; p < 3; ++p) {
    for (const char* c = parts[p]; *c != '\0' && at < (int)sizeof line - 1; ++c) line[at++] = *c;
  }
  line[at] = '\0';
  print(line);
  return at;
}

// A buffer the host fills before calling checksum.
static unsigned char input[256];
EXPORT("input_buffer") unsigned char* input_buffer(void) { return input; }
EXPORT("checksum") unsigned checksum(int length) {
  unsigned h = 2166136261u;  // FNV-1a
  for (int i = 0; i < length && i < (int)sizeof input; ++i) h = (h ^ input[i]) * 16777619u;
  return h;
}

// The host refuses negative values by trapping.
EXPORT("checked_double") int checked_double(int value) { return 2 * host_require_positive(value); }

// Grows memory by `pages`: the instance's memory limit decides whether it may.
EXPORT("grow") int grow(int pages) { return __builtin_wasm_memory_grow(0, pages); }

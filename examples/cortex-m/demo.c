// The module the Cortex-M firmware runs: compiled from C for wasm32 without a libc, one 64 KiB
// page of linear memory (stack and data inside it), importing two host functions.
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("print") void host_print(const char* text, int length);
IMPORT("print_i32") void host_print_i32(const char* label, int length, int value);

static int length_of(const char* s) {
  int n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

EXPORT("hello") void hello(void) {
  const char* text = "hello from WebAssembly";
  host_print(text, length_of(text));
}

// Recursion: one WebAssembly frame per call.
EXPORT("fib") int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

// A loop over linear memory: the sieve of Eratosthenes in a byte array.
static unsigned char composite[8192];
EXPORT("primes_below") int primes_below(int n) {
  if (n > (int)sizeof composite) n = sizeof composite;
  for (int i = 0; i < n; ++i) composite[i] = 0;
  int count = 0;
  for (int i = 2; i < n; ++i) {
    if (composite[i]) continue;
    ++count;
    for (int j = i * i; j < n; j += i) composite[j] = 1;
  }
  const char* label = "primes counted";
  host_print_i32(label, length_of(label), count);
  return count;
}

// Traps (integer division by zero) when b is 0.
EXPORT("divide") int divide(int a, int b) { return a / b; }

// Long enough to need many fuel slices: the total of the Collatz step counts below n.
EXPORT("collatz_total") int collatz_total(int n) {
  int total = 0;
  for (int start = 1; start < n; ++start) {
    unsigned v = (unsigned)start;
    while (v != 1) {
      v = (v & 1) ? 3 * v + 1 : v / 2;
      ++total;
    }
  }
  return total;
}

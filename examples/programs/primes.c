// The quickstart's plugin: one host import (env.log) and one export (compute), compiled from C
// for wasm32 without a libc.
__attribute__((import_module("env"), import_name("log"))) void host_log(int value);

// The number of primes below x, by trial division: enough work that fuel matters.
__attribute__((export_name("compute"))) int compute(int x) {
  host_log(x);
  int count = 0;
  for (int n = 2; n < x; ++n) {
    int prime = 1;
    for (int d = 2; d * d <= n; ++d) {
      if (n % d == 0) {
        prime = 0;
        break;
      }
    }
    count += prime;
  }
  return count;
}

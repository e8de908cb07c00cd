// A worker for the event-loop example: it waits for the host twice per step (a fetch that
// completes later, a sleep) and computes in between, long enough to be preempted by fuel.
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("fetch") int host_fetch(int key);
IMPORT("sleep") void host_sleep(int milliseconds);

// Collatz steps: data-dependent, so the compiler cannot fold the loop away.
static int steps(unsigned value) {
  int n = 0;
  while (value > 1) {
    value = (value & 1) ? 3 * value + 1 : value / 2;
    ++n;
  }
  return n;
}

EXPORT("run") int run(int id, int rounds) {
  int total = 0;
  for (int round = 0; round < rounds; ++round) {
    int value = host_fetch(id * 100 + round);
    for (int k = 0; k < 200; ++k) total += steps((unsigned)(value + k));
    host_sleep(5 * (id + 1));
  }
  return total;
}

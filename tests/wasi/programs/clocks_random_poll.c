// Clocks, random bytes, sleeping (poll_oneoff with a clock) and sched_yield.
#include <poll.h>
#include <sched.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static long long ns(struct timespec ts) { return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec; }

int main(void) {
  struct timespec a, b, res;
  CHECK("monotonic clock", clock_gettime(CLOCK_MONOTONIC, &a) == 0);
  CHECK("realtime after 2020", clock_gettime(CLOCK_REALTIME, &b) == 0 && b.tv_sec > 1577836800);
  CHECK("resolution", clock_getres(CLOCK_MONOTONIC, &res) == 0 && ns(res) > 0 && ns(res) <= 1000000);
  // The CPU-time clocks are optional: WASI 0.2 has none, and the preview-1 adapter (as wasmtime)
  // reports EBADF for them.
  errno = 0;
  CHECK("process cpu clock or EBADF", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 || errno == EBADF);
  // nanosleep is poll_oneoff with a relative clock subscription.
  struct timespec sleep_for = {0, 20 * 1000 * 1000};
  CHECK("nanosleep", nanosleep(&sleep_for, NULL) == 0);
  CHECK("monotonic advanced by the sleep", clock_gettime(CLOCK_MONOTONIC, &b) == 0 && ns(b) - ns(a) >= 19 * 1000 * 1000);
  unsigned char bytes[64] = {0};
  CHECK("random_get", getentropy(bytes, sizeof bytes) == 0);
  int nonzero = 0;
  for (int i = 0; i < 64; ++i) nonzero += bytes[i] != 0;
  CHECK("random bytes are not all zero", nonzero > 32);
  CHECK("sched_yield", sched_yield() == 0);
  // poll on stdout (writable) with a timeout returns at once with it ready.
  struct pollfd p = {1, POLLOUT, 0};
  CHECK("poll stdout writable", poll(&p, 1, 1000) == 1 && (p.revents & POLLOUT));
  // poll with only a timeout sleeps.
  CHECK("poll timeout", poll(NULL, 0, 10) == 0);
  return done();
}

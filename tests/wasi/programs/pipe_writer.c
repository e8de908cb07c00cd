// Writes to stdout until a write fails, then says how on stderr: a program whose reader went
// away must get EPIPE (exit 7), not be killed with its runtime by SIGPIPE.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  static const char line[] = "a line that nobody reads\n";
  for (long i = 0; i < 100000000; ++i) {
    if (write(1, line, sizeof line - 1) < 0) {
      fprintf(stderr, "write failed: %s\n", errno == EPIPE ? "EPIPE" : strerror(errno));
      return errno == EPIPE ? 7 : 9;
    }
  }
  fprintf(stderr, "every write succeeded\n");
  return 8;
}

// Tiny self-checking helpers for the WASI test programs: each CHECK prints a PASS or FAIL line
// (stable text, so outputs can be compared with another runtime's), and done() exits 1 if any
// check failed.
#pragma once
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_failures = 0;

#define CHECK(name, cond)                                  \
  do {                                                     \
    if (cond) {                                            \
      printf("PASS %s\n", name);                           \
    } else {                                               \
      printf("FAIL %s (errno %d: %s)\n", name, errno, strerror(errno)); \
      ++g_failures;                                        \
    }                                                      \
  } while (0)

static int done(void) {
  printf("%s\n", g_failures == 0 ? "ALL PASSED" : "SOME FAILED");
  fflush(stdout);
  return g_failures == 0 ? 0 : 1;
}

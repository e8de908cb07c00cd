// Prints what the program sees as its name and its environment, for the wrt-run option tests.
#include <stdio.h>

extern char** environ;

int main(int argc, char** argv) {
  printf("argv0=%s argc=%d\n", argv[0], argc);
  for (char** e = environ; *e != NULL; ++e) printf("env %s\n", *e);
  return 0;
}

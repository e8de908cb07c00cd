// Traps with an integer division by zero two calls deep, when run without arguments.
#include <stdio.h>

__attribute__((noinline)) int divide(int a, int b) { return a / b; }

int main(int argc, char** argv) {
  (void)argv;
  printf("before the trap\n");
  fflush(stdout);
  printf("%d\n", divide(10, argc - 1));
  return 0;
}

// The bundled example program: greets, echoes its arguments and environment size, and sums a
// little array so there is some computation to see.
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  printf("hello from WebAssembly\n");
  for (int i = 1; i < argc; ++i) printf("arg %d: %s\n", i, argv[i]);
  int squares = 0;
  for (int i = 1; i <= 10; ++i) squares += i * i;
  printf("sum of the first ten squares: %d\n", squares);
  return 0;
}

// A module without imports or _start, for `wrt-run --invoke`.
__attribute__((export_name("add"))) int add(int a, int b) { return a + b; }
__attribute__((export_name("factorial"))) long long factorial(long long n) { return n <= 1 ? 1 : n * factorial(n - 1); }
__attribute__((export_name("scale"))) double scale(double x, float k) { return x * k; }
__attribute__((export_name("spin"))) int spin(int n) {
  volatile int x = 0;
  for (int i = 0; i < n; ++i) x = x + i;
  return x;
}
// Real recursion, one frame per level (the volatile read after the call keeps the compiler
// from turning it into a loop).
__attribute__((export_name("depth"))) int depth(int n) {
  if (n <= 0) return 0;
  volatile int here = n;
  int below = depth(n - 1);
  return below + here;
}

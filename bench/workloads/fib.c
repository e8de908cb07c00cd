/* fib.c - call-heavy workload.
 *
 * Exercises direct recursion (naive Fibonacci, Takeuchi), mutual recursion
 * (Hofstadter female/male sequences), deep-ish non-tail recursion
 * (Ackermann with m <= 3) and indirect calls through a function table.
 * Call overhead dominates; the arithmetic is trivial.
 *
 * Usage: fib [SCALE]   (work is proportional to SCALE)
 * Output: "fib: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCALE 400u
#define MAX_SCALE 1000000u

static uint32_t parse_scale(int argc, char **argv, uint32_t def)
{
    if (argc < 2)
        return def;
    char *end = NULL;
    unsigned long v = strtoul(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || v == 0 || v > MAX_SCALE) {
        fprintf(stderr, "usage: %s [SCALE]  (1..%u)\n", argv[0], MAX_SCALE);
        exit(2);
    }
    return (uint32_t)v;
}

static uint32_t fib(uint32_t n)
{
    if (n < 2)
        return n;
    return fib(n - 1) + fib(n - 2);
}

static int32_t tak(int32_t x, int32_t y, int32_t z)
{
    if (y >= x)
        return z;
    return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
}

/* Hofstadter female and male sequences: F(0)=1, M(0)=0,
 * F(n) = n - M(F(n-1)), M(n) = n - F(M(n-1)).  Always 0 <= F(n), M(n) <= n. */
static uint32_t hof_m(uint32_t n);

static uint32_t hof_f(uint32_t n)
{
    if (n == 0)
        return 1;
    return n - hof_m(hof_f(n - 1));
}

static uint32_t hof_m(uint32_t n)
{
    if (n == 0)
        return 0;
    return n - hof_f(hof_m(n - 1));
}

/* Ackermann function; only called with m <= 3 and small n so that the
 * recursion depth stays below a few hundred frames. */
static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

/* A table of small functions called indirectly. */
typedef uint32_t (*op_fn)(uint32_t, uint32_t);

static uint32_t op_add(uint32_t a, uint32_t b) { return a + b; }
static uint32_t op_sub(uint32_t a, uint32_t b) { return a - b; }
static uint32_t op_mul(uint32_t a, uint32_t b) { return a * (b | 1u); }
static uint32_t op_xor(uint32_t a, uint32_t b) { return a ^ b; }
static uint32_t op_rotl(uint32_t a, uint32_t b)
{
    uint32_t s = b & 31u;
    return s ? (a << s) | (a >> (32u - s)) : a;
}
static uint32_t op_mix(uint32_t a, uint32_t b) { return (a ^ (a >> 15)) + b * 0x2c1b3c6du; }
static uint32_t op_min(uint32_t a, uint32_t b) { return (a < b ? a : b) + 0x9e3779b9u; }
static uint32_t op_div(uint32_t a, uint32_t b) { return a / ((b & 0xffu) + 1u) + b; }

static op_fn const op_table[8] = {
    op_add, op_sub, op_mul, op_xor, op_rotl, op_mix, op_min, op_div,
};

static uint32_t run_ops(uint32_t seed, uint32_t count)
{
    uint32_t acc = seed ^ 0x12345678u;
    uint32_t x = seed * 2654435761u + 1u;
    for (uint32_t i = 0; i < count; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        acc = op_table[x & 7u](acc, x >> 3);
    }
    return acc;
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < scale; i++) {
        uint32_t r;
        r = fib(24u + (i & 3u));
        h = (h ^ r) * 16777619u;
        r = (uint32_t)tak(18, 12 - (int32_t)(i % 3u), 6);
        h = (h ^ r) * 16777619u;
        r = hof_f(36u + (i & 3u)) + 31u * hof_m(35u + (i % 5u));
        h = (h ^ r) * 16777619u;
        r = ack(3u, 5u + (i & 1u));
        h = (h ^ r) * 16777619u;
        r = run_ops(i, 20000u);
        h = (h ^ r) * 16777619u;
    }

    printf("fib: %08x\n", (unsigned)h);
    return 0;
}

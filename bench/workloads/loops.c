/* loops.c - integer loop workload.
 *
 * Nested loops over 32- and 64-bit integers: Collatz trajectory lengths
 * (64-bit), Euclidean gcd with division/remainder (32-bit), binary gcd with
 * shifts (64-bit), SWAR popcount and bit reversal, integer square roots by
 * Newton iteration (64-bit division), and multiply/shift hashing.
 *
 * Usage: loops [SCALE]   (work is proportional to SCALE)
 * Output: "loops: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCALE 450u
#define MAX_SCALE 1000000u
#define NUMS_PER_UNIT 1000u

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

static uint32_t collatz_len(uint64_t n)
{
    uint32_t len = 0;
    while (n != 1u) {
        if (n & 1u)
            n = 3u * n + 1u;
        else
            n >>= 1;
        len++;
    }
    return len;
}

static uint32_t gcd32(uint32_t a, uint32_t b)
{
    while (b != 0u) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t bgcd64(uint64_t a, uint64_t b)
{
    if (a == 0u)
        return b;
    if (b == 0u)
        return a;
    unsigned shift = 0;
    while (((a | b) & 1u) == 0u) {
        a >>= 1;
        b >>= 1;
        shift++;
    }
    while ((a & 1u) == 0u)
        a >>= 1;
    do {
        while ((b & 1u) == 0u)
            b >>= 1;
        if (a > b) {
            uint64_t t = a;
            a = b;
            b = t;
        }
        b -= a;
    } while (b != 0u);
    return a << shift;
}

static uint32_t popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (uint32_t)((x * 0x0101010101010101ull) >> 56);
}

static uint32_t popcount32_loop(uint32_t x)
{
    uint32_t c = 0;
    while (x) {
        x &= x - 1u;
        c++;
    }
    return c;
}

static uint32_t reverse32(uint32_t x)
{
    x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    return (x >> 16) | (x << 16);
}

static uint64_t isqrt64(uint64_t n)
{
    if (n < 2u)
        return n;
    uint64_t x = n;
    uint64_t y = (x + 1u) / 2u;
    while (y < x) {
        x = y;
        y = (x + n / x) / 2u;
    }
    return x;
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint64_t h = 0x243f6a8885a308d3ull;
    uint32_t h32 = 0;

    for (uint32_t u = 0; u < scale; u++) {
        uint32_t base = 1u + u * NUMS_PER_UNIT;
        uint64_t acc = 0;
        uint32_t acc32 = 0;

        /* Collatz lengths and integer square roots (64-bit). */
        for (uint32_t k = 0; k < NUMS_PER_UNIT; k++) {
            uint64_t n = (uint64_t)base + k;
            acc += collatz_len(n);
            acc ^= isqrt64(mix64(n) >> (n & 15u)) << (k & 7u);
        }

        /* gcd sums over a small 2-D grid (nested loops, 32-bit division). */
        for (uint32_t a = 0; a < 40u; a++) {
            uint32_t x = base + a * 7919u;
            for (uint32_t b = 0; b < 25u; b++) {
                uint32_t y = reverse32(x + b) >> 8;
                acc32 += gcd32(x, y + 1u) * (b + 1u);
            }
        }

        /* Binary gcd and popcounts on 64-bit values. */
        uint64_t s = mix64(base);
        for (uint32_t k = 0; k < 300u; k++) {
            uint64_t p = mix64(s + k);
            uint64_t q = mix64(p) | 1u;
            acc += bgcd64(p & 0xffffffffffull, q & 0xffffffffffull);
            acc32 += popcount64(p ^ q) + popcount32_loop((uint32_t)(p >> 21));
        }

        /* A plain arithmetic triangle loop: shifts, multiplies, compares. */
        uint32_t t = base;
        for (uint32_t i = 0; i < 64u; i++) {
            for (uint32_t j = 0; j <= i; j++) {
                t = t * 1103515245u + 12345u;
                t ^= (t >> (j & 15u)) + (i << 3);
                if (t & 0x100u)
                    acc32 += t >> 20;
                else
                    acc32 -= (t << 3) | j;
            }
        }

        h = mix64(h ^ acc) + u;
        h32 = (h32 ^ acc32) * 16777619u + (uint32_t)(h >> 32);
    }

    printf("loops: %016llx%08x\n", (unsigned long long)h, (unsigned)h32);
    return 0;
}

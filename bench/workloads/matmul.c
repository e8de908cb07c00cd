/* matmul.c - dense double-precision matrix multiply.
 *
 * Repeatedly computes C = A * B for N x N matrices of doubles (i-k-j loop
 * order), then renormalises C by its Frobenius norm (sqrt) and feeds it back
 * as the next A.  Only + - * / and sqrt are used, so results are bit-exact
 * across IEEE-754 targets; the checksum hashes the raw bits of every element.
 *
 * Usage: matmul [SCALE]   (SCALE = number of multiplications)
 * Output: "matmul: <hex checksum>"
 */
/* Results must be bit-identical on every target: forbid fusing a*b+c into
 * an FMA (clang would otherwise also constant-fold such expressions with
 * fused rounding).  GCC only contracts when the target has FMA; build with
 * -ffp-contract=off if you enable such a target. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 130u
#define MAX_SCALE 1000000u
#define N 200u

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

static double A[N][N], B[N][N], C[N][N];

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rng_state = x;
    return x;
}

/* Uniform double in [-1, 1) with 53 random bits (exact conversion). */
static double rng_double(void)
{
    return (double)(rng_next() >> 11) * (1.0 / 4503599627370496.0) - 1.0;
}

static uint64_t double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint64_t hash_step(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;
    h ^= h >> 29;
    return h;
}

static void multiply(void)
{
    for (uint32_t i = 0; i < N; i++) {
        for (uint32_t j = 0; j < N; j++)
            C[i][j] = 0.0;
        for (uint32_t k = 0; k < N; k++) {
            double a = A[i][k];
            for (uint32_t j = 0; j < N; j++)
                C[i][j] += a * B[k][j];
        }
    }
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint64_t h = 0xcbf29ce484222325ull;

    for (uint32_t i = 0; i < N; i++)
        for (uint32_t j = 0; j < N; j++) {
            A[i][j] = rng_double();
            B[i][j] = rng_double();
        }

    for (uint32_t rep = 0; rep < scale; rep++) {
        multiply();

        double fro2 = 0.0;
        for (uint32_t i = 0; i < N; i++)
            for (uint32_t j = 0; j < N; j++)
                fro2 += C[i][j] * C[i][j];
        double fro = sqrt(fro2);
        double factor = (double)N / fro;
        h = hash_step(h, double_bits(fro));

        /* Next A = normalised C, with a tiny rep-dependent perturbation on
         * the diagonal so that the iteration does not settle. */
        for (uint32_t i = 0; i < N; i++)
            for (uint32_t j = 0; j < N; j++)
                A[i][j] = C[i][j] * factor;
        A[rep % N][(rep * 7u) % N] += 0.5;
    }

    for (uint32_t i = 0; i < N; i++)
        for (uint32_t j = 0; j < N; j++)
            h = hash_step(h, double_bits(C[i][j]));

    printf("matmul: %016llx\n", (unsigned long long)h);
    return 0;
}

/* sieve.c - sieve of Eratosthenes over a byte array, repeated.
 *
 * Each repetition clears a byte array (memset), crosses off composites with
 * strided stores, then scans the array counting and summing the primes.
 * The limit varies slightly between repetitions so every pass matters.
 *
 * Usage: sieve [SCALE]   (SCALE = number of sieve passes)
 * Output: "sieve: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 550u
#define MAX_SCALE 1000000u
#define BASE_LIMIT 200000u
#define LIMIT_STEP 997u
#define MAX_LIMIT (BASE_LIMIT + 15u * LIMIT_STEP)

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

static uint8_t composite[MAX_LIMIT + 1u];

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t h = 2166136261u;

    for (uint32_t rep = 0; rep < scale; rep++) {
        uint32_t limit = BASE_LIMIT + (rep & 15u) * LIMIT_STEP;

        memset(composite, 0, limit + 1u);
        composite[0] = 1;
        composite[1] = 1;
        for (uint32_t i = 2; i * i <= limit; i++) {
            if (!composite[i]) {
                for (uint32_t j = i * i; j <= limit; j += i)
                    composite[j] = 1;
            }
        }

        uint32_t count = 0, sum = 0, last = 0, twins = 0;
        for (uint32_t i = 2; i <= limit; i++) {
            if (!composite[i]) {
                count++;
                sum += i;
                if (i - last == 2u)
                    twins++;
                last = i;
            }
        }

        h = (h ^ count) * 16777619u;
        h = (h ^ sum) * 16777619u;
        h = (h ^ last) * 16777619u;
        h = (h ^ twins) * 16777619u;
    }

    printf("sieve: %08x\n", (unsigned)h);
    return 0;
}

/* memops.c - memory-heavy workload built on the libc mem* functions.
 *
 * Small operations (8..256 bytes, variable and compile-time-constant sizes)
 * and large ones (64 KiB .. 1 MiB): memcpy, memset, memmove with forward and
 * backward overlap, and memcmp (only the sign of its result is used, since
 * the magnitude is implementation-defined).  Built with -mbulk-memory, the
 * constant-size and large copies can map to memory.copy / memory.fill.
 * The checksum covers sampled bytes, memcmp signs and, at the end, the full
 * contents of both buffers.
 *
 * Usage: memops [SCALE]   (work is proportional to SCALE; every unit does
 *        SMALL_OPS_PER_UNIT small operations, every fourth unit one large set)
 * Output: "memops: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 3000u
#define MAX_SCALE 1000000u
#define BIG (1024u * 1024u)
#define SMALL_OPS_PER_UNIT 2000u
#define WINDOW 8192u

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

/* Slack after each buffer so that small operations near the end stay in
 * bounds without extra clamping. */
static uint8_t src[BIG + 512u];
static uint8_t dst[BIG + 512u];

static uint32_t rng = 0x1234abcdu;

static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint64_t h = 0xcbf29ce484222325ull;

static void mix(uint64_t v)
{
    h ^= v;
    h *= 0x100000001b3ull;
    h ^= h >> 31;
}

static int sign_of(int c) { return (c > 0) - (c < 0); }

static uint64_t hash_region(const uint8_t *p, uint32_t n)
{
    uint64_t acc = 0x9e3779b97f4a7c15ull ^ n;
    uint32_t i = 0;
    for (; i + 8u <= n; i += 8u) {
        uint64_t w;
        memcpy(&w, p + i, 8); /* native byte order: both targets are LE */
        acc = (acc ^ w) * 0xff51afd7ed558ccdull;
        acc ^= acc >> 29;
    }
    for (; i < n; i++)
        acc = (acc ^ p[i]) * 0x100000001b3ull;
    return acc;
}

struct rec {
    uint32_t a, b;
    uint8_t tag[24];
};

static void small_ops(uint32_t unit)
{
    uint32_t base = (unit * 40503u) % (BIG - WINDOW);
    int32_t cmp_sum = 0;

    for (uint32_t i = 0; i < SMALL_OPS_PER_UNIT; i++) {
        uint32_t r = next_rand();
        uint32_t n = 8u + (r % 249u);
        uint32_t o1 = base + ((r >> 8) % WINDOW);
        uint32_t o2 = base + ((r >> 18) % WINDOW);
        uint32_t d = 1u + ((r >> 3) & 31u);

        memcpy(dst + o1, src + o2, n);
        switch (r & 3u) {
        case 0: /* forward overlap: destination above source */
            memmove(dst + o1 + d, dst + o1, n);
            break;
        case 1: /* backward overlap: destination below source */
            memmove(dst + o1, dst + o1 + d, n);
            break;
        case 2:
            memset(dst + o1 + (n >> 2), (int)(r >> 24), n >> 1);
            break;
        default: {
            /* Constant-size copies (struct-sized, 16 and 64 bytes). */
            struct rec tmp;
            memcpy(&tmp, src + o2, sizeof tmp);
            tmp.a += i;
            memcpy(dst + o1, &tmp, sizeof tmp);
            memcpy(dst + o1 + 32u, src + o2 + 5u, 16);
            memcpy(src + o2 + 64u, dst + o1, 64);
            break;
        }
        }
        cmp_sum += sign_of(memcmp(dst + o1, src + o2, n));
        mix(dst[o1 + (n >> 1)] | ((uint64_t)n << 8));
    }
    mix((uint32_t)cmp_sum);
    mix(hash_region(dst + base, WINDOW));
}

static void large_ops(uint32_t unit)
{
    uint32_t len = (64u * 1024u) << (unit % 5u); /* 64 KiB .. 1 MiB */
    uint32_t off = (unit * 4099u) % 512u;
    int32_t s = 0;

    memcpy(dst, src + off, len);
    s += sign_of(memcmp(dst, src + off, len)); /* equal: scans all bytes */
    memmove(dst + 1 + (unit & 7u), dst, len - 16u); /* forward overlap */
    memmove(dst, dst + 3 + (unit & 3u), len - 16u); /* backward overlap */
    memset(dst + len / 2u, (int)(unit & 0xffu), len / 4u);
    s = s * 3 + sign_of(memcmp(dst, src + off, len));
    s = s * 3 + sign_of(memcmp(dst + len / 2u, dst + len / 2u + 1u, len / 4u - 1u));

    /* Feed part of the result back into src so later units see new data. */
    uint32_t back = (unit * 65537u) % (BIG - 4096u);
    memcpy(src + back, dst + (len >> 3), 4096u);

    mix((uint32_t)(s + 100));
    mix(dst[len - 17u] | ((uint64_t)dst[len / 2u - 1u] << 8) | ((uint64_t)dst[off] << 16));
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);

    for (uint32_t i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(next_rand() >> 24);
    memset(dst, 0x5a, sizeof dst);

    for (uint32_t u = 0; u < scale; u++) {
        small_ops(u);
        /* Large operations every fourth unit keep the small/large balance
         * reasonable for engines whose mem* functions are plain loops. */
        if ((u & 3u) == 0u)
            large_ops(u >> 2);
    }
    mix(hash_region(src, sizeof src));
    mix(hash_region(dst, sizeof dst));

    printf("memops: %016llx\n", (unsigned long long)h);
    return 0;
}

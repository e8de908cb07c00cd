/* sha256.c - SHA-256 (FIPS 180-4) over a generated buffer, chained.
 *
 * A 4 KiB buffer is filled from a deterministic PRNG.  Each round writes the
 * previous digest into the buffer at a moving offset and hashes the whole
 * buffer (streaming interface, uneven chunk sizes), so every digest depends
 * on all earlier ones.  Exercises 32-bit rotates, shifts, adds and
 * big-endian byte loads/stores.  A known-answer self-test runs first.
 *
 * Usage: sha256 [SCALE]   (SCALE * ROUNDS_PER_UNIT hashes of 4 KiB)
 * Output: "sha256: <final digest hex>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 200u
#define MAX_SCALE 1000000u
#define ROUNDS_PER_UNIT 64u
#define BUF_SIZE 4096u

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

struct sha256_ctx {
    uint32_t state[8];
    uint64_t length; /* bytes processed */
    uint8_t block[64];
    uint32_t fill;
};

static const uint32_t K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u,
    0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
    0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u,
    0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
    0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au,
    0x5b9cca4fu, 0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32u - n)); }

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void sha256_compress(uint32_t state[8], const uint8_t *block)
{
    uint32_t w[64];
    for (unsigned i = 0; i < 16; i++)
        w[i] = load_be32(block + 4u * i);
    for (unsigned i = 16; i < 64; i++) {
        uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    for (unsigned i = 0; i < 64; i++) {
        uint32_t S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = h + S1 + ch + K[i] + w[i];
        uint32_t S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = S0 + maj;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

static void sha256_init(struct sha256_ctx *ctx)
{
    static const uint32_t iv[8] = {
        0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
        0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
    };
    memcpy(ctx->state, iv, sizeof iv);
    ctx->length = 0;
    ctx->fill = 0;
}

static void sha256_update(struct sha256_ctx *ctx, const uint8_t *data, uint32_t len)
{
    ctx->length += len;
    if (ctx->fill) {
        uint32_t take = 64u - ctx->fill;
        if (take > len)
            take = len;
        memcpy(ctx->block + ctx->fill, data, take);
        ctx->fill += take;
        data += take;
        len -= take;
        if (ctx->fill < 64u)
            return;
        sha256_compress(ctx->state, ctx->block);
        ctx->fill = 0;
    }
    while (len >= 64u) {
        sha256_compress(ctx->state, data);
        data += 64;
        len -= 64u;
    }
    if (len) {
        memcpy(ctx->block, data, len);
        ctx->fill = len;
    }
}

static void sha256_final(struct sha256_ctx *ctx, uint8_t out[32])
{
    uint64_t bits = ctx->length * 8u;
    uint8_t pad[72];
    uint32_t padlen = (ctx->fill < 56u) ? 56u - ctx->fill : 120u - ctx->fill;
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    for (unsigned i = 0; i < 8; i++)
        pad[padlen + i] = (uint8_t)(bits >> (56u - 8u * i));
    sha256_update(ctx, pad, padlen + 8u);
    for (unsigned i = 0; i < 8; i++)
        store_be32(out + 4u * i, ctx->state[i]);
}

static void sha256(const uint8_t *data, uint32_t len, uint8_t out[32])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, data, len);
    sha256_final(&ctx, out);
}

static void to_hex(const uint8_t *d, uint32_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (uint32_t i = 0; i < n; i++) {
        out[2u * i] = digits[d[i] >> 4];
        out[2u * i + 1u] = digits[d[i] & 15u];
    }
    out[2u * n] = '\0';
}

static int self_test(void)
{
    /* Known answers for "abc" and the two-block 56-byte message. */
    static const char *const msgs[2] = {
        "abc",
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    };
    static const char *const want[2] = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    };
    for (unsigned i = 0; i < 2; i++) {
        uint8_t d[32];
        char hex[65];
        sha256((const uint8_t *)msgs[i], (uint32_t)strlen(msgs[i]), d);
        to_hex(d, 32, hex);
        if (strcmp(hex, want[i]) != 0)
            return 0;
    }
    return 1;
}

static uint8_t buffer[BUF_SIZE];

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t rounds = scale * ROUNDS_PER_UNIT;

    if (!self_test()) {
        printf("sha256: SELF-TEST-FAILED\n");
        return 1;
    }

    uint32_t x = 0x6b8b4567u;
    for (uint32_t i = 0; i < BUF_SIZE; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        buffer[i] = (uint8_t)(x >> 24);
    }

    uint8_t digest[32];
    sha256(buffer, BUF_SIZE, digest);
    for (uint32_t r = 0; r < rounds; r++) {
        uint32_t off = (r * 97u) % (BUF_SIZE - 32u);
        memcpy(buffer + off, digest, 32);
        /* Feed the buffer in uneven pieces to exercise the streaming path. */
        struct sha256_ctx ctx;
        sha256_init(&ctx);
        uint32_t pos = 0, step = 1u + (r % 200u);
        while (pos < BUF_SIZE) {
            uint32_t n = BUF_SIZE - pos < step ? BUF_SIZE - pos : step;
            sha256_update(&ctx, buffer + pos, n);
            pos += n;
            step = step * 3u % 1000u + 1u;
        }
        sha256_final(&ctx, digest);
    }

    char hex[65];
    to_hex(digest, 32, hex);
    printf("sha256: %s\n", hex);
    return 0;
}

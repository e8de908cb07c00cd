/* crc32.c - table-driven checksums over a generated buffer.
 *
 * Computes CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320) with a
 * byte-at-a-time table and with a slicing-by-4 table (results must agree),
 * plus Adler-32, over a 64 KiB buffer.  The buffer is perturbed between
 * passes.  Exercises table lookups (byte loads, 32-bit loads), shifts, xors
 * and 32-bit modulo.  Known-answer self-tests run first.
 *
 * Usage: crc32 [SCALE]   (SCALE = number of passes over the buffer)
 * Output: "crc32: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 900u
#define MAX_SCALE 1000000u
#define BUF_SIZE 65536u

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

static uint32_t crc_table[4][256];

static void crc_init_tables(void)
{
    for (uint32_t i = 0; i < 256u; i++) {
        uint32_t c = i;
        for (unsigned k = 0; k < 8; k++)
            c = (c & 1u) ? (c >> 1) ^ 0xedb88320u : c >> 1;
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256u; i++) {
        uint32_t c = crc_table[0][i];
        for (unsigned t = 1; t < 4; t++) {
            c = (c >> 8) ^ crc_table[0][c & 0xffu];
            crc_table[t][i] = c;
        }
    }
}

static uint32_t crc32_bytewise(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    for (uint32_t i = 0; i < n; i++)
        crc = (crc >> 8) ^ crc_table[0][(crc ^ p[i]) & 0xffu];
    return ~crc;
}

static uint32_t crc32_slice4(uint32_t crc, const uint8_t *p, uint32_t n)
{
    crc = ~crc;
    while (n >= 4u) {
        /* Little-endian assembly of the word, independent of host order. */
        uint32_t w = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
                     ((uint32_t)p[3] << 24);
        crc ^= w;
        crc = crc_table[3][crc & 0xffu] ^ crc_table[2][(crc >> 8) & 0xffu] ^
              crc_table[1][(crc >> 16) & 0xffu] ^ crc_table[0][crc >> 24];
        p += 4;
        n -= 4u;
    }
    while (n--)
        crc = (crc >> 8) ^ crc_table[0][(crc ^ *p++) & 0xffu];
    return ~crc;
}

static uint32_t adler32(uint32_t adler, const uint8_t *p, uint32_t n)
{
    const uint32_t MOD = 65521u;
    uint32_t a = adler & 0xffffu, b = adler >> 16;
    while (n) {
        /* 5552 is the largest block that cannot overflow 32-bit sums. */
        uint32_t chunk = n < 5552u ? n : 5552u;
        n -= chunk;
        while (chunk--) {
            a += *p++;
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    return (b << 16) | a;
}

static uint8_t buffer[BUF_SIZE];

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);

    crc_init_tables();
    {
        static const char check[] = "123456789";
        if (crc32_bytewise(0, (const uint8_t *)check, 9) != 0xcbf43926u ||
            crc32_slice4(0, (const uint8_t *)check, 9) != 0xcbf43926u ||
            adler32(1, (const uint8_t *)check, 9) != 0x091e01deu) {
            printf("crc32: SELF-TEST-FAILED\n");
            return 1;
        }
    }

    uint32_t x = 0x2545f491u;
    for (uint32_t i = 0; i < BUF_SIZE; i++) {
        x = x * 1664525u + 1013904223u;
        buffer[i] = (uint8_t)(x >> 23);
    }

    uint32_t h = 0, mismatches = 0;
    for (uint32_t pass = 0; pass < scale; pass++) {
        /* Perturb a few bytes so every pass hashes different data. */
        for (uint32_t k = 0; k < 8u; k++) {
            x = x * 1664525u + 1013904223u;
            buffer[x >> 16] ^= (uint8_t)(pass + k);
        }
        /* The byte-wise CRC covers a pass-dependent unaligned window. */
        uint32_t off = pass % 61u;
        uint32_t c1 = crc32_bytewise(h, buffer + off, BUF_SIZE - off);
        uint32_t c4 = crc32_slice4(h, buffer + off, BUF_SIZE - off);
        if (c1 != c4)
            mismatches++;
        uint32_t a = adler32(1, buffer, BUF_SIZE);
        h = c4 ^ (a * 0x9e3779b1u);
    }

    printf("crc32: %08x%s\n", (unsigned)h, mismatches ? "-MISMATCH" : "");
    return 0;
}

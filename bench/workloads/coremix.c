/* coremix.c - a mixed "embedded core" workload (original code).
 *
 * Each iteration runs three kernels and folds their results into a CRC-16:
 *  - list:   a singly linked list of nodes from a static pool: build, find
 *            by key, reverse, merge sort by two different keys, unlink and
 *            re-insert nodes (pointer chasing, unpredictable branches);
 *  - matrix: small int16 matrices with int32 results: add/multiply by a
 *            constant, matrix-vector, matrix-matrix, and a bit-field
 *            extracting variant;
 *  - state:  a character-class state machine that scans a generated string
 *            of comma-separated numbers (integers, decimals, exponents, hex,
 *            malformed tokens) and counts accepted token kinds, then
 *            corrupts the string and scans again.
 * The seeds of each iteration depend on the previous CRC, so iterations
 * form a chain.
 *
 * Usage: coremix [SCALE]   (SCALE * ITERS_PER_UNIT iterations)
 * Output: "coremix: <hex crc>-<hex list/matrix/state summary>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 500u
#define MAX_SCALE 1000000u
#define ITERS_PER_UNIT 8u
#define LIST_NODES 96u
#define MAT_N 16u
#define STR_MAX 1024u

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

/* ----------------------------------------------------------------- CRC-16 */

/* CRC-16/CCITT-FALSE style, bit at a time (polynomial 0x1021). */
static uint16_t crc16_byte(uint16_t crc, uint8_t b)
{
    crc ^= (uint16_t)((uint16_t)b << 8);
    for (unsigned i = 0; i < 8; i++)
        crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    return crc;
}

static uint16_t crc16_u16(uint16_t crc, uint16_t v)
{
    crc = crc16_byte(crc, (uint8_t)(v & 0xffu));
    return crc16_byte(crc, (uint8_t)(v >> 8));
}

static uint16_t crc16_u32(uint16_t crc, uint32_t v)
{
    crc = crc16_u16(crc, (uint16_t)(v & 0xffffu));
    return crc16_u16(crc, (uint16_t)(v >> 16));
}

/* ------------------------------------------------------------------- list */

struct node {
    struct node *next;
    int16_t key;  /* data, sorted on in one pass */
    uint16_t id;  /* original position, sorted on to restore order */
};

static struct node pool[LIST_NODES];

static struct node *list_build(uint16_t seed)
{
    struct node *head = NULL;
    uint16_t x = (uint16_t)(seed | 1u);
    /* Build back to front so that the list is in id order. */
    for (uint32_t i = LIST_NODES; i-- > 0;) {
        x = (uint16_t)(x * 25173u + 13849u);
        pool[i].id = (uint16_t)i;
        pool[i].key = (int16_t)((int32_t)(x >> 4) - 2048); /* -2048..2047 */
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static struct node *list_find(struct node *head, int16_t key, uint16_t id)
{
    while (head && head->key != key && head->id != id)
        head = head->next;
    return head;
}

static struct node *list_reverse(struct node *head)
{
    struct node *prev = NULL;
    while (head) {
        struct node *next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static int cmp_key(const struct node *a, const struct node *b)
{
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->id < b->id ? -1 : (a->id > b->id);
}

static int cmp_id(const struct node *a, const struct node *b)
{
    return a->id < b->id ? -1 : (a->id > b->id);
}

typedef int (*node_cmp)(const struct node *, const struct node *);

/* Bottom-up merge sort of a linked list (stable, O(n log n), no recursion). */
static struct node *list_sort(struct node *head, node_cmp cmp)
{
    uint32_t width = 1;
    for (;;) {
        struct node *p = head, *tail = NULL;
        uint32_t merges = 0;
        head = NULL;
        while (p) {
            merges++;
            struct node *q = p;
            uint32_t psize = 0;
            for (uint32_t i = 0; i < width && q; i++) {
                psize++;
                q = q->next;
            }
            uint32_t qsize = width;
            while (psize > 0u || (qsize > 0u && q)) {
                struct node *e;
                if (psize == 0u) {
                    e = q;
                    q = q->next;
                    qsize--;
                } else if (qsize == 0u || !q || cmp(p, q) <= 0) {
                    e = p;
                    p = p->next;
                    psize--;
                } else {
                    e = q;
                    q = q->next;
                    qsize--;
                }
                if (tail)
                    tail->next = e;
                else
                    head = e;
                tail = e;
            }
            p = q;
        }
        if (tail)
            tail->next = NULL;
        if (merges <= 1u)
            return head;
        width *= 2u;
    }
}

/* Unlink the node after `prev` (or the head if prev is NULL). */
static struct node *list_unlink_after(struct node **head, struct node *prev)
{
    struct node *n = prev ? prev->next : *head;
    if (!n)
        return NULL;
    if (prev)
        prev->next = n->next;
    else
        *head = n->next;
    n->next = NULL;
    return n;
}

static uint16_t list_kernel(uint16_t seed, uint16_t crc, uint32_t *summary)
{
    struct node *head = list_build(seed);
    uint32_t found = 0, missing = 0;

    /* Finds: some keys exist, some do not. */
    for (uint32_t i = 0; i < 12u; i++) {
        int16_t key = (int16_t)((int32_t)((seed * (i + 3u)) & 0xfffu) - 2048);
        uint16_t id = (uint16_t)((i & 1u) ? (seed + i) % LIST_NODES : 0xffffu);
        struct node *n = list_find(head, key, id);
        if (n) {
            found += n->id;
            crc = crc16_u16(crc, (uint16_t)n->key);
        } else {
            missing++;
        }
    }

    head = list_reverse(head);
    head = list_sort(head, cmp_key);
    /* Checksum the sorted keys, sampling every third node. */
    uint32_t k = 0;
    for (struct node *n = head; n; n = n->next, k++)
        if (k % 3u == 0u)
            crc = crc16_u16(crc, (uint16_t)(n->key ^ (int16_t)n->id));

    /* Move a few nodes from the middle to the front. */
    struct node *prev = head;
    for (uint32_t i = 0; i < (seed & 31u) + 1u && prev->next && prev->next->next; i++)
        prev = prev->next;
    for (uint32_t i = 0; i < 4u; i++) {
        struct node *n = list_unlink_after(&head, prev);
        if (!n)
            break;
        n->next = head;
        head = n;
    }

    head = list_reverse(head);
    head = list_sort(head, cmp_id);
    k = 0;
    int32_t acc = 0;
    for (struct node *n = head; n; n = n->next, k++) {
        if (n->id != k)
            missing += 1000u; /* order must be fully restored */
        acc += n->key * (int32_t)((k & 7u) + 1u);
    }
    crc = crc16_u32(crc, (uint32_t)acc);
    *summary += found + missing * 7u + k;
    return crc;
}

/* ----------------------------------------------------------------- matrix */

static int16_t mat_a[MAT_N][MAT_N], mat_b[MAT_N][MAT_N];
static int32_t mat_c[MAT_N][MAT_N];
static int16_t vec_v[MAT_N];
static int32_t vec_r[MAT_N];

static void mat_init(uint16_t seed)
{
    uint32_t x = seed ? seed : 1u;
    for (uint32_t i = 0; i < MAT_N; i++) {
        for (uint32_t j = 0; j < MAT_N; j++) {
            x = x * 1103515245u + 12345u;
            mat_a[i][j] = (int16_t)((int32_t)((x >> 16) & 0x7ffu) - 1024);
            x = x * 1103515245u + 12345u;
            mat_b[i][j] = (int16_t)((int32_t)((x >> 16) & 0x3ffu) - 512);
        }
        vec_v[i] = (int16_t)((int32_t)(x & 0xffu) - 128);
    }
}

static uint16_t crc_mat_c(uint16_t crc)
{
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++)
            crc = crc16_u32(crc, (uint32_t)mat_c[i][j]);
    return crc;
}

static uint16_t matrix_kernel(uint16_t seed, uint16_t crc, uint32_t *summary)
{
    mat_init(seed);
    int16_t k = (int16_t)((seed & 0xfu) + 1u);

    /* A += k (stays within int16: |a| <= 1024 + 16) */
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++)
            mat_a[i][j] = (int16_t)(mat_a[i][j] + k);

    /* C = A * k */
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++)
            mat_c[i][j] = (int32_t)mat_a[i][j] * k;
    crc = crc_mat_c(crc);

    /* r = A * v */
    for (uint32_t i = 0; i < MAT_N; i++) {
        int32_t s = 0;
        for (uint32_t j = 0; j < MAT_N; j++)
            s += (int32_t)mat_a[i][j] * vec_v[j];
        vec_r[i] = s;
        crc = crc16_u32(crc, (uint32_t)s);
    }

    /* C = A * B  (|sum| <= 16 * 1040 * 512 < 2^31) */
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (uint32_t t = 0; t < MAT_N; t++)
                s += (int32_t)mat_a[i][t] * mat_b[t][j];
            mat_c[i][j] = s;
        }
    crc = crc_mat_c(crc);

    /* C = bits(A) * bits(B): extract bit fields before multiplying. */
    uint32_t bitsum = 0;
    for (uint32_t i = 0; i < MAT_N; i++)
        for (uint32_t j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (uint32_t t = 0; t < MAT_N; t++) {
                /* Shift the two's-complement bits as unsigned (well defined). */
                uint32_t prod = (uint32_t)((int32_t)mat_a[i][t] * mat_b[t][j]);
                int32_t lo = (int32_t)((prod >> 2) & 0xfu);
                int32_t hi = (int32_t)((prod >> 5) & 0x7fu);
                s += lo * hi;
            }
            mat_c[i][j] = s;
            bitsum += (uint32_t)s;
        }
    crc = crc_mat_c(crc);

    *summary += bitsum + (uint32_t)vec_r[seed % MAT_N];
    return crc;
}

/* ---------------------------------------------------------- state machine */

enum state {
    S_START,
    S_SIGN,
    S_INT,
    S_ZERO,
    S_HEX_X,
    S_HEX,
    S_DOT,
    S_FRAC,
    S_EXP,
    S_EXP_SIGN,
    S_EXP_INT,
    S_INVALID,
    S_COUNT
};

static char str_buf[STR_MAX];
static uint32_t str_len;

static void str_put(char c)
{
    if (str_len < STR_MAX - 1u)
        str_buf[str_len++] = c;
}

static void str_put_uint(uint32_t v)
{
    char tmp[12];
    uint32_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    while (n)
        str_put(tmp[--n]);
}

static void str_generate(uint16_t seed)
{
    static const char hexd[] = "0123456789abcdef";
    uint32_t x = ((uint32_t)seed << 16) | 0x5a5au;
    str_len = 0;
    while (str_len < STR_MAX - 40u) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        switch (x & 7u) {
        case 0:
        case 1: /* integer, maybe signed */
            if (x & 0x100u)
                str_put((x & 0x200u) ? '-' : '+');
            str_put_uint((x >> 10) & 0xffffu);
            break;
        case 2:
        case 3: /* decimal */
            if (x & 0x100u)
                str_put('-');
            str_put_uint((x >> 12) & 0x3ffu);
            str_put('.');
            str_put_uint((x >> 22) & 0xffu);
            break;
        case 4: /* scientific */
            str_put_uint((x >> 10) & 0x3fu);
            str_put('.');
            str_put_uint((x >> 16) & 0x3fu);
            str_put((x & 0x100u) ? 'e' : 'E');
            if (x & 0x200u)
                str_put((x & 0x400u) ? '-' : '+');
            str_put_uint((x >> 24) & 0x1fu);
            break;
        case 5: /* hex */
            str_put('0');
            str_put('x');
            for (uint32_t i = 0; i < 1u + ((x >> 8) & 3u); i++)
                str_put(hexd[(x >> (12u + 4u * i)) & 15u]);
            break;
        case 6: /* leading-dot decimal */
            str_put('.');
            str_put_uint((x >> 9) & 0x7fu);
            break;
        default: /* malformed */
            str_put_uint((x >> 9) & 0xffu);
            str_put((char)('g' + ((x >> 20) & 7u)));
            str_put('.');
            break;
        }
        str_put(',');
    }
    str_buf[str_len] = '\0';
}

static enum state step(enum state s, char c, uint32_t *transitions)
{
    enum state n = S_INVALID;
    int digit = c >= '0' && c <= '9';
    int hexal = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    switch (s) {
    case S_START:
        if (c == '0')
            n = S_ZERO;
        else if (digit)
            n = S_INT;
        else if (c == '+' || c == '-')
            n = S_SIGN;
        else if (c == '.')
            n = S_DOT;
        break;
    case S_SIGN:
        n = digit ? S_INT : (c == '.' ? S_DOT : S_INVALID);
        break;
    case S_ZERO:
        if (c == 'x' || c == 'X')
            n = S_HEX_X;
        else if (digit)
            n = S_INT;
        else if (c == '.')
            n = S_DOT;
        else if (c == 'e' || c == 'E')
            n = S_EXP;
        break;
    case S_INT:
        if (digit)
            n = S_INT;
        else if (c == '.')
            n = S_DOT;
        else if (c == 'e' || c == 'E')
            n = S_EXP;
        break;
    case S_HEX_X:
    case S_HEX:
        n = (digit || hexal) ? S_HEX : S_INVALID;
        break;
    case S_DOT:
    case S_FRAC:
        if (digit)
            n = S_FRAC;
        else if ((c == 'e' || c == 'E') && s == S_FRAC)
            n = S_EXP;
        break;
    case S_EXP:
        n = digit ? S_EXP_INT : ((c == '+' || c == '-') ? S_EXP_SIGN : S_INVALID);
        break;
    case S_EXP_SIGN:
    case S_EXP_INT:
        n = digit ? S_EXP_INT : S_INVALID;
        break;
    default:
        n = S_INVALID;
        break;
    }
    if (n != s)
        (*transitions)++;
    return n;
}

static void scan(uint32_t counts[S_COUNT], uint32_t *transitions)
{
    const char *p = str_buf;
    while (*p) {
        enum state s = S_START;
        while (*p && *p != ',') {
            s = step(s, *p, transitions);
            p++;
        }
        counts[s]++;
        if (*p == ',')
            p++;
    }
}

static uint16_t state_kernel(uint16_t seed, uint16_t crc, uint32_t *summary)
{
    uint32_t counts[S_COUNT];
    uint32_t transitions = 0;

    str_generate(seed);
    memset(counts, 0, sizeof counts);
    scan(counts, &transitions);
    for (uint32_t i = 0; i < S_COUNT; i++)
        crc = crc16_u32(crc, counts[i]);

    /* Corrupt every 7th character (digits become letters, others '9'). */
    for (uint32_t i = seed % 7u; i < str_len; i += 7u) {
        char c = str_buf[i];
        if (c == ',')
            continue;
        str_buf[i] = (c >= '0' && c <= '9') ? (char)('a' + (c - '0')) : '9';
    }
    memset(counts, 0, sizeof counts);
    scan(counts, &transitions);
    for (uint32_t i = 0; i < S_COUNT; i++)
        crc = crc16_u32(crc, counts[i]);

    *summary += transitions;
    return crc16_u32(crc, transitions);
}

/* ------------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t iters = scale * ITERS_PER_UNIT;
    uint16_t crc = 0xffffu;
    uint32_t list_sum = 0, mat_sum = 0, state_sum = 0;

    for (uint32_t it = 0; it < iters; it++) {
        uint16_t seed = (uint16_t)(crc ^ (uint16_t)(it * 0x9e37u));
        crc = list_kernel(seed, crc, &list_sum);
        crc = matrix_kernel((uint16_t)(seed + 0x1234u), crc, &mat_sum);
        crc = state_kernel((uint16_t)(seed ^ 0x6b43u), crc, &state_sum);
    }

    printf("coremix: %04x-%08x\n", (unsigned)crc, (unsigned)(list_sum ^ (mat_sum * 3u) ^ (state_sum * 5u)));
    return 0;
}

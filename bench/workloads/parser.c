/* parser.c - text generation and recursive-descent parsing.
 *
 * Each unit deterministically generates (1) arithmetic expression text with
 * decimal/hex literals, variables, unary minus, parentheses, min()/max()
 * calls and irregular whitespace, and (2) JSON text with nested objects,
 * arrays, escaped strings, integers, decimals and literals.  Both are parsed
 * by hand-written recursive-descent parsers.  The expression generator
 * computes the value it expects, and the parser must agree; the JSON parser
 * produces a structural hash.  Byte-at-a-time character handling, lots of
 * small branches and recursion.
 *
 * Usage: parser [SCALE]   (work is proportional to SCALE)
 * Output: "parser: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 300u
#define MAX_SCALE 1000000u
#define TEXT_MAX 65536u
#define EXPR_BUDGET 24000u /* approximate characters of expression per unit */
#define JSON_BUDGET 24000u /* approximate characters of JSON per unit */
#define EXPR_DEPTH 5u
#define JSON_DEPTH 6u

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

/* ------------------------------------------------------------ utilities */

static uint32_t rng = 0x2545f491u;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static char text[TEXT_MAX];
static uint32_t tlen;
static uint32_t budget;

static void out_char(char c)
{
    if (tlen < TEXT_MAX - 1u)
        text[tlen++] = c;
}

static void out_str(const char *s)
{
    while (*s)
        out_char(*s++);
}

static void out_ws(void)
{
    uint32_t r = rnd() & 15u;
    if (r < 9u)
        return;
    if (r < 13u)
        out_char(' ');
    else if (r == 13u)
        out_str("  ");
    else if (r == 14u)
        out_char('\n');
    else
        out_str("\t ");
}

static void out_uint(uint32_t v, int hex)
{
    char tmp[16];
    uint32_t n = 0;
    if (hex) {
        static const char digits[] = "0123456789abcdef";
        do {
            tmp[n++] = digits[v & 15u];
            v >>= 4;
        } while (v);
        out_str((rnd() & 1u) ? "0x" : "0X");
    } else {
        do {
            tmp[n++] = (char)('0' + v % 10u);
            v /= 10u;
        } while (v);
    }
    while (n)
        out_char(tmp[--n]);
}

static int over_budget(void) { return tlen >= budget; }

/* ------------------------------------------------- expression generator */

static uint32_t var_x, var_y;

static uint32_t gen_expr(uint32_t depth);

static uint32_t gen_primary(uint32_t depth)
{
    uint32_t r = rnd();
    if (depth == 0u || over_budget() || (r & 3u) == 0u) {
        uint32_t kind = (r >> 2) & 7u;
        if (kind == 0u) {
            out_char('x');
            return var_x;
        }
        if (kind == 1u) {
            out_char('y');
            return var_y;
        }
        uint32_t v = rnd() >> ((r >> 5) & 31u);
        out_uint(v, kind == 2u);
        return v;
    }
    if (((r >> 2) & 3u) == 0u) {
        int is_max = (r >> 4) & 1u;
        out_str(is_max ? "max(" : "min(");
        out_ws();
        uint32_t a = gen_expr(depth - 1u);
        out_ws();
        out_char(',');
        out_ws();
        uint32_t b = gen_expr(depth - 1u);
        out_ws();
        out_char(')');
        if (is_max)
            return a > b ? a : b;
        return a < b ? a : b;
    }
    out_char('(');
    out_ws();
    uint32_t v = gen_expr(depth - 1u);
    out_ws();
    out_char(')');
    return v;
}

static uint32_t gen_unary(uint32_t depth)
{
    if ((rnd() & 7u) == 0u) {
        out_char('-');
        out_ws();
        return 0u - gen_unary(depth);
    }
    return gen_primary(depth);
}

static uint32_t apply_mul(char op, uint32_t a, uint32_t b)
{
    if (op == '*')
        return a * b;
    if (op == '/')
        return b ? a / b : 0u;
    return b ? a % b : a;
}

static uint32_t gen_term(uint32_t depth)
{
    uint32_t v = gen_unary(depth);
    uint32_t n = rnd() % 3u;
    for (uint32_t i = 0; i < n; i++) {
        static const char ops[4] = {'*', '*', '/', '%'};
        char op = ops[rnd() & 3u];
        out_ws();
        out_char(op);
        out_ws();
        v = apply_mul(op, v, gen_unary(depth));
    }
    return v;
}

static uint32_t gen_expr(uint32_t depth)
{
    uint32_t v = gen_term(depth);
    uint32_t n = rnd() % 4u;
    for (uint32_t i = 0; i < n; i++) {
        int plus = rnd() & 1u;
        out_ws();
        out_char(plus ? '+' : '-');
        out_ws();
        uint32_t t = gen_term(depth);
        v = plus ? v + t : v - t;
    }
    return v;
}

/* ---------------------------------------------------- expression parser */

static const char *pp;
static int perr;

static void skip_ws(void)
{
    while (*pp == ' ' || *pp == '\t' || *pp == '\n' || *pp == '\r')
        pp++;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

static int hex_val(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static uint32_t parse_expr(void);

static uint32_t parse_primary(void)
{
    skip_ws();
    char c = *pp;
    if (is_digit(c)) {
        uint32_t v = 0;
        if (c == '0' && (pp[1] == 'x' || pp[1] == 'X')) {
            pp += 2;
            int d;
            if (hex_val(*pp) < 0)
                perr = 1;
            while ((d = hex_val(*pp)) >= 0) {
                v = (v << 4) | (uint32_t)d;
                pp++;
            }
        } else {
            while (is_digit(*pp)) {
                v = v * 10u + (uint32_t)(*pp - '0');
                pp++;
            }
        }
        return v;
    }
    if (is_alpha(c)) {
        const char *start = pp;
        while (is_alpha(*pp) || is_digit(*pp))
            pp++;
        uint32_t len = (uint32_t)(pp - start);
        if (len == 1u && start[0] == 'x')
            return var_x;
        if (len == 1u && start[0] == 'y')
            return var_y;
        int is_max = len == 3u && memcmp(start, "max", 3) == 0;
        int is_min = len == 3u && memcmp(start, "min", 3) == 0;
        if (!is_max && !is_min) {
            perr = 1;
            return 0;
        }
        skip_ws();
        if (*pp != '(') {
            perr = 1;
            return 0;
        }
        pp++;
        uint32_t a = parse_expr();
        skip_ws();
        if (*pp != ',') {
            perr = 1;
            return 0;
        }
        pp++;
        uint32_t b = parse_expr();
        skip_ws();
        if (*pp != ')') {
            perr = 1;
            return 0;
        }
        pp++;
        if (is_max)
            return a > b ? a : b;
        return a < b ? a : b;
    }
    if (c == '(') {
        pp++;
        uint32_t v = parse_expr();
        skip_ws();
        if (*pp != ')') {
            perr = 1;
            return 0;
        }
        pp++;
        return v;
    }
    perr = 1;
    return 0;
}

static uint32_t parse_unary(void)
{
    skip_ws();
    if (*pp == '-') {
        pp++;
        return 0u - parse_unary();
    }
    return parse_primary();
}

static uint32_t parse_term(void)
{
    uint32_t v = parse_unary();
    for (;;) {
        skip_ws();
        char op = *pp;
        if (op != '*' && op != '/' && op != '%')
            return v;
        pp++;
        v = apply_mul(op, v, parse_unary());
    }
}

static uint32_t parse_expr(void)
{
    uint32_t v = parse_term();
    for (;;) {
        skip_ws();
        char op = *pp;
        if (op != '+' && op != '-')
            return v;
        pp++;
        uint32_t t = parse_term();
        v = op == '+' ? v + t : v - t;
    }
}

/* ----------------------------------------------------------- JSON gen */

static void gen_json_string(void)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:/";
    uint32_t len = rnd() % 13u;
    out_char('"');
    for (uint32_t i = 0; i < len; i++) {
        uint32_t r = rnd();
        uint32_t k = r & 31u;
        if (k == 0u) {
            static const char esc[6] = {'"', '\\', 'n', 't', '/', 'r'};
            out_char('\\');
            out_char(esc[(r >> 5) % 6u]);
        } else if (k == 1u) {
            static const char digits[] = "0123456789abcdef";
            out_str("\\u00");
            out_char(digits[(r >> 5) & 7u]);
            out_char(digits[(r >> 8) & 15u]);
        } else {
            out_char(alphabet[(r >> 5) % (sizeof alphabet - 1u)]);
        }
    }
    out_char('"');
}

static void gen_json(uint32_t depth)
{
    uint32_t r = rnd();
    uint32_t kind = r % 10u;
    if (depth == 0u || over_budget())
        kind = 3u + kind % 7u; /* scalars only */
    switch (kind) {
    case 0:
    case 1: { /* object */
        uint32_t n = (r >> 8) % 6u;
        out_char('{');
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                out_char(',');
            out_ws();
            gen_json_string();
            out_ws();
            out_char(':');
            out_ws();
            gen_json(depth - 1u);
            out_ws();
        }
        out_char('}');
        break;
    }
    case 2: { /* array */
        uint32_t n = (r >> 8) % 7u;
        out_char('[');
        for (uint32_t i = 0; i < n; i++) {
            if (i)
                out_char(',');
            out_ws();
            gen_json(depth - 1u);
            out_ws();
        }
        out_char(']');
        break;
    }
    case 3:
    case 4:
        gen_json_string();
        break;
    case 5:
    case 6: /* integer */
        if (r & 0x100u)
            out_char('-');
        out_uint(rnd() >> (r >> 27), 0);
        break;
    case 7: /* decimal with optional exponent */
        out_uint(rnd() % 100000u, 0);
        out_char('.');
        out_uint(rnd() % 1000u, 0);
        if (r & 0x200u) {
            out_char((r & 0x400u) ? 'e' : 'E');
            if (r & 0x800u)
                out_char('-');
            out_uint((r >> 12) % 30u, 0);
        }
        break;
    case 8:
        out_str((r & 0x100u) ? "true" : "false");
        break;
    default:
        out_str("null");
        break;
    }
}

/* -------------------------------------------------------- JSON parser */

struct json_stats {
    uint32_t objects, arrays, strings, numbers, literals;
    uint32_t int_sum, max_depth;
};

static struct json_stats js;

static uint32_t mix32(uint32_t h, uint32_t v) { return (h ^ v) * 16777619u; }

static uint32_t parse_json_string(void)
{
    /* *pp == '"' on entry; returns FNV hash of the decoded characters. */
    uint32_t h = 2166136261u;
    pp++;
    for (;;) {
        char c = *pp++;
        if (c == '"')
            break;
        if (c == '\0') {
            perr = 1;
            pp--;
            break;
        }
        uint32_t cp = (uint8_t)c;
        if (c == '\\') {
            char e = *pp++;
            switch (e) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = 8; break;
            case 'f': cp = 12; break;
            case 'n': cp = 10; break;
            case 'r': cp = 13; break;
            case 't': cp = 9; break;
            case 'u': {
                cp = 0;
                for (int i = 0; i < 4; i++) {
                    int d = hex_val(*pp);
                    if (d < 0) {
                        perr = 1;
                        return h;
                    }
                    cp = (cp << 4) | (uint32_t)d;
                    pp++;
                }
                break;
            }
            default:
                perr = 1;
                return h;
            }
        }
        h = mix32(h, cp);
    }
    js.strings++;
    return h;
}

static uint32_t parse_json_value(uint32_t depth);

static uint32_t parse_json_number(void)
{
    uint32_t h = 0x01000193u;
    int neg = 0;
    if (*pp == '-') {
        neg = 1;
        pp++;
    }
    if (!is_digit(*pp)) {
        perr = 1;
        return 0;
    }
    uint32_t ip = 0;
    while (is_digit(*pp))
        ip = ip * 10u + (uint32_t)(*pp++ - '0');
    h = mix32(h, neg ? 0u - ip : ip);
    int is_int = 1;
    if (*pp == '.') {
        pp++;
        is_int = 0;
        uint32_t frac = 0, digits = 0;
        while (is_digit(*pp)) {
            frac = frac * 10u + (uint32_t)(*pp++ - '0');
            digits++;
        }
        if (!digits)
            perr = 1;
        h = mix32(h, frac * 16u + digits);
    }
    if (*pp == 'e' || *pp == 'E') {
        pp++;
        is_int = 0;
        int eneg = 0;
        if (*pp == '+' || *pp == '-')
            eneg = *pp++ == '-';
        uint32_t ex = 0;
        if (!is_digit(*pp))
            perr = 1;
        while (is_digit(*pp))
            ex = ex * 10u + (uint32_t)(*pp++ - '0');
        h = mix32(h, eneg ? 0u - ex : ex);
    }
    if (is_int)
        js.int_sum += neg ? 0u - ip : ip;
    js.numbers++;
    return h;
}

static uint32_t parse_json_value(uint32_t depth)
{
    if (depth > js.max_depth)
        js.max_depth = depth;
    skip_ws();
    char c = *pp;
    if (c == '{') {
        uint32_t h = 0x7b;
        pp++;
        skip_ws();
        js.objects++;
        if (*pp == '}') {
            pp++;
            return h;
        }
        for (;;) {
            skip_ws();
            if (*pp != '"') {
                perr = 1;
                return h;
            }
            uint32_t k = parse_json_string();
            skip_ws();
            if (*pp != ':') {
                perr = 1;
                return h;
            }
            pp++;
            uint32_t v = parse_json_value(depth + 1u);
            h = mix32(mix32(h, k), v);
            skip_ws();
            if (*pp == ',') {
                pp++;
                continue;
            }
            if (*pp == '}') {
                pp++;
                return h;
            }
            perr = 1;
            return h;
        }
    }
    if (c == '[') {
        uint32_t h = 0x5b;
        pp++;
        skip_ws();
        js.arrays++;
        if (*pp == ']') {
            pp++;
            return h;
        }
        for (;;) {
            h = mix32(h, parse_json_value(depth + 1u));
            skip_ws();
            if (*pp == ',') {
                pp++;
                continue;
            }
            if (*pp == ']') {
                pp++;
                return h;
            }
            perr = 1;
            return h;
        }
    }
    if (c == '"')
        return parse_json_string();
    if (c == '-' || is_digit(c))
        return parse_json_number();
    if (strncmp(pp, "true", 4) == 0) {
        pp += 4;
        js.literals++;
        return 1;
    }
    if (strncmp(pp, "false", 5) == 0) {
        pp += 5;
        js.literals++;
        return 2;
    }
    if (strncmp(pp, "null", 4) == 0) {
        pp += 4;
        js.literals++;
        return 3;
    }
    perr = 1;
    return 0;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t h = 2166136261u;
    uint32_t errors = 0;
    uint64_t total_chars = 0;

    for (uint32_t u = 0; u < scale; u++) {
        /* Arithmetic: a comma-free sequence of expressions separated by ';'. */
        var_x = rnd();
        var_y = u * 7919u + 1u;
        tlen = 0;
        budget = EXPR_BUDGET;
        uint32_t expected[256];
        uint32_t nexpr = 0;
        while (tlen < EXPR_BUDGET && nexpr < 256u) {
            expected[nexpr++] = gen_expr(EXPR_DEPTH);
            out_char(';');
            out_ws();
        }
        text[tlen] = '\0';
        total_chars += tlen;

        pp = text;
        perr = 0;
        for (uint32_t i = 0; i < nexpr; i++) {
            uint32_t v = parse_expr();
            skip_ws();
            if (*pp != ';' || v != expected[i])
                perr = 1;
            else
                pp++;
            if (perr)
                break;
            h = mix32(h, v);
        }
        skip_ws();
        if (perr || *pp != '\0')
            errors++;

        /* JSON: a top-level array of generated values. */
        tlen = 0;
        budget = JSON_BUDGET;
        out_char('[');
        uint32_t nvals = 0;
        while (tlen < JSON_BUDGET) {
            if (nvals++)
                out_char(',');
            out_ws();
            gen_json(JSON_DEPTH);
        }
        out_char(']');
        text[tlen] = '\0';
        total_chars += tlen;

        memset(&js, 0, sizeof js);
        pp = text;
        perr = 0;
        uint32_t jh = parse_json_value(0);
        skip_ws();
        if (perr || *pp != '\0')
            errors++;
        h = mix32(h, jh);
        h = mix32(h, js.objects * 3u + js.arrays * 5u + js.strings * 7u + js.numbers * 11u + js.literals * 13u);
        h = mix32(h, js.int_sum ^ (js.max_depth << 24));
    }

    printf("parser: %08x-%llu%s\n", (unsigned)h, (unsigned long long)total_chars,
           errors ? "-ERRORS" : "");
    return 0;
}

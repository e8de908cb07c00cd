/* exceptions.c - exception-heavy workload.
 *
 * Two programs where exceptions are the normal way out of deep code:
 *   - a backtracking statement parser: each statement is tried as an assignment, a call, a
 *     conditional and a plain expression, in that order; an alternative that does not match
 *     throws a `fail` exception (payload: position << 4 | reason) from wherever it noticed, often
 *     many frames deep inside parenthesized expressions. Every parenthesis level is a cleanup
 *     scope (catch_all, undo the nesting counter, rethrow); the alternatives catch only syntax
 *     failures (a division by zero found while evaluating is rethrown to the statement level);
 *     malformed statements fail every alternative and are skipped.
 *   - a subset-sum search whose depth-first recursion throws `found` (payload: the chosen set
 *     and the nodes visited, two values) out of up to 16 frames.
 *
 * In WebAssembly the throwing and catching is done by five small functions in
 * exceptions_eh.s (WebAssembly exception handling: two tags, try/catch, catch_all, rethrow),
 * since C has no exceptions; the native build implements the same five functions with
 * setjmp/longjmp below. Everything else is the same C on both sides, so the output is identical.
 *
 * Usage: exceptions [SCALE]   (work is proportional to SCALE)
 * Output: "exceptions: <hex checksum>-<exceptions thrown>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCALE 300u
#define MAX_SCALE 1000000u

/* ---- the exception helpers ---------------------------------------------------------------- */

typedef int32_t (*eh_body)(void *ctx);
typedef void (*eh_undo)(void *ctx);

/* Runs body(ctx) and returns its result (>= 0); when a `fail` exception with payload p escapes
 * it, returns -1 - p. Other exceptions pass through. */
int32_t eh_try(eh_body body, void *ctx);
/* As eh_try, but catches only a `fail` whose payload's low four bits equal reason; any other
 * `fail` is rethrown. */
int32_t eh_try_reason(eh_body body, void *ctx, int32_t reason);
/* Runs body(ctx) and returns its result; when any exception escapes it, calls undo(undo_ctx)
 * and rethrows the exception. */
int32_t eh_protect(eh_body body, void *ctx, eh_undo undo, void *undo_ctx);
/* Runs body(ctx); when a `found` exception (a, b) escapes it, stores b in *b_out and returns
 * a; returns -1 if body returns. */
int32_t eh_search(eh_body body, void *ctx, int32_t *b_out);
/* Throw `fail` (payload) and `found` (a, b). */
_Noreturn void eh_fail(int32_t payload);
_Noreturn void eh_found(int32_t a, int32_t b);

#ifndef __wasm__
/* Native: a stack of handlers, each a jmp_buf; an exception is its tag and payload in globals
 * and a longjmp to the innermost handler. */
#include <setjmp.h>

enum { TAG_FAIL = 1, TAG_FOUND = 2 };
struct handler {
    jmp_buf jump;
    struct handler *outer;
};
static struct handler *innermost;
static int thrown_tag;
static int32_t thrown_a, thrown_b;

static _Noreturn void rethrow(void)
{
    longjmp(innermost->jump, 1);
}

void eh_fail(int32_t payload)
{
    thrown_tag = TAG_FAIL;
    thrown_a = payload;
    rethrow();
}

void eh_found(int32_t a, int32_t b)
{
    thrown_tag = TAG_FOUND;
    thrown_a = a;
    thrown_b = b;
    rethrow();
}

int32_t eh_try(eh_body body, void *ctx)
{
    struct handler h;
    h.outer = innermost;
    innermost = &h;
    if (setjmp(h.jump) == 0) {
        int32_t r = body(ctx);
        innermost = h.outer;
        return r;
    }
    innermost = h.outer;
    if (thrown_tag != TAG_FAIL)
        rethrow();
    return -1 - thrown_a;
}

int32_t eh_try_reason(eh_body body, void *ctx, int32_t reason)
{
    struct handler h;
    h.outer = innermost;
    innermost = &h;
    if (setjmp(h.jump) == 0) {
        int32_t r = body(ctx);
        innermost = h.outer;
        return r;
    }
    innermost = h.outer;
    if (thrown_tag != TAG_FAIL || (thrown_a & 15) != reason)
        rethrow();
    return -1 - thrown_a;
}

int32_t eh_protect(eh_body body, void *ctx, eh_undo undo, void *undo_ctx)
{
    struct handler h;
    h.outer = innermost;
    innermost = &h;
    if (setjmp(h.jump) == 0) {
        int32_t r = body(ctx);
        innermost = h.outer;
        return r;
    }
    innermost = h.outer;
    undo(undo_ctx);
    rethrow();
}

int32_t eh_search(eh_body body, void *ctx, int32_t *b_out)
{
    struct handler h;
    h.outer = innermost;
    innermost = &h;
    if (setjmp(h.jump) == 0) {
        body(ctx);
        innermost = h.outer;
        return -1;
    }
    innermost = h.outer;
    if (thrown_tag != TAG_FOUND)
        rethrow();
    *b_out = thrown_b;
    return thrown_a;
}
#endif

/* ---- common ------------------------------------------------------------------------------ */

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

static uint32_t rng_state = 0x9E3779B9u;
static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

static uint32_t checksum = 2166136261u;
static void mix(uint32_t v)
{
    for (int i = 0; i < 4; ++i) {
        checksum ^= v & 0xffu;
        checksum *= 16777619u;
        v >>= 8;
    }
}

static uint32_t throws;

/* ---- generating statements --------------------------------------------------------------- */

#define TEXT_CAP 8192
static char text[TEXT_CAP];
static uint32_t text_len;

static void put(char c)
{
    if (text_len + 1 < TEXT_CAP)
        text[text_len++] = c;
}

static void put_number(uint32_t n)
{
    char digits[12];
    int k = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n != 0);
    while (k > 0)
        put(digits[--k]);
}

/* One parenthesis in the statement is left unclosed when drop_paren reaches zero. */
static int drop_paren;

static void gen_expr(int depth);

static void gen_primary(int depth)
{
    uint32_t r = rng() % 16;
    if (depth < 10 && r < 7) {
        put('(');
        gen_expr(depth + 1);
        if (drop_paren-- != 0)
            put(')');
    } else if (r < 8) {
        /* (n - n) is zero: a division by it is found deep inside the expression */
        uint32_t n = rng() % 50;
        put('(');
        put_number(n);
        put('-');
        put_number(n);
        put(')');
    } else if (r < 12) {
        put((char)('a' + rng() % 26));
    } else {
        put_number(rng() % 1000);
    }
}

static void gen_expr(int depth)
{
    static const char ops[] = "+-*+-*/%";
    uint32_t terms = 1 + rng() % 3;
    gen_primary(depth);
    for (uint32_t i = 1; i < terms; ++i) {
        char op = ops[rng() % 8];
        put(' ');
        put(op);
        put(' ');
        if (op == '/' || op == '%') {
            /* mostly a nonzero divisor */
            if (rng() % 4 != 0) {
                put_number(1 + rng() % 9);
                continue;
            }
        }
        gen_primary(depth);
    }
}

static void gen_statement(void)
{
    uint32_t kind = rng() % 10;
    drop_paren = kind == 9 ? (int)(rng() % 6) : -1;
    if (kind < 3) { /* assignment */
        put((char)('a' + rng() % 26));
        put(' ');
        put('=');
        put(' ');
        gen_expr(0);
    } else if (kind < 5) { /* call */
        put((char)('a' + rng() % 26));
        put('(');
        gen_expr(0);
        put(',');
        put(' ');
        gen_expr(0);
        put(')');
    } else if (kind < 6) { /* conditional */
        gen_expr(0);
        put(' ');
        put('?');
        put(' ');
        gen_expr(0);
        put(' ');
        put(':');
        put(' ');
        gen_expr(0);
    } else { /* expression, or (kind 9) one with a parenthesis left open */
        gen_expr(0);
    }
    put(';');
    put('\n');
}

/* ---- the backtracking parser ------------------------------------------------------------- */

enum { R_SYNTAX = 1, R_DIVZERO = 2 };

static struct {
    uint32_t pos;
    uint32_t depth;
    uint32_t vars[26];
    uint32_t calls, conditionals, expressions, assignments;
    uint32_t syntax_errors, division_errors, backtracks, undos;
} P;

static _Noreturn void fail(int reason)
{
    ++throws;
    eh_fail((int32_t)(P.pos << 4 | (uint32_t)reason));
}

static void skip_space(void)
{
    while (text[P.pos] == ' ' || text[P.pos] == '\n')
        ++P.pos;
}

static int accept(char c)
{
    skip_space();
    if (text[P.pos] == c) {
        ++P.pos;
        return 1;
    }
    return 0;
}

static void expect(char c)
{
    if (!accept(c))
        fail(R_SYNTAX);
}

static int ident(void)
{
    skip_space();
    char c = text[P.pos];
    if (c < 'a' || c > 'z')
        fail(R_SYNTAX);
    ++P.pos;
    return c - 'a';
}

static uint32_t parse_expr(void);

struct paren_scope {
    uint32_t depth;
};

static void paren_undo(void *ctx)
{
    struct paren_scope *scope = ctx;
    P.depth = scope->depth;
    ++P.undos;
}

static int32_t paren_body(void *ctx)
{
    (void)ctx;
    ++P.depth;
    uint32_t v = parse_expr();
    expect(')');
    --P.depth;
    return (int32_t)v;
}

static uint32_t parse_primary(void)
{
    skip_space();
    char c = text[P.pos];
    if (c >= '0' && c <= '9') {
        uint32_t v = 0;
        while (text[P.pos] >= '0' && text[P.pos] <= '9')
            v = v * 10 + (uint32_t)(text[P.pos++] - '0');
        return v;
    }
    if (c >= 'a' && c <= 'z') {
        ++P.pos;
        return P.vars[c - 'a'];
    }
    if (c == '(') {
        ++P.pos;
        struct paren_scope scope = {P.depth};
        return (uint32_t)eh_protect(paren_body, &scope, paren_undo, &scope);
    }
    fail(R_SYNTAX);
}

static uint32_t parse_term(void)
{
    uint32_t v = parse_primary();
    for (;;) {
        if (accept('*')) {
            v *= parse_primary();
        } else if (accept('/')) {
            uint32_t d = parse_primary();
            if (d == 0)
                fail(R_DIVZERO);
            v /= d;
        } else if (accept('%')) {
            uint32_t d = parse_primary();
            if (d == 0)
                fail(R_DIVZERO);
            v %= d;
        } else {
            return v;
        }
    }
}

static uint32_t parse_expr(void)
{
    uint32_t v = parse_term();
    for (;;) {
        if (accept('+'))
            v += parse_term();
        else if (accept('-'))
            v -= parse_term();
        else
            return v;
    }
}

static int32_t stmt_assignment(void *ctx)
{
    (void)ctx;
    int var = ident();
    expect('=');
    uint32_t v = parse_expr();
    expect(';');
    P.vars[var] = v;
    ++P.assignments;
    return 0;
}

static int32_t stmt_call(void *ctx)
{
    (void)ctx;
    int callee = ident();
    expect('(');
    uint32_t a = parse_expr();
    expect(',');
    uint32_t b = parse_expr();
    expect(')');
    expect(';');
    P.vars[callee] ^= a * 31u + b;
    ++P.calls;
    return 1;
}

static int32_t stmt_conditional(void *ctx)
{
    (void)ctx;
    uint32_t c = parse_expr();
    expect('?');
    uint32_t a = parse_expr();
    expect(':');
    uint32_t b = parse_expr();
    expect(';');
    mix(c != 0 ? a : b);
    ++P.conditionals;
    return 2;
}

static int32_t stmt_expression(void *ctx)
{
    (void)ctx;
    uint32_t v = parse_expr();
    expect(';');
    mix(v);
    ++P.expressions;
    return 3;
}

/* Tries each form from the statement's start; a syntax failure moves on to the next form,
 * any other failure leaves (rethrown by eh_try_reason). When none matches, fails at the
 * furthest position any of them reached. */
static int32_t statement(void *ctx)
{
    (void)ctx;
    static const eh_body forms[] = {stmt_assignment, stmt_call, stmt_conditional, stmt_expression};
    uint32_t start = P.pos;
    uint32_t furthest = start;
    for (int i = 0; i < 4; ++i) {
        P.pos = start;
        int32_t r = eh_try_reason(forms[i], 0, R_SYNTAX);
        if (r >= 0)
            return r;
        uint32_t at = (uint32_t)(-1 - r) >> 4;
        if (at > furthest)
            furthest = at;
        ++P.backtracks;
    }
    P.pos = furthest;
    fail(R_SYNTAX);
}

static void parse_text(void)
{
    P.pos = 0;
    for (;;) {
        skip_space();
        if (text[P.pos] == 0)
            return;
        int32_t r = eh_try(statement, 0);
        if (P.depth != 0) {
            fprintf(stderr, "exceptions: nesting not restored (%u)\n", (unsigned)P.depth);
            exit(1);
        }
        if (r >= 0) {
            mix((uint32_t)r);
            continue;
        }
        uint32_t payload = (uint32_t)(-1 - r);
        if ((payload & 15) == R_DIVZERO)
            ++P.division_errors;
        else
            ++P.syntax_errors;
        mix(payload);
        /* recover: skip past the statement's ';' */
        P.pos = payload >> 4;
        while (text[P.pos] != 0 && text[P.pos] != ';')
            ++P.pos;
        if (text[P.pos] == ';')
            ++P.pos;
    }
}

/* ---- the search -------------------------------------------------------------------------- */

#define ITEMS 16
struct search {
    uint32_t items[ITEMS];
    uint32_t target;
    uint32_t nodes;
};

static void dfs(struct search *s, int i, uint32_t sum, uint32_t chosen)
{
    ++s->nodes;
    if (sum == s->target) {
        ++throws;
        eh_found((int32_t)chosen, (int32_t)s->nodes);
    }
    if (i == ITEMS || sum > s->target)
        return;
    dfs(s, i + 1, sum + s->items[i], chosen | 1u << i);
    dfs(s, i + 1, sum, chosen);
}

static int32_t search_body(void *ctx)
{
    dfs(ctx, 0, 0, 0);
    return 0;
}

static void search_round(void)
{
    struct search s;
    uint32_t subset = rng();
    s.target = 0;
    s.nodes = 0;
    for (int i = 0; i < ITEMS; ++i) {
        s.items[i] = 1 + rng() % 500;
        if (subset >> i & 1)
            s.target += s.items[i];
    }
    if (rng() % 8 == 0)
        s.target += 9000; /* out of reach: the whole tree, no exception */
    int32_t nodes = 0;
    int32_t chosen = eh_search(search_body, &s, &nodes);
    mix((uint32_t)chosen);
    mix((uint32_t)nodes);
    mix(s.nodes);
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    for (uint32_t unit = 0; unit < scale; ++unit) {
        text_len = 0;
        while (text_len + 600 < TEXT_CAP)
            gen_statement();
        text[text_len] = 0;
        parse_text();
        for (int k = 0; k < 4; ++k)
            search_round();
    }
    for (int i = 0; i < 26; ++i)
        mix(P.vars[i]);
    mix(P.assignments);
    mix(P.calls);
    mix(P.conditionals);
    mix(P.expressions);
    mix(P.syntax_errors);
    mix(P.division_errors);
    mix(P.backtracks);
    mix(P.undos);
    printf("exceptions: %08x-%u\n", (unsigned)checksum, (unsigned)throws);
    return 0;
}

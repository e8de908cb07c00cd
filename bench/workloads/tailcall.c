/* tailcall.c - tail-call workload.
 *
 * Two programs written in continuation style, where every step ends by calling the next one:
 *   - a scanner: one function per state of a small automaton (identifiers, numbers, strings,
 *     comments, operators) over generated text, each state calling the state for the next
 *     character directly;
 *   - a threaded-code interpreter: each operation of a small register machine is a function
 *     that calls the next operation's handler through a function table.
 * Built for wasm32 with -mtail-call, those calls are return_call and return_call_indirect
 * (clang's musttail); natively and without tail calls they are ordinary calls, so every chain
 * is kept short enough (at most a few thousand calls) to run on any stack.
 *
 * Usage: tailcall [SCALE]   (work is proportional to SCALE)
 * Output: "tailcall: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DEFAULT_SCALE 1200u
#define MAX_SCALE 1000000u

#if defined(__clang__) && defined(__wasm_tail_call__)
#define TAIL __attribute__((musttail))
#else
#define TAIL
#endif

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

static uint32_t rng_state = 0x2545F491u;
static uint32_t rng(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

/* ---- the scanner ---------------------------------------------------------------------- */

#define TEXT_LEN 2048
static unsigned char text[TEXT_LEN + 1];

struct counts {
    uint32_t idents, numbers, strings, comments, ops, hash;
};

static uint32_t scan_start(const unsigned char *p, struct counts *c);
static uint32_t scan_ident(const unsigned char *p, struct counts *c);
static uint32_t scan_number(const unsigned char *p, struct counts *c);
static uint32_t scan_string(const unsigned char *p, struct counts *c);
static uint32_t scan_comment(const unsigned char *p, struct counts *c);

static int is_alpha(unsigned char ch) { return (ch >= 'a' && ch <= 'z') || ch == '_'; }
static int is_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }

__attribute__((noinline)) static uint32_t scan_start(const unsigned char *p, struct counts *c)
{
    unsigned char ch = *p;
    if (ch == 0)
        return c->hash;
    c->hash = (c->hash ^ ch) * 16777619u;
    if (is_alpha(ch)) {
        c->idents++;
        TAIL return scan_ident(p + 1, c);
    }
    if (is_digit(ch)) {
        c->numbers++;
        TAIL return scan_number(p + 1, c);
    }
    if (ch == '"') {
        c->strings++;
        TAIL return scan_string(p + 1, c);
    }
    if (ch == '#') {
        c->comments++;
        TAIL return scan_comment(p + 1, c);
    }
    if (ch != ' ')
        c->ops++;
    TAIL return scan_start(p + 1, c);
}

__attribute__((noinline)) static uint32_t scan_ident(const unsigned char *p, struct counts *c)
{
    if (is_alpha(*p) || is_digit(*p)) {
        c->hash += *p;
        TAIL return scan_ident(p + 1, c);
    }
    TAIL return scan_start(p, c);
}

__attribute__((noinline)) static uint32_t scan_number(const unsigned char *p, struct counts *c)
{
    if (is_digit(*p)) {
        c->hash = c->hash * 10u + (uint32_t)(*p - '0');
        TAIL return scan_number(p + 1, c);
    }
    TAIL return scan_start(p, c);
}

__attribute__((noinline)) static uint32_t scan_string(const unsigned char *p, struct counts *c)
{
    if (*p == 0)
        return c->hash;
    if (*p == '"')
        TAIL return scan_start(p + 1, c);
    c->hash = (c->hash << 1 | c->hash >> 31) ^ *p;
    TAIL return scan_string(p + 1, c);
}

__attribute__((noinline)) static uint32_t scan_comment(const unsigned char *p, struct counts *c)
{
    if (*p == 0)
        return c->hash;
    if (*p == '\n')
        TAIL return scan_start(p + 1, c);
    TAIL return scan_comment(p + 1, c);
}

static void make_text(void)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz_0123456789 \"#\n+-*/=(){};,";
    for (int i = 0; i < TEXT_LEN; ++i)
        text[i] = (unsigned char)alphabet[rng() % (sizeof alphabet - 1)];
    text[TEXT_LEN] = 0;
}

/* ---- the threaded-code interpreter ------------------------------------------------------ */

struct vm;
typedef uint32_t (*handler)(struct vm *vm, const uint8_t *pc, uint32_t acc);
enum { OP_ADD, OP_XOR, OP_MUL, OP_ROT, OP_LOAD, OP_STORE, OP_LOOP, OP_HALT, OP_COUNT };
struct vm {
    const handler *table;
    uint32_t regs[8];
    uint32_t counter;
    const uint8_t *code;
};
#define NEXT(vm, pc, acc) TAIL return (vm)->table[(pc)[0]]((vm), (pc), (acc))

__attribute__((noinline)) static uint32_t op_add(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    acc += vm->regs[pc[1] & 7];
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_xor(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    acc ^= (uint32_t)pc[1] * 0x9E3779B9u;
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_mul(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    acc *= (uint32_t)pc[1] | 1u;
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_rot(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    uint32_t k = pc[1] & 31;
    acc = k ? (acc << k | acc >> (32 - k)) : acc;
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_load(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    acc = acc + vm->regs[pc[1] & 7] * 3u;
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_store(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    vm->regs[pc[1] & 7] ^= acc;
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_loop(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    /* Back to the start while the counter lasts: a loop made of tail calls. */
    if (vm->counter-- > 0)
        NEXT(vm, vm->code, acc);
    NEXT(vm, pc + 2, acc);
}
__attribute__((noinline)) static uint32_t op_halt(struct vm *vm, const uint8_t *pc, uint32_t acc)
{
    (void)vm;
    (void)pc;
    return acc;
}

static const handler handlers[OP_COUNT] = {op_add, op_xor, op_mul, op_rot, op_load, op_store, op_loop, op_halt};

#define PROGRAM_OPS 24
static uint8_t program[2 * PROGRAM_OPS + 4];

static void make_program(void)
{
    for (int i = 0; i < PROGRAM_OPS; ++i) {
        program[2 * i] = (uint8_t)(rng() % OP_LOOP);
        program[2 * i + 1] = (uint8_t)rng();
    }
    program[2 * PROGRAM_OPS] = OP_LOOP;
    program[2 * PROGRAM_OPS + 1] = 0;
    program[2 * PROGRAM_OPS + 2] = OP_HALT;
    program[2 * PROGRAM_OPS + 3] = 0;
}

static uint32_t run_vm(uint32_t seed, uint32_t loops)
{
    struct vm vm;
    vm.table = handlers;
    for (int i = 0; i < 8; ++i)
        vm.regs[i] = seed * (uint32_t)(i + 1);
    /* At most 100 passes (2,500 calls) a chain, to stay within any native stack. */
    vm.counter = loops;
    vm.code = program;
    return handlers[program[0]](&vm, program, seed);
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);
    uint32_t checksum = 0;
    struct counts c = {0, 0, 0, 0, 0, 2166136261u};
    for (uint32_t round = 0; round < scale; ++round) {
        make_text();
        for (int pass = 0; pass < 20; ++pass) {
            c.hash ^= round + (uint32_t)pass;
            checksum = checksum * 31u + scan_start(text, &c);
        }
        make_program();
        for (int pass = 0; pass < 20; ++pass)
            checksum = (checksum ^ run_vm(checksum + (uint32_t)pass, 100)) * 0x01000193u;
    }
    checksum ^= c.idents * 3u + c.numbers * 5u + c.strings * 7u + c.comments * 11u + c.ops * 13u;
    printf("tailcall: %08x\n", (unsigned)checksum);
    return 0;
}

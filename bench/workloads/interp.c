/* interp.c - a branchy byte-code interpreter.
 *
 * Defines a small stack VM (32 opcodes, switch dispatch, 8-bit opcodes with
 * 8/16/32-bit little-endian immediates, call frames with locals, a global
 * word memory), assembles a program for it with a label-resolving
 * assembler, and runs the program many times with different parameters.
 * The program counts primes by trial division, computes Fibonacci numbers
 * recursively (VM-level calls), fills and insertion-sorts an array in
 * global memory, and runs a bit-mixing loop.
 *
 * Usage: interp [SCALE]   (SCALE = number of program runs)
 * Output: "interp: <hex checksum>"
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SCALE 750u
#define MAX_SCALE 1000000u

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

enum opcode {
    OP_HALT,
    OP_PUSH,   /* imm32 */
    OP_PUSH8,  /* imm8, zero-extended */
    OP_POP,
    OP_DUP,
    OP_SWAP,
    OP_OVER,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIVU,   /* x / 0 == 0 */
    OP_REMU,   /* x % 0 == x */
    OP_AND,
    OP_OR,
    OP_XOR,
    OP_SHL,
    OP_SHRU,
    OP_NOT,    /* logical not */
    OP_LTU,
    OP_EQ,
    OP_JMP,    /* abs16 */
    OP_JZ,     /* abs16 */
    OP_JNZ,    /* abs16 */
    OP_CALL,   /* abs16, nargs8 */
    OP_RET,
    OP_LOAD,   /* local8 */
    OP_STORE,  /* local8 */
    OP_INC,    /* local8, simm8 */
    OP_GLOAD,  /* addr from stack */
    OP_GSTORE, /* stack: value addr */
    OP_EMIT,   /* pop value into checksum */
    OP_NOP
};

#define CODE_MAX 4096u
#define MAX_LABELS 64u
#define MAX_FIXUPS 128u
#define STACK_MAX 256u
#define FRAMES_MAX 128u
#define NLOCALS 8u
#define GMEM_WORDS 256u

/* ---------------------------------------------------------------- assembler */

static uint8_t code[CODE_MAX];
static uint32_t code_len;
static uint32_t label_pos[MAX_LABELS];
static uint32_t n_labels;
static struct {
    uint32_t at, label;
} fixups[MAX_FIXUPS];
static uint32_t n_fixups;
static int asm_error;

static void put8(uint32_t v)
{
    if (code_len >= CODE_MAX) {
        asm_error = 1;
        return;
    }
    code[code_len++] = (uint8_t)v;
}

static void put16(uint32_t v)
{
    put8(v & 0xffu);
    put8((v >> 8) & 0xffu);
}

static uint32_t new_label(void)
{
    if (n_labels >= MAX_LABELS) {
        asm_error = 1;
        return 0;
    }
    label_pos[n_labels] = UINT32_MAX;
    return n_labels++;
}

static void bind(uint32_t label) { label_pos[label] = code_len; }

static void op(enum opcode o) { put8((uint32_t)o); }

static void op_push(uint32_t v)
{
    if (v < 256u) {
        op(OP_PUSH8);
        put8(v);
    } else {
        op(OP_PUSH);
        put16(v & 0xffffu);
        put16(v >> 16);
    }
}

static void op_local(enum opcode o, uint32_t idx)
{
    op(o);
    put8(idx);
}

static void op_inc(uint32_t idx, int32_t delta)
{
    op(OP_INC);
    put8(idx);
    put8((uint32_t)delta & 0xffu);
}

static void op_ref(uint32_t label)
{
    if (n_fixups >= MAX_FIXUPS) {
        asm_error = 1;
        return;
    }
    fixups[n_fixups].at = code_len;
    fixups[n_fixups].label = label;
    n_fixups++;
    put16(0);
}

static void op_jump(enum opcode o, uint32_t label)
{
    op(o);
    op_ref(label);
}

static void op_call(uint32_t label, uint32_t nargs)
{
    op(OP_CALL);
    op_ref(label);
    put8(nargs);
}

static void resolve(void)
{
    for (uint32_t i = 0; i < n_fixups; i++) {
        uint32_t pos = label_pos[fixups[i].label];
        if (pos == UINT32_MAX || pos > 0xffffu) {
            asm_error = 1;
            continue;
        }
        code[fixups[i].at] = (uint8_t)pos;
        code[fixups[i].at + 1u] = (uint8_t)(pos >> 8);
    }
}

/* Locals of the main routine: 0 = parameter p (set by the host). */
static void assemble(void)
{
    uint32_t f_primes = new_label(), f_fib = new_label(), f_arr = new_label();
    uint32_t l_mix = new_label(), l_end = new_label();

    /* ---- main ---- */
    /* primes(1000 + (p & 511)) */
    op_local(OP_LOAD, 0);
    op_push(511);
    op(OP_AND);
    op_push(1000);
    op(OP_ADD);
    op_call(f_primes, 1);
    op(OP_EMIT);
    /* fib(12 + (p & 7)) */
    op_local(OP_LOAD, 0);
    op_push(7);
    op(OP_AND);
    op_push(12);
    op(OP_ADD);
    op_call(f_fib, 1);
    op(OP_EMIT);
    /* arr(p ^ 0x9e3779b9, 64 + (p & 63)) */
    op_local(OP_LOAD, 0);
    op_push(0x9e3779b9u);
    op(OP_XOR);
    op_local(OP_LOAD, 0);
    op_push(63);
    op(OP_AND);
    op_push(64);
    op(OP_ADD);
    op_call(f_arr, 2);
    op(OP_EMIT);
    /* bit-mixing loop: k = 0; x = p; while (k != 200) {...} */
    op_push(0);
    op_local(OP_STORE, 1);
    op_local(OP_LOAD, 0);
    op_local(OP_STORE, 2);
    bind(l_mix);
    op_local(OP_LOAD, 1);
    op_push(200);
    op(OP_EQ);
    op(OP_NOT);
    op_jump(OP_JZ, l_end);
    /* x ^= x << 5 */
    op_local(OP_LOAD, 2);
    op(OP_DUP);
    op_push(5);
    op(OP_SHL);
    op(OP_XOR);
    op_local(OP_STORE, 2);
    /* t = x - x / 3 */
    op_local(OP_LOAD, 2);
    op_push(3);
    op(OP_DIVU);
    op_local(OP_LOAD, 2);
    op(OP_SWAP);
    op(OP_SUB);
    op_local(OP_STORE, 3);
    /* x = t ^ (x | t) ^ (x >> 7) + k */
    op_local(OP_LOAD, 3);
    op_local(OP_LOAD, 2);
    op(OP_OVER);
    op(OP_OR);
    op(OP_XOR);
    op_local(OP_LOAD, 2);
    op_push(7);
    op(OP_SHRU);
    op(OP_XOR);
    op_local(OP_LOAD, 1);
    op(OP_ADD);
    op_local(OP_STORE, 2);
    op_push(1);
    op(OP_POP);
    op(OP_NOP);
    op_inc(1, 1);
    op_jump(OP_JMP, l_mix);
    bind(l_end);
    op_local(OP_LOAD, 2);
    op(OP_EMIT);
    op(OP_HALT);

    /* ---- primes(n): count primes in [2, n) by trial division ----
     * locals: 0 = n, 1 = count, 2 = i, 3 = d */
    {
        uint32_t loop_i = new_label(), loop_d = new_label(), is_prime = new_label();
        uint32_t next = new_label(), done = new_label();
        bind(f_primes);
        op_push(0);
        op_local(OP_STORE, 1);
        op_push(2);
        op_local(OP_STORE, 2);
        bind(loop_i);
        op_local(OP_LOAD, 2);
        op_local(OP_LOAD, 0);
        op(OP_LTU);
        op_jump(OP_JZ, done);
        op_push(2);
        op_local(OP_STORE, 3);
        bind(loop_d);
        op_local(OP_LOAD, 2); /* if (i < d * d) prime */
        op_local(OP_LOAD, 3);
        op(OP_DUP);
        op(OP_MUL);
        op(OP_LTU);
        op_jump(OP_JNZ, is_prime);
        op_local(OP_LOAD, 2); /* if (i % d == 0) not prime */
        op_local(OP_LOAD, 3);
        op(OP_REMU);
        op_jump(OP_JZ, next);
        op_inc(3, 1);
        op_jump(OP_JMP, loop_d);
        bind(is_prime);
        op_inc(1, 1);
        bind(next);
        op_inc(2, 1);
        op_jump(OP_JMP, loop_i);
        bind(done);
        op_local(OP_LOAD, 1);
        op(OP_RET);
    }

    /* ---- fib(n), recursive ---- locals: 0 = n */
    {
        uint32_t rec = new_label();
        bind(f_fib);
        op_local(OP_LOAD, 0);
        op_push(2);
        op(OP_LTU);
        op_jump(OP_JZ, rec);
        op_local(OP_LOAD, 0);
        op(OP_RET);
        bind(rec);
        op_local(OP_LOAD, 0);
        op_push(1);
        op(OP_SUB);
        op_call(f_fib, 1);
        op_local(OP_LOAD, 0);
        op_push(2);
        op(OP_SUB);
        op_call(f_fib, 1);
        op(OP_ADD);
        op(OP_RET);
    }

    /* ---- arr(seed, n): fill g[0..n) with an LCG, insertion sort, hash ----
     * locals: 0 = seed, 1 = n, 2 = i, 3 = j, 4 = v, 5 = acc */
    {
        uint32_t fill = new_label(), sort_i = new_label(), sort_j = new_label();
        uint32_t insert = new_label(), sum = new_label(), sum_loop = new_label();
        uint32_t ret = new_label();
        bind(f_arr);
        op_push(0);
        op_local(OP_STORE, 2);
        bind(fill);
        op_local(OP_LOAD, 2);
        op_local(OP_LOAD, 1);
        op(OP_LTU);
        op_jump(OP_JZ, sort_i);
        op_local(OP_LOAD, 0);
        op_push(1103515245u);
        op(OP_MUL);
        op_push(12345u);
        op(OP_ADD);
        op(OP_DUP);
        op_local(OP_STORE, 0);
        op_push(16);
        op(OP_SHRU);
        op_local(OP_LOAD, 2);
        op(OP_GSTORE); /* g[i] = seed >> 16 */
        op_inc(2, 1);
        op_jump(OP_JMP, fill);

        bind(sort_i); /* i = 1 */
        op_push(1);
        op_local(OP_STORE, 2);
        {
            uint32_t outer = new_label();
            bind(outer);
            op_local(OP_LOAD, 2);
            op_local(OP_LOAD, 1);
            op(OP_LTU);
            op_jump(OP_JZ, sum);
            op_local(OP_LOAD, 2);
            op(OP_GLOAD);
            op_local(OP_STORE, 4); /* v = g[i] */
            op_local(OP_LOAD, 2);
            op_local(OP_STORE, 3); /* j = i */
            bind(sort_j);
            op_local(OP_LOAD, 3);
            op_jump(OP_JZ, insert); /* while (j != 0 && v < g[j-1]) */
            op_local(OP_LOAD, 4);
            op_local(OP_LOAD, 3);
            op_push(1);
            op(OP_SUB);
            op(OP_GLOAD);
            op(OP_LTU);
            op_jump(OP_JZ, insert);
            op_local(OP_LOAD, 3); /* g[j] = g[j-1] */
            op_push(1);
            op(OP_SUB);
            op(OP_GLOAD);
            op_local(OP_LOAD, 3);
            op(OP_GSTORE);
            op_inc(3, -1);
            op_jump(OP_JMP, sort_j);
            bind(insert);
            op_local(OP_LOAD, 4); /* g[j] = v */
            op_local(OP_LOAD, 3);
            op(OP_GSTORE);
            op_inc(2, 1);
            op_jump(OP_JMP, outer);
        }

        bind(sum); /* acc = 0; for (i = 0; i < n; i++) acc = acc * 31 ^ g[i] */
        op_push(0);
        op_local(OP_STORE, 5);
        op_push(0);
        op_local(OP_STORE, 2);
        bind(sum_loop);
        op_local(OP_LOAD, 2);
        op_local(OP_LOAD, 1);
        op(OP_LTU);
        op_jump(OP_JZ, ret);
        op_local(OP_LOAD, 5);
        op_push(31);
        op(OP_MUL);
        op_local(OP_LOAD, 2);
        op(OP_GLOAD);
        op(OP_XOR);
        op_local(OP_STORE, 5);
        op_inc(2, 1);
        op_jump(OP_JMP, sum_loop);
        bind(ret);
        op_local(OP_LOAD, 5);
        op(OP_RET);
    }

    resolve();
}

/* ---------------------------------------------------------------------- VM */

struct frame {
    uint32_t ret_pc;
    uint32_t locals[NLOCALS];
};

static uint32_t stack[STACK_MAX];
static struct frame frames[FRAMES_MAX];
static uint32_t gmem[GMEM_WORDS];

struct vm_result {
    uint32_t checksum;
    uint32_t steps;
    int error;
};

static struct vm_result run(uint32_t param)
{
    struct vm_result res = {2166136261u, 0, 0};
    uint32_t pc = 0, sp = 0, fp = 0;
    struct frame *f = &frames[0];
    memset(f->locals, 0, sizeof f->locals);
    f->locals[0] = param;

#define NEED(n)                                                                                    \
    do {                                                                                           \
        if (sp < (n))                                                                              \
            goto fail;                                                                             \
    } while (0)
#define ROOM(n)                                                                                    \
    do {                                                                                           \
        if (sp + (n) > STACK_MAX)                                                                  \
            goto fail;                                                                             \
    } while (0)
#define BINOP(expr)                                                                                \
    do {                                                                                           \
        NEED(2);                                                                                   \
        uint32_t b = stack[--sp];                                                                  \
        uint32_t a = stack[sp - 1u];                                                               \
        stack[sp - 1u] = (expr);                                                                   \
    } while (0)

    for (;;) {
        if (pc >= code_len)
            goto fail;
        uint8_t o = code[pc++];
        res.steps++;
        switch (o) {
        case OP_HALT:
            return res;
        case OP_PUSH:
            ROOM(1);
            stack[sp++] = (uint32_t)code[pc] | ((uint32_t)code[pc + 1u] << 8) |
                          ((uint32_t)code[pc + 2u] << 16) | ((uint32_t)code[pc + 3u] << 24);
            pc += 4u;
            break;
        case OP_PUSH8:
            ROOM(1);
            stack[sp++] = code[pc++];
            break;
        case OP_POP:
            NEED(1);
            sp--;
            break;
        case OP_DUP:
            NEED(1);
            ROOM(1);
            stack[sp] = stack[sp - 1u];
            sp++;
            break;
        case OP_SWAP: {
            NEED(2);
            uint32_t t = stack[sp - 1u];
            stack[sp - 1u] = stack[sp - 2u];
            stack[sp - 2u] = t;
            break;
        }
        case OP_OVER:
            NEED(2);
            ROOM(1);
            stack[sp] = stack[sp - 2u];
            sp++;
            break;
        case OP_ADD:
            BINOP(a + b);
            break;
        case OP_SUB:
            BINOP(a - b);
            break;
        case OP_MUL:
            BINOP(a * b);
            break;
        case OP_DIVU:
            BINOP(b ? a / b : 0u);
            break;
        case OP_REMU:
            BINOP(b ? a % b : a);
            break;
        case OP_AND:
            BINOP(a & b);
            break;
        case OP_OR:
            BINOP(a | b);
            break;
        case OP_XOR:
            BINOP(a ^ b);
            break;
        case OP_SHL:
            BINOP(a << (b & 31u));
            break;
        case OP_SHRU:
            BINOP(a >> (b & 31u));
            break;
        case OP_NOT:
            NEED(1);
            stack[sp - 1u] = stack[sp - 1u] == 0u;
            break;
        case OP_LTU:
            BINOP(a < b);
            break;
        case OP_EQ:
            BINOP(a == b);
            break;
        case OP_JMP:
            pc = (uint32_t)code[pc] | ((uint32_t)code[pc + 1u] << 8);
            break;
        case OP_JZ:
        case OP_JNZ: {
            NEED(1);
            uint32_t v = stack[--sp];
            uint32_t target = (uint32_t)code[pc] | ((uint32_t)code[pc + 1u] << 8);
            pc += 2u;
            if ((v == 0u) == (o == OP_JZ))
                pc = target;
            break;
        }
        case OP_CALL: {
            uint32_t target = (uint32_t)code[pc] | ((uint32_t)code[pc + 1u] << 8);
            uint32_t nargs = code[pc + 2u];
            pc += 3u;
            if (fp + 1u >= FRAMES_MAX || nargs > NLOCALS)
                goto fail;
            NEED(nargs);
            f = &frames[++fp];
            f->ret_pc = pc;
            memset(f->locals, 0, sizeof f->locals);
            sp -= nargs;
            for (uint32_t i = 0; i < nargs; i++)
                f->locals[i] = stack[sp + i];
            pc = target;
            break;
        }
        case OP_RET:
            if (fp == 0u)
                goto fail;
            pc = f->ret_pc;
            f = &frames[--fp];
            break;
        case OP_LOAD:
            ROOM(1);
            stack[sp++] = f->locals[code[pc++] & (NLOCALS - 1u)];
            break;
        case OP_STORE:
            NEED(1);
            f->locals[code[pc++] & (NLOCALS - 1u)] = stack[--sp];
            break;
        case OP_INC: {
            uint32_t idx = code[pc] & (NLOCALS - 1u);
            uint32_t delta = code[pc + 1u];
            pc += 2u;
            f->locals[idx] += (delta & 0x80u) ? delta | 0xffffff00u : delta;
            break;
        }
        case OP_GLOAD:
            NEED(1);
            stack[sp - 1u] = gmem[stack[sp - 1u] % GMEM_WORDS];
            break;
        case OP_GSTORE: {
            NEED(2);
            uint32_t addr = stack[--sp];
            uint32_t val = stack[--sp];
            gmem[addr % GMEM_WORDS] = val;
            break;
        }
        case OP_EMIT:
            NEED(1);
            res.checksum = (res.checksum ^ stack[--sp]) * 16777619u;
            break;
        case OP_NOP:
            break;
        default:
            goto fail;
        }
    }
fail:
    res.error = 1;
    return res;
#undef NEED
#undef ROOM
#undef BINOP
}

int main(int argc, char **argv)
{
    uint32_t scale = parse_scale(argc, argv, DEFAULT_SCALE);

    assemble();
    if (asm_error) {
        printf("interp: ASSEMBLY-FAILED\n");
        return 1;
    }

    uint32_t h = 0x811c9dc5u;
    uint64_t total_steps = 0;
    for (uint32_t r = 0; r < scale; r++) {
        struct vm_result res = run(r * 2654435761u);
        if (res.error) {
            printf("interp: VM-ERROR\n");
            return 1;
        }
        total_steps += res.steps;
        h = (h ^ res.checksum) * 16777619u;
    }

    printf("interp: %08x-%llu\n", (unsigned)h, (unsigned long long)total_steps);
    return 0;
}

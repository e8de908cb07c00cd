// Every WebAssembly instruction WRT knows, written once.
//
//   X(id, prefix, code, "text", immediate, signature, access_bytes, feature)
//
//   id            the C++ name (Opcode::i32_add)
//   prefix        0 for one-byte opcodes, 0xFC, 0xFD or 0xFE for the prefixed ones
//   code          the opcode byte, or the LEB128 u32 after the prefix
//   text          the name in the text format
//   immediate     what follows the opcode (ImmediateKind)
//   signature     the typing rule as operand types "_" result types (OpSignature); e = nothing,
//                 i = i32, l = i64, f = f32, d = f64, v = v128. `special` means the validator
//                 types it by hand (control, parametric, variable, table and reference ops).
//   access_bytes  bytes a memory access touches (its natural alignment); 0 for the rest
//   feature       the proposal that introduced it (Feature)
//
// The decoder, the validator, the interpreter's translator and the disassembler all expand
// this table; there is no other list of opcodes.
#pragma once

#include <wrt/platform.hpp>  // which proposals this build compiles in

// clang-format off
#define WRT_OPCODES_SINGLE(X) \
  X(unreachable,          0x00, 0x00, "unreachable",          none,           special, 0, mvp) \
  X(nop,                  0x00, 0x01, "nop",                  none,           e_e,     0, mvp) \
  X(block,                0x00, 0x02, "block",                block_type,     special, 0, mvp) \
  X(loop,                 0x00, 0x03, "loop",                 block_type,     special, 0, mvp) \
  X(if_,                  0x00, 0x04, "if",                   block_type,     special, 0, mvp) \
  X(else_,                0x00, 0x05, "else",                 none,           special, 0, mvp) \
  WRT_OPCODES_EXCEPTIONS(X) \
  X(end,                  0x00, 0x0B, "end",                  none,           special, 0, mvp) \
  X(br,                   0x00, 0x0C, "br",                   label,          special, 0, mvp) \
  X(br_if,                0x00, 0x0D, "br_if",                label,          special, 0, mvp) \
  X(br_table,             0x00, 0x0E, "br_table",             label_table,    special, 0, mvp) \
  X(return_,              0x00, 0x0F, "return",               none,           special, 0, mvp) \
  X(call,                 0x00, 0x10, "call",                 function,       special, 0, mvp) \
  X(call_indirect,        0x00, 0x11, "call_indirect",        call_indirect,  special, 0, mvp) \
  X(drop,                 0x00, 0x1A, "drop",                 none,           special, 0, mvp) \
  X(select,               0x00, 0x1B, "select",               none,           special, 0, mvp) \
  X(select_t,             0x00, 0x1C, "select",               select_types,   special, 0, reference_types) \
  X(local_get,            0x00, 0x20, "local.get",            local,          special, 0, mvp) \
  X(local_set,            0x00, 0x21, "local.set",            local,          special, 0, mvp) \
  X(local_tee,            0x00, 0x22, "local.tee",            local,          special, 0, mvp) \
  X(global_get,           0x00, 0x23, "global.get",           global,         special, 0, mvp) \
  X(global_set,           0x00, 0x24, "global.set",           global,         special, 0, mvp) \
  X(table_get,            0x00, 0x25, "table.get",            table,          special, 0, reference_types) \
  X(table_set,            0x00, 0x26, "table.set",            table,          special, 0, reference_types) \
  X(i32_load,             0x00, 0x28, "i32.load",             memarg,         i_i,     4, mvp) \
  X(i64_load,             0x00, 0x29, "i64.load",             memarg,         i_l,     8, mvp) \
  X(f32_load,             0x00, 0x2A, "f32.load",             memarg,         i_f,     4, mvp) \
  X(f64_load,             0x00, 0x2B, "f64.load",             memarg,         i_d,     8, mvp) \
  X(i32_load8_s,          0x00, 0x2C, "i32.load8_s",          memarg,         i_i,     1, mvp) \
  X(i32_load8_u,          0x00, 0x2D, "i32.load8_u",          memarg,         i_i,     1, mvp) \
  X(i32_load16_s,         0x00, 0x2E, "i32.load16_s",         memarg,         i_i,     2, mvp) \
  X(i32_load16_u,         0x00, 0x2F, "i32.load16_u",         memarg,         i_i,     2, mvp) \
  X(i64_load8_s,          0x00, 0x30, "i64.load8_s",          memarg,         i_l,     1, mvp) \
  X(i64_load8_u,          0x00, 0x31, "i64.load8_u",          memarg,         i_l,     1, mvp) \
  X(i64_load16_s,         0x00, 0x32, "i64.load16_s",         memarg,         i_l,     2, mvp) \
  X(i64_load16_u,         0x00, 0x33, "i64.load16_u",         memarg,         i_l,     2, mvp) \
  X(i64_load32_s,         0x00, 0x34, "i64.load32_s",         memarg,         i_l,     4, mvp) \
  X(i64_load32_u,         0x00, 0x35, "i64.load32_u",         memarg,         i_l,     4, mvp) \
  X(i32_store,            0x00, 0x36, "i32.store",            memarg,         ii_e,    4, mvp) \
  X(i64_store,            0x00, 0x37, "i64.store",            memarg,         il_e,    8, mvp) \
  X(f32_store,            0x00, 0x38, "f32.store",            memarg,         if_e,    4, mvp) \
  X(f64_store,            0x00, 0x39, "f64.store",            memarg,         id_e,    8, mvp) \
  X(i32_store8,           0x00, 0x3A, "i32.store8",           memarg,         ii_e,    1, mvp) \
  X(i32_store16,          0x00, 0x3B, "i32.store16",          memarg,         ii_e,    2, mvp) \
  X(i64_store8,           0x00, 0x3C, "i64.store8",           memarg,         il_e,    1, mvp) \
  X(i64_store16,          0x00, 0x3D, "i64.store16",          memarg,         il_e,    2, mvp) \
  X(i64_store32,          0x00, 0x3E, "i64.store32",          memarg,         il_e,    4, mvp) \
  X(memory_size,          0x00, 0x3F, "memory.size",          memory,         e_i,     0, mvp) \
  X(memory_grow,          0x00, 0x40, "memory.grow",          memory,         i_i,     0, mvp) \
  X(i32_const,            0x00, 0x41, "i32.const",            i32,            e_i,     0, mvp) \
  X(i64_const,            0x00, 0x42, "i64.const",            i64,            e_l,     0, mvp) \
  X(f32_const,            0x00, 0x43, "f32.const",            f32,            e_f,     0, mvp) \
  X(f64_const,            0x00, 0x44, "f64.const",            f64,            e_d,     0, mvp) \
  X(i32_eqz,              0x00, 0x45, "i32.eqz",              none,           i_i,     0, mvp) \
  X(i32_eq,               0x00, 0x46, "i32.eq",               none,           ii_i,    0, mvp) \
  X(i32_ne,               0x00, 0x47, "i32.ne",               none,           ii_i,    0, mvp) \
  X(i32_lt_s,             0x00, 0x48, "i32.lt_s",             none,           ii_i,    0, mvp) \
  X(i32_lt_u,             0x00, 0x49, "i32.lt_u",             none,           ii_i,    0, mvp) \
  X(i32_gt_s,             0x00, 0x4A, "i32.gt_s",             none,           ii_i,    0, mvp) \
  X(i32_gt_u,             0x00, 0x4B, "i32.gt_u",             none,           ii_i,    0, mvp) \
  X(i32_le_s,             0x00, 0x4C, "i32.le_s",             none,           ii_i,    0, mvp) \
  X(i32_le_u,             0x00, 0x4D, "i32.le_u",             none,           ii_i,    0, mvp) \
  X(i32_ge_s,             0x00, 0x4E, "i32.ge_s",             none,           ii_i,    0, mvp) \
  X(i32_ge_u,             0x00, 0x4F, "i32.ge_u",             none,           ii_i,    0, mvp) \
  X(i64_eqz,              0x00, 0x50, "i64.eqz",              none,           l_i,     0, mvp) \
  X(i64_eq,               0x00, 0x51, "i64.eq",               none,           ll_i,    0, mvp) \
  X(i64_ne,               0x00, 0x52, "i64.ne",               none,           ll_i,    0, mvp) \
  X(i64_lt_s,             0x00, 0x53, "i64.lt_s",             none,           ll_i,    0, mvp) \
  X(i64_lt_u,             0x00, 0x54, "i64.lt_u",             none,           ll_i,    0, mvp) \
  X(i64_gt_s,             0x00, 0x55, "i64.gt_s",             none,           ll_i,    0, mvp) \
  X(i64_gt_u,             0x00, 0x56, "i64.gt_u",             none,           ll_i,    0, mvp) \
  X(i64_le_s,             0x00, 0x57, "i64.le_s",             none,           ll_i,    0, mvp) \
  X(i64_le_u,             0x00, 0x58, "i64.le_u",             none,           ll_i,    0, mvp) \
  X(i64_ge_s,             0x00, 0x59, "i64.ge_s",             none,           ll_i,    0, mvp) \
  X(i64_ge_u,             0x00, 0x5A, "i64.ge_u",             none,           ll_i,    0, mvp) \
  X(f32_eq,               0x00, 0x5B, "f32.eq",               none,           ff_i,    0, mvp) \
  X(f32_ne,               0x00, 0x5C, "f32.ne",               none,           ff_i,    0, mvp) \
  X(f32_lt,               0x00, 0x5D, "f32.lt",               none,           ff_i,    0, mvp) \
  X(f32_gt,               0x00, 0x5E, "f32.gt",               none,           ff_i,    0, mvp) \
  X(f32_le,               0x00, 0x5F, "f32.le",               none,           ff_i,    0, mvp) \
  X(f32_ge,               0x00, 0x60, "f32.ge",               none,           ff_i,    0, mvp) \
  X(f64_eq,               0x00, 0x61, "f64.eq",               none,           dd_i,    0, mvp) \
  X(f64_ne,               0x00, 0x62, "f64.ne",               none,           dd_i,    0, mvp) \
  X(f64_lt,               0x00, 0x63, "f64.lt",               none,           dd_i,    0, mvp) \
  X(f64_gt,               0x00, 0x64, "f64.gt",               none,           dd_i,    0, mvp) \
  X(f64_le,               0x00, 0x65, "f64.le",               none,           dd_i,    0, mvp) \
  X(f64_ge,               0x00, 0x66, "f64.ge",               none,           dd_i,    0, mvp) \
  X(i32_clz,              0x00, 0x67, "i32.clz",              none,           i_i,     0, mvp) \
  X(i32_ctz,              0x00, 0x68, "i32.ctz",              none,           i_i,     0, mvp) \
  X(i32_popcnt,           0x00, 0x69, "i32.popcnt",           none,           i_i,     0, mvp) \
  X(i32_add,              0x00, 0x6A, "i32.add",              none,           ii_i,    0, mvp) \
  X(i32_sub,              0x00, 0x6B, "i32.sub",              none,           ii_i,    0, mvp) \
  X(i32_mul,              0x00, 0x6C, "i32.mul",              none,           ii_i,    0, mvp) \
  X(i32_div_s,            0x00, 0x6D, "i32.div_s",            none,           ii_i,    0, mvp) \
  X(i32_div_u,            0x00, 0x6E, "i32.div_u",            none,           ii_i,    0, mvp) \
  X(i32_rem_s,            0x00, 0x6F, "i32.rem_s",            none,           ii_i,    0, mvp) \
  X(i32_rem_u,            0x00, 0x70, "i32.rem_u",            none,           ii_i,    0, mvp) \
  X(i32_and,              0x00, 0x71, "i32.and",              none,           ii_i,    0, mvp) \
  X(i32_or,               0x00, 0x72, "i32.or",               none,           ii_i,    0, mvp) \
  X(i32_xor,              0x00, 0x73, "i32.xor",              none,           ii_i,    0, mvp) \
  X(i32_shl,              0x00, 0x74, "i32.shl",              none,           ii_i,    0, mvp) \
  X(i32_shr_s,            0x00, 0x75, "i32.shr_s",            none,           ii_i,    0, mvp) \
  X(i32_shr_u,            0x00, 0x76, "i32.shr_u",            none,           ii_i,    0, mvp) \
  X(i32_rotl,             0x00, 0x77, "i32.rotl",             none,           ii_i,    0, mvp) \
  X(i32_rotr,             0x00, 0x78, "i32.rotr",             none,           ii_i,    0, mvp) \
  X(i64_clz,              0x00, 0x79, "i64.clz",              none,           l_l,     0, mvp) \
  X(i64_ctz,              0x00, 0x7A, "i64.ctz",              none,           l_l,     0, mvp) \
  X(i64_popcnt,           0x00, 0x7B, "i64.popcnt",           none,           l_l,     0, mvp) \
  X(i64_add,              0x00, 0x7C, "i64.add",              none,           ll_l,    0, mvp) \
  X(i64_sub,              0x00, 0x7D, "i64.sub",              none,           ll_l,    0, mvp) \
  X(i64_mul,              0x00, 0x7E, "i64.mul",              none,           ll_l,    0, mvp) \
  X(i64_div_s,            0x00, 0x7F, "i64.div_s",            none,           ll_l,    0, mvp) \
  X(i64_div_u,            0x00, 0x80, "i64.div_u",            none,           ll_l,    0, mvp) \
  X(i64_rem_s,            0x00, 0x81, "i64.rem_s",            none,           ll_l,    0, mvp) \
  X(i64_rem_u,            0x00, 0x82, "i64.rem_u",            none,           ll_l,    0, mvp) \
  X(i64_and,              0x00, 0x83, "i64.and",              none,           ll_l,    0, mvp) \
  X(i64_or,               0x00, 0x84, "i64.or",               none,           ll_l,    0, mvp) \
  X(i64_xor,              0x00, 0x85, "i64.xor",              none,           ll_l,    0, mvp) \
  X(i64_shl,              0x00, 0x86, "i64.shl",              none,           ll_l,    0, mvp) \
  X(i64_shr_s,            0x00, 0x87, "i64.shr_s",            none,           ll_l,    0, mvp) \
  X(i64_shr_u,            0x00, 0x88, "i64.shr_u",            none,           ll_l,    0, mvp) \
  X(i64_rotl,             0x00, 0x89, "i64.rotl",             none,           ll_l,    0, mvp) \
  X(i64_rotr,             0x00, 0x8A, "i64.rotr",             none,           ll_l,    0, mvp) \
  X(f32_abs,              0x00, 0x8B, "f32.abs",              none,           f_f,     0, mvp) \
  X(f32_neg,              0x00, 0x8C, "f32.neg",              none,           f_f,     0, mvp) \
  X(f32_ceil,             0x00, 0x8D, "f32.ceil",             none,           f_f,     0, mvp) \
  X(f32_floor,            0x00, 0x8E, "f32.floor",            none,           f_f,     0, mvp) \
  X(f32_trunc,            0x00, 0x8F, "f32.trunc",            none,           f_f,     0, mvp) \
  X(f32_nearest,          0x00, 0x90, "f32.nearest",          none,           f_f,     0, mvp) \
  X(f32_sqrt,             0x00, 0x91, "f32.sqrt",             none,           f_f,     0, mvp) \
  X(f32_add,              0x00, 0x92, "f32.add",              none,           ff_f,    0, mvp) \
  X(f32_sub,              0x00, 0x93, "f32.sub",              none,           ff_f,    0, mvp) \
  X(f32_mul,              0x00, 0x94, "f32.mul",              none,           ff_f,    0, mvp) \
  X(f32_div,              0x00, 0x95, "f32.div",              none,           ff_f,    0, mvp) \
  X(f32_min,              0x00, 0x96, "f32.min",              none,           ff_f,    0, mvp) \
  X(f32_max,              0x00, 0x97, "f32.max",              none,           ff_f,    0, mvp) \
  X(f32_copysign,         0x00, 0x98, "f32.copysign",         none,           ff_f,    0, mvp) \
  X(f64_abs,              0x00, 0x99, "f64.abs",              none,           d_d,     0, mvp) \
  X(f64_neg,              0x00, 0x9A, "f64.neg",              none,           d_d,     0, mvp) \
  X(f64_ceil,             0x00, 0x9B, "f64.ceil",             none,           d_d,     0, mvp) \
  X(f64_floor,            0x00, 0x9C, "f64.floor",            none,           d_d,     0, mvp) \
  X(f64_trunc,            0x00, 0x9D, "f64.trunc",            none,           d_d,     0, mvp) \
  X(f64_nearest,          0x00, 0x9E, "f64.nearest",          none,           d_d,     0, mvp) \
  X(f64_sqrt,             0x00, 0x9F, "f64.sqrt",             none,           d_d,     0, mvp) \
  X(f64_add,              0x00, 0xA0, "f64.add",              none,           dd_d,    0, mvp) \
  X(f64_sub,              0x00, 0xA1, "f64.sub",              none,           dd_d,    0, mvp) \
  X(f64_mul,              0x00, 0xA2, "f64.mul",              none,           dd_d,    0, mvp) \
  X(f64_div,              0x00, 0xA3, "f64.div",              none,           dd_d,    0, mvp) \
  X(f64_min,              0x00, 0xA4, "f64.min",              none,           dd_d,    0, mvp) \
  X(f64_max,              0x00, 0xA5, "f64.max",              none,           dd_d,    0, mvp) \
  X(f64_copysign,         0x00, 0xA6, "f64.copysign",         none,           dd_d,    0, mvp) \
  X(i32_wrap_i64,         0x00, 0xA7, "i32.wrap_i64",         none,           l_i,     0, mvp) \
  X(i32_trunc_f32_s,      0x00, 0xA8, "i32.trunc_f32_s",      none,           f_i,     0, mvp) \
  X(i32_trunc_f32_u,      0x00, 0xA9, "i32.trunc_f32_u",      none,           f_i,     0, mvp) \
  X(i32_trunc_f64_s,      0x00, 0xAA, "i32.trunc_f64_s",      none,           d_i,     0, mvp) \
  X(i32_trunc_f64_u,      0x00, 0xAB, "i32.trunc_f64_u",      none,           d_i,     0, mvp) \
  X(i64_extend_i32_s,     0x00, 0xAC, "i64.extend_i32_s",     none,           i_l,     0, mvp) \
  X(i64_extend_i32_u,     0x00, 0xAD, "i64.extend_i32_u",     none,           i_l,     0, mvp) \
  X(i64_trunc_f32_s,      0x00, 0xAE, "i64.trunc_f32_s",      none,           f_l,     0, mvp) \
  X(i64_trunc_f32_u,      0x00, 0xAF, "i64.trunc_f32_u",      none,           f_l,     0, mvp) \
  X(i64_trunc_f64_s,      0x00, 0xB0, "i64.trunc_f64_s",      none,           d_l,     0, mvp) \
  X(i64_trunc_f64_u,      0x00, 0xB1, "i64.trunc_f64_u",      none,           d_l,     0, mvp) \
  X(f32_convert_i32_s,    0x00, 0xB2, "f32.convert_i32_s",    none,           i_f,     0, mvp) \
  X(f32_convert_i32_u,    0x00, 0xB3, "f32.convert_i32_u",    none,           i_f,     0, mvp) \
  X(f32_convert_i64_s,    0x00, 0xB4, "f32.convert_i64_s",    none,           l_f,     0, mvp) \
  X(f32_convert_i64_u,    0x00, 0xB5, "f32.convert_i64_u",    none,           l_f,     0, mvp) \
  X(f32_demote_f64,       0x00, 0xB6, "f32.demote_f64",       none,           d_f,     0, mvp) \
  X(f64_convert_i32_s,    0x00, 0xB7, "f64.convert_i32_s",    none,           i_d,     0, mvp) \
  X(f64_convert_i32_u,    0x00, 0xB8, "f64.convert_i32_u",    none,           i_d,     0, mvp) \
  X(f64_convert_i64_s,    0x00, 0xB9, "f64.convert_i64_s",    none,           l_d,     0, mvp) \
  X(f64_convert_i64_u,    0x00, 0xBA, "f64.convert_i64_u",    none,           l_d,     0, mvp) \
  X(f64_promote_f32,      0x00, 0xBB, "f64.promote_f32",      none,           f_d,     0, mvp) \
  X(i32_reinterpret_f32,  0x00, 0xBC, "i32.reinterpret_f32",  none,           f_i,     0, mvp) \
  X(i64_reinterpret_f64,  0x00, 0xBD, "i64.reinterpret_f64",  none,           d_l,     0, mvp) \
  X(f32_reinterpret_i32,  0x00, 0xBE, "f32.reinterpret_i32",  none,           i_f,     0, mvp) \
  X(f64_reinterpret_i64,  0x00, 0xBF, "f64.reinterpret_i64",  none,           l_d,     0, mvp) \
  X(i32_extend8_s,        0x00, 0xC0, "i32.extend8_s",        none,           i_i,     0, sign_extension) \
  X(i32_extend16_s,       0x00, 0xC1, "i32.extend16_s",       none,           i_i,     0, sign_extension) \
  X(i64_extend8_s,        0x00, 0xC2, "i64.extend8_s",        none,           l_l,     0, sign_extension) \
  X(i64_extend16_s,       0x00, 0xC3, "i64.extend16_s",       none,           l_l,     0, sign_extension) \
  X(i64_extend32_s,       0x00, 0xC4, "i64.extend32_s",       none,           l_l,     0, sign_extension) \
  X(ref_null,             0x00, 0xD0, "ref.null",             ref_type,       special, 0, reference_types) \
  X(ref_is_null,          0x00, 0xD1, "ref.is_null",          none,           special, 0, reference_types) \
  X(ref_func,             0x00, 0xD2, "ref.func",             function,       special, 0, reference_types) \
  WRT_OPCODES_FUNCTION_REFERENCES(X)

// Exception handling (WebAssembly 3.0), then the legacy instructions toolchains still emit:
// one-byte opcodes in the rows before SIMD, and only in builds that compile them in
// (WRT_ENABLE_EXCEPTIONS), so that the firmware's tables and switches do not grow.
#if WRT_ENABLE_EXCEPTIONS
#define WRT_OPCODES_EXCEPTIONS(X) \
  X(throw_,               0x00, 0x08, "throw",                tag,            special, 0, exceptions) \
  X(throw_ref,            0x00, 0x0A, "throw_ref",            none,           special, 0, exceptions) \
  X(try_table,            0x00, 0x1F, "try_table",            try_table,      special, 0, exceptions) \
  X(try_,                 0x00, 0x06, "try",                  block_type,     special, 0, legacy_exceptions) \
  X(catch_,               0x00, 0x07, "catch",                tag,            special, 0, legacy_exceptions) \
  X(rethrow,              0x00, 0x09, "rethrow",              label,          special, 0, legacy_exceptions) \
  X(delegate,             0x00, 0x18, "delegate",             label,          special, 0, legacy_exceptions) \
  X(catch_all,            0x00, 0x19, "catch_all",            none,           special, 0, legacy_exceptions)
#else
#define WRT_OPCODES_EXCEPTIONS(X)
#endif

// Typed function references (WebAssembly 3.0): one-byte opcodes, so they stay in the rows
// before SIMD (their decode table entries are bytes); only in builds that compile them in
// (WRT_ENABLE_FUNCTION_REFERENCES).
#if WRT_ENABLE_FUNCTION_REFERENCES
#define WRT_OPCODES_FUNCTION_REFERENCES(X) \
  X(call_ref,             0x00, 0x14, "call_ref",             type_index,     special, 0, function_references) \
  X(ref_as_non_null,      0x00, 0xD4, "ref.as_non_null",      none,           special, 0, function_references) \
  X(br_on_null,           0x00, 0xD5, "br_on_null",           label,          special, 0, function_references) \
  X(br_on_non_null,       0x00, 0xD6, "br_on_non_null",       label,          special, 0, function_references) \
  WRT_OPCODES_RETURN_CALL_REF(X)
#else
#define WRT_OPCODES_FUNCTION_REFERENCES(X)
#endif
// return_call_ref needs tail calls too: a tail-call row (the decoder also asks for typed
// function references), compiled in with them.
#if WRT_ENABLE_TAIL_CALL && WRT_ENABLE_FUNCTION_REFERENCES
#define WRT_OPCODES_RETURN_CALL_REF(X) \
  X(return_call_ref,      0x00, 0x15, "return_call_ref",      type_index,     special, 0, tail_call)
#else
#define WRT_OPCODES_RETURN_CALL_REF(X)
#endif

#define WRT_OPCODES_FC(X) \
  X(i32_trunc_sat_f32_s,  0xFC, 0x00, "i32.trunc_sat_f32_s",  none,           f_i,     0, saturating_float_to_int) \
  X(i32_trunc_sat_f32_u,  0xFC, 0x01, "i32.trunc_sat_f32_u",  none,           f_i,     0, saturating_float_to_int) \
  X(i32_trunc_sat_f64_s,  0xFC, 0x02, "i32.trunc_sat_f64_s",  none,           d_i,     0, saturating_float_to_int) \
  X(i32_trunc_sat_f64_u,  0xFC, 0x03, "i32.trunc_sat_f64_u",  none,           d_i,     0, saturating_float_to_int) \
  X(i64_trunc_sat_f32_s,  0xFC, 0x04, "i64.trunc_sat_f32_s",  none,           f_l,     0, saturating_float_to_int) \
  X(i64_trunc_sat_f32_u,  0xFC, 0x05, "i64.trunc_sat_f32_u",  none,           f_l,     0, saturating_float_to_int) \
  X(i64_trunc_sat_f64_s,  0xFC, 0x06, "i64.trunc_sat_f64_s",  none,           d_l,     0, saturating_float_to_int) \
  X(i64_trunc_sat_f64_u,  0xFC, 0x07, "i64.trunc_sat_f64_u",  none,           d_l,     0, saturating_float_to_int) \
  X(memory_init,          0xFC, 0x08, "memory.init",          memory_init,    iii_e,   0, bulk_memory) \
  X(data_drop,            0xFC, 0x09, "data.drop",            data,           e_e,     0, bulk_memory) \
  X(memory_copy,          0xFC, 0x0A, "memory.copy",          memory_copy,    iii_e,   0, bulk_memory) \
  X(memory_fill,          0xFC, 0x0B, "memory.fill",          memory,         iii_e,   0, bulk_memory) \
  X(table_init,           0xFC, 0x0C, "table.init",           table_init,     iii_e,   0, bulk_memory) \
  X(elem_drop,            0xFC, 0x0D, "elem.drop",            element,        e_e,     0, bulk_memory) \
  X(table_copy,           0xFC, 0x0E, "table.copy",           table_copy,     iii_e,   0, bulk_memory) \
  X(table_grow,           0xFC, 0x0F, "table.grow",           table,          special, 0, reference_types) \
  X(table_size,           0xFC, 0x10, "table.size",           table,          e_i,     0, reference_types) \
  X(table_fill,           0xFC, 0x11, "table.fill",           table,          special, 0, reference_types)

#define WRT_OPCODES_FD(X) \
  X(v128_load,                   0xFD, 0x00, "v128.load",                   memarg,      i_v,    16, simd) \
  X(v128_load8x8_s,              0xFD, 0x01, "v128.load8x8_s",              memarg,      i_v,     8, simd) \
  X(v128_load8x8_u,              0xFD, 0x02, "v128.load8x8_u",              memarg,      i_v,     8, simd) \
  X(v128_load16x4_s,             0xFD, 0x03, "v128.load16x4_s",             memarg,      i_v,     8, simd) \
  X(v128_load16x4_u,             0xFD, 0x04, "v128.load16x4_u",             memarg,      i_v,     8, simd) \
  X(v128_load32x2_s,             0xFD, 0x05, "v128.load32x2_s",             memarg,      i_v,     8, simd) \
  X(v128_load32x2_u,             0xFD, 0x06, "v128.load32x2_u",             memarg,      i_v,     8, simd) \
  X(v128_load8_splat,            0xFD, 0x07, "v128.load8_splat",            memarg,      i_v,     1, simd) \
  X(v128_load16_splat,           0xFD, 0x08, "v128.load16_splat",           memarg,      i_v,     2, simd) \
  X(v128_load32_splat,           0xFD, 0x09, "v128.load32_splat",           memarg,      i_v,     4, simd) \
  X(v128_load64_splat,           0xFD, 0x0A, "v128.load64_splat",           memarg,      i_v,     8, simd) \
  X(v128_store,                  0xFD, 0x0B, "v128.store",                  memarg,      iv_e,   16, simd) \
  X(v128_const,                  0xFD, 0x0C, "v128.const",                  v128,        e_v,     0, simd) \
  X(i8x16_shuffle,               0xFD, 0x0D, "i8x16.shuffle",               shuffle,     vv_v,    0, simd) \
  X(i8x16_swizzle,               0xFD, 0x0E, "i8x16.swizzle",               none,        vv_v,    0, simd) \
  X(i8x16_splat,                 0xFD, 0x0F, "i8x16.splat",                 none,        i_v,     0, simd) \
  X(i16x8_splat,                 0xFD, 0x10, "i16x8.splat",                 none,        i_v,     0, simd) \
  X(i32x4_splat,                 0xFD, 0x11, "i32x4.splat",                 none,        i_v,     0, simd) \
  X(i64x2_splat,                 0xFD, 0x12, "i64x2.splat",                 none,        l_v,     0, simd) \
  X(f32x4_splat,                 0xFD, 0x13, "f32x4.splat",                 none,        f_v,     0, simd) \
  X(f64x2_splat,                 0xFD, 0x14, "f64x2.splat",                 none,        d_v,     0, simd) \
  X(i8x16_extract_lane_s,        0xFD, 0x15, "i8x16.extract_lane_s",        lane16,      v_i,     0, simd) \
  X(i8x16_extract_lane_u,        0xFD, 0x16, "i8x16.extract_lane_u",        lane16,      v_i,     0, simd) \
  X(i8x16_replace_lane,          0xFD, 0x17, "i8x16.replace_lane",          lane16,      vi_v,    0, simd) \
  X(i16x8_extract_lane_s,        0xFD, 0x18, "i16x8.extract_lane_s",        lane8,       v_i,     0, simd) \
  X(i16x8_extract_lane_u,        0xFD, 0x19, "i16x8.extract_lane_u",        lane8,       v_i,     0, simd) \
  X(i16x8_replace_lane,          0xFD, 0x1A, "i16x8.replace_lane",          lane8,       vi_v,    0, simd) \
  X(i32x4_extract_lane,          0xFD, 0x1B, "i32x4.extract_lane",          lane4,       v_i,     0, simd) \
  X(i32x4_replace_lane,          0xFD, 0x1C, "i32x4.replace_lane",          lane4,       vi_v,    0, simd) \
  X(i64x2_extract_lane,          0xFD, 0x1D, "i64x2.extract_lane",          lane2,       v_l,     0, simd) \
  X(i64x2_replace_lane,          0xFD, 0x1E, "i64x2.replace_lane",          lane2,       vl_v,    0, simd) \
  X(f32x4_extract_lane,          0xFD, 0x1F, "f32x4.extract_lane",          lane4,       v_f,     0, simd) \
  X(f32x4_replace_lane,          0xFD, 0x20, "f32x4.replace_lane",          lane4,       vf_v,    0, simd) \
  X(f64x2_extract_lane,          0xFD, 0x21, "f64x2.extract_lane",          lane2,       v_d,     0, simd) \
  X(f64x2_replace_lane,          0xFD, 0x22, "f64x2.replace_lane",          lane2,       vd_v,    0, simd) \
  X(i8x16_eq,                    0xFD, 0x23, "i8x16.eq",                    none,        vv_v,    0, simd) \
  X(i8x16_ne,                    0xFD, 0x24, "i8x16.ne",                    none,        vv_v,    0, simd) \
  X(i8x16_lt_s,                  0xFD, 0x25, "i8x16.lt_s",                  none,        vv_v,    0, simd) \
  X(i8x16_lt_u,                  0xFD, 0x26, "i8x16.lt_u",                  none,        vv_v,    0, simd) \
  X(i8x16_gt_s,                  0xFD, 0x27, "i8x16.gt_s",                  none,        vv_v,    0, simd) \
  X(i8x16_gt_u,                  0xFD, 0x28, "i8x16.gt_u",                  none,        vv_v,    0, simd) \
  X(i8x16_le_s,                  0xFD, 0x29, "i8x16.le_s",                  none,        vv_v,    0, simd) \
  X(i8x16_le_u,                  0xFD, 0x2A, "i8x16.le_u",                  none,        vv_v,    0, simd) \
  X(i8x16_ge_s,                  0xFD, 0x2B, "i8x16.ge_s",                  none,        vv_v,    0, simd) \
  X(i8x16_ge_u,                  0xFD, 0x2C, "i8x16.ge_u",                  none,        vv_v,    0, simd) \
  X(i16x8_eq,                    0xFD, 0x2D, "i16x8.eq",                    none,        vv_v,    0, simd) \
  X(i16x8_ne,                    0xFD, 0x2E, "i16x8.ne",                    none,        vv_v,    0, simd) \
  X(i16x8_lt_s,                  0xFD, 0x2F, "i16x8.lt_s",                  none,        vv_v,    0, simd) \
  X(i16x8_lt_u,                  0xFD, 0x30, "i16x8.lt_u",                  none,        vv_v,    0, simd) \
  X(i16x8_gt_s,                  0xFD, 0x31, "i16x8.gt_s",                  none,        vv_v,    0, simd) \
  X(i16x8_gt_u,                  0xFD, 0x32, "i16x8.gt_u",                  none,        vv_v,    0, simd) \
  X(i16x8_le_s,                  0xFD, 0x33, "i16x8.le_s",                  none,        vv_v,    0, simd) \
  X(i16x8_le_u,                  0xFD, 0x34, "i16x8.le_u",                  none,        vv_v,    0, simd) \
  X(i16x8_ge_s,                  0xFD, 0x35, "i16x8.ge_s",                  none,        vv_v,    0, simd) \
  X(i16x8_ge_u,                  0xFD, 0x36, "i16x8.ge_u",                  none,        vv_v,    0, simd) \
  X(i32x4_eq,                    0xFD, 0x37, "i32x4.eq",                    none,        vv_v,    0, simd) \
  X(i32x4_ne,                    0xFD, 0x38, "i32x4.ne",                    none,        vv_v,    0, simd) \
  X(i32x4_lt_s,                  0xFD, 0x39, "i32x4.lt_s",                  none,        vv_v,    0, simd) \
  X(i32x4_lt_u,                  0xFD, 0x3A, "i32x4.lt_u",                  none,        vv_v,    0, simd) \
  X(i32x4_gt_s,                  0xFD, 0x3B, "i32x4.gt_s",                  none,        vv_v,    0, simd) \
  X(i32x4_gt_u,                  0xFD, 0x3C, "i32x4.gt_u",                  none,        vv_v,    0, simd) \
  X(i32x4_le_s,                  0xFD, 0x3D, "i32x4.le_s",                  none,        vv_v,    0, simd) \
  X(i32x4_le_u,                  0xFD, 0x3E, "i32x4.le_u",                  none,        vv_v,    0, simd) \
  X(i32x4_ge_s,                  0xFD, 0x3F, "i32x4.ge_s",                  none,        vv_v,    0, simd) \
  X(i32x4_ge_u,                  0xFD, 0x40, "i32x4.ge_u",                  none,        vv_v,    0, simd) \
  X(f32x4_eq,                    0xFD, 0x41, "f32x4.eq",                    none,        vv_v,    0, simd) \
  X(f32x4_ne,                    0xFD, 0x42, "f32x4.ne",                    none,        vv_v,    0, simd) \
  X(f32x4_lt,                    0xFD, 0x43, "f32x4.lt",                    none,        vv_v,    0, simd) \
  X(f32x4_gt,                    0xFD, 0x44, "f32x4.gt",                    none,        vv_v,    0, simd) \
  X(f32x4_le,                    0xFD, 0x45, "f32x4.le",                    none,        vv_v,    0, simd) \
  X(f32x4_ge,                    0xFD, 0x46, "f32x4.ge",                    none,        vv_v,    0, simd) \
  X(f64x2_eq,                    0xFD, 0x47, "f64x2.eq",                    none,        vv_v,    0, simd) \
  X(f64x2_ne,                    0xFD, 0x48, "f64x2.ne",                    none,        vv_v,    0, simd) \
  X(f64x2_lt,                    0xFD, 0x49, "f64x2.lt",                    none,        vv_v,    0, simd) \
  X(f64x2_gt,                    0xFD, 0x4A, "f64x2.gt",                    none,        vv_v,    0, simd) \
  X(f64x2_le,                    0xFD, 0x4B, "f64x2.le",                    none,        vv_v,    0, simd) \
  X(f64x2_ge,                    0xFD, 0x4C, "f64x2.ge",                    none,        vv_v,    0, simd) \
  X(v128_not,                    0xFD, 0x4D, "v128.not",                    none,        v_v,     0, simd) \
  X(v128_and,                    0xFD, 0x4E, "v128.and",                    none,        vv_v,    0, simd) \
  X(v128_andnot,                 0xFD, 0x4F, "v128.andnot",                 none,        vv_v,    0, simd) \
  X(v128_or,                     0xFD, 0x50, "v128.or",                     none,        vv_v,    0, simd) \
  X(v128_xor,                    0xFD, 0x51, "v128.xor",                    none,        vv_v,    0, simd) \
  X(v128_bitselect,              0xFD, 0x52, "v128.bitselect",              none,        vvv_v,   0, simd) \
  X(v128_any_true,               0xFD, 0x53, "v128.any_true",               none,        v_i,     0, simd) \
  X(v128_load8_lane,             0xFD, 0x54, "v128.load8_lane",             memarg_lane16, iv_v,  1, simd) \
  X(v128_load16_lane,            0xFD, 0x55, "v128.load16_lane",            memarg_lane8,  iv_v,  2, simd) \
  X(v128_load32_lane,            0xFD, 0x56, "v128.load32_lane",            memarg_lane4,  iv_v,  4, simd) \
  X(v128_load64_lane,            0xFD, 0x57, "v128.load64_lane",            memarg_lane2,  iv_v,  8, simd) \
  X(v128_store8_lane,            0xFD, 0x58, "v128.store8_lane",            memarg_lane16, iv_e,  1, simd) \
  X(v128_store16_lane,           0xFD, 0x59, "v128.store16_lane",           memarg_lane8,  iv_e,  2, simd) \
  X(v128_store32_lane,           0xFD, 0x5A, "v128.store32_lane",           memarg_lane4,  iv_e,  4, simd) \
  X(v128_store64_lane,           0xFD, 0x5B, "v128.store64_lane",           memarg_lane2,  iv_e,  8, simd) \
  X(v128_load32_zero,            0xFD, 0x5C, "v128.load32_zero",            memarg,      i_v,     4, simd) \
  X(v128_load64_zero,            0xFD, 0x5D, "v128.load64_zero",            memarg,      i_v,     8, simd) \
  X(f32x4_demote_f64x2_zero,     0xFD, 0x5E, "f32x4.demote_f64x2_zero",     none,        v_v,     0, simd) \
  X(f64x2_promote_low_f32x4,     0xFD, 0x5F, "f64x2.promote_low_f32x4",     none,        v_v,     0, simd) \
  X(i8x16_abs,                   0xFD, 0x60, "i8x16.abs",                   none,        v_v,     0, simd) \
  X(i8x16_neg,                   0xFD, 0x61, "i8x16.neg",                   none,        v_v,     0, simd) \
  X(i8x16_popcnt,                0xFD, 0x62, "i8x16.popcnt",                none,        v_v,     0, simd) \
  X(i8x16_all_true,              0xFD, 0x63, "i8x16.all_true",              none,        v_i,     0, simd) \
  X(i8x16_bitmask,               0xFD, 0x64, "i8x16.bitmask",               none,        v_i,     0, simd) \
  X(i8x16_narrow_i16x8_s,        0xFD, 0x65, "i8x16.narrow_i16x8_s",        none,        vv_v,    0, simd) \
  X(i8x16_narrow_i16x8_u,        0xFD, 0x66, "i8x16.narrow_i16x8_u",        none,        vv_v,    0, simd) \
  X(f32x4_ceil,                  0xFD, 0x67, "f32x4.ceil",                  none,        v_v,     0, simd) \
  X(f32x4_floor,                 0xFD, 0x68, "f32x4.floor",                 none,        v_v,     0, simd) \
  X(f32x4_trunc,                 0xFD, 0x69, "f32x4.trunc",                 none,        v_v,     0, simd) \
  X(f32x4_nearest,               0xFD, 0x6A, "f32x4.nearest",               none,        v_v,     0, simd) \
  X(i8x16_shl,                   0xFD, 0x6B, "i8x16.shl",                   none,        vi_v,    0, simd) \
  X(i8x16_shr_s,                 0xFD, 0x6C, "i8x16.shr_s",                 none,        vi_v,    0, simd) \
  X(i8x16_shr_u,                 0xFD, 0x6D, "i8x16.shr_u",                 none,        vi_v,    0, simd) \
  X(i8x16_add,                   0xFD, 0x6E, "i8x16.add",                   none,        vv_v,    0, simd) \
  X(i8x16_add_sat_s,             0xFD, 0x6F, "i8x16.add_sat_s",             none,        vv_v,    0, simd) \
  X(i8x16_add_sat_u,             0xFD, 0x70, "i8x16.add_sat_u",             none,        vv_v,    0, simd) \
  X(i8x16_sub,                   0xFD, 0x71, "i8x16.sub",                   none,        vv_v,    0, simd) \
  X(i8x16_sub_sat_s,             0xFD, 0x72, "i8x16.sub_sat_s",             none,        vv_v,    0, simd) \
  X(i8x16_sub_sat_u,             0xFD, 0x73, "i8x16.sub_sat_u",             none,        vv_v,    0, simd) \
  X(f64x2_ceil,                  0xFD, 0x74, "f64x2.ceil",                  none,        v_v,     0, simd) \
  X(f64x2_floor,                 0xFD, 0x75, "f64x2.floor",                 none,        v_v,     0, simd) \
  X(i8x16_min_s,                 0xFD, 0x76, "i8x16.min_s",                 none,        vv_v,    0, simd) \
  X(i8x16_min_u,                 0xFD, 0x77, "i8x16.min_u",                 none,        vv_v,    0, simd) \
  X(i8x16_max_s,                 0xFD, 0x78, "i8x16.max_s",                 none,        vv_v,    0, simd) \
  X(i8x16_max_u,                 0xFD, 0x79, "i8x16.max_u",                 none,        vv_v,    0, simd) \
  X(f64x2_trunc,                 0xFD, 0x7A, "f64x2.trunc",                 none,        v_v,     0, simd) \
  X(i8x16_avgr_u,                0xFD, 0x7B, "i8x16.avgr_u",                none,        vv_v,    0, simd) \
  X(i16x8_extadd_pairwise_i8x16_s, 0xFD, 0x7C, "i16x8.extadd_pairwise_i8x16_s", none,    v_v,     0, simd) \
  X(i16x8_extadd_pairwise_i8x16_u, 0xFD, 0x7D, "i16x8.extadd_pairwise_i8x16_u", none,    v_v,     0, simd) \
  X(i32x4_extadd_pairwise_i16x8_s, 0xFD, 0x7E, "i32x4.extadd_pairwise_i16x8_s", none,    v_v,     0, simd) \
  X(i32x4_extadd_pairwise_i16x8_u, 0xFD, 0x7F, "i32x4.extadd_pairwise_i16x8_u", none,    v_v,     0, simd) \
  X(i16x8_abs,                   0xFD, 0x80, "i16x8.abs",                   none,        v_v,     0, simd) \
  X(i16x8_neg,                   0xFD, 0x81, "i16x8.neg",                   none,        v_v,     0, simd) \
  X(i16x8_q15mulr_sat_s,         0xFD, 0x82, "i16x8.q15mulr_sat_s",         none,        vv_v,    0, simd) \
  X(i16x8_all_true,              0xFD, 0x83, "i16x8.all_true",              none,        v_i,     0, simd) \
  X(i16x8_bitmask,               0xFD, 0x84, "i16x8.bitmask",               none,        v_i,     0, simd) \
  X(i16x8_narrow_i32x4_s,        0xFD, 0x85, "i16x8.narrow_i32x4_s",        none,        vv_v,    0, simd) \
  X(i16x8_narrow_i32x4_u,        0xFD, 0x86, "i16x8.narrow_i32x4_u",        none,        vv_v,    0, simd) \
  X(i16x8_extend_low_i8x16_s,    0xFD, 0x87, "i16x8.extend_low_i8x16_s",    none,        v_v,     0, simd) \
  X(i16x8_extend_high_i8x16_s,   0xFD, 0x88, "i16x8.extend_high_i8x16_s",   none,        v_v,     0, simd) \
  X(i16x8_extend_low_i8x16_u,    0xFD, 0x89, "i16x8.extend_low_i8x16_u",    none,        v_v,     0, simd) \
  X(i16x8_extend_high_i8x16_u,   0xFD, 0x8A, "i16x8.extend_high_i8x16_u",   none,        v_v,     0, simd) \
  X(i16x8_shl,                   0xFD, 0x8B, "i16x8.shl",                   none,        vi_v,    0, simd) \
  X(i16x8_shr_s,                 0xFD, 0x8C, "i16x8.shr_s",                 none,        vi_v,    0, simd) \
  X(i16x8_shr_u,                 0xFD, 0x8D, "i16x8.shr_u",                 none,        vi_v,    0, simd) \
  X(i16x8_add,                   0xFD, 0x8E, "i16x8.add",                   none,        vv_v,    0, simd) \
  X(i16x8_add_sat_s,             0xFD, 0x8F, "i16x8.add_sat_s",             none,        vv_v,    0, simd) \
  X(i16x8_add_sat_u,             0xFD, 0x90, "i16x8.add_sat_u",             none,        vv_v,    0, simd) \
  X(i16x8_sub,                   0xFD, 0x91, "i16x8.sub",                   none,        vv_v,    0, simd) \
  X(i16x8_sub_sat_s,             0xFD, 0x92, "i16x8.sub_sat_s",             none,        vv_v,    0, simd) \
  X(i16x8_sub_sat_u,             0xFD, 0x93, "i16x8.sub_sat_u",             none,        vv_v,    0, simd) \
  X(f64x2_nearest,               0xFD, 0x94, "f64x2.nearest",               none,        v_v,     0, simd) \
  X(i16x8_mul,                   0xFD, 0x95, "i16x8.mul",                   none,        vv_v,    0, simd) \
  X(i16x8_min_s,                 0xFD, 0x96, "i16x8.min_s",                 none,        vv_v,    0, simd) \
  X(i16x8_min_u,                 0xFD, 0x97, "i16x8.min_u",                 none,        vv_v,    0, simd) \
  X(i16x8_max_s,                 0xFD, 0x98, "i16x8.max_s",                 none,        vv_v,    0, simd) \
  X(i16x8_max_u,                 0xFD, 0x99, "i16x8.max_u",                 none,        vv_v,    0, simd) \
  X(i16x8_avgr_u,                0xFD, 0x9B, "i16x8.avgr_u",                none,        vv_v,    0, simd) \
  X(i16x8_extmul_low_i8x16_s,    0xFD, 0x9C, "i16x8.extmul_low_i8x16_s",    none,        vv_v,    0, simd) \
  X(i16x8_extmul_high_i8x16_s,   0xFD, 0x9D, "i16x8.extmul_high_i8x16_s",   none,        vv_v,    0, simd) \
  X(i16x8_extmul_low_i8x16_u,    0xFD, 0x9E, "i16x8.extmul_low_i8x16_u",    none,        vv_v,    0, simd) \
  X(i16x8_extmul_high_i8x16_u,   0xFD, 0x9F, "i16x8.extmul_high_i8x16_u",   none,        vv_v,    0, simd) \
  X(i32x4_abs,                   0xFD, 0xA0, "i32x4.abs",                   none,        v_v,     0, simd) \
  X(i32x4_neg,                   0xFD, 0xA1, "i32x4.neg",                   none,        v_v,     0, simd) \
  X(i32x4_all_true,              0xFD, 0xA3, "i32x4.all_true",              none,        v_i,     0, simd) \
  X(i32x4_bitmask,               0xFD, 0xA4, "i32x4.bitmask",               none,        v_i,     0, simd) \
  X(i32x4_extend_low_i16x8_s,    0xFD, 0xA7, "i32x4.extend_low_i16x8_s",    none,        v_v,     0, simd) \
  X(i32x4_extend_high_i16x8_s,   0xFD, 0xA8, "i32x4.extend_high_i16x8_s",   none,        v_v,     0, simd) \
  X(i32x4_extend_low_i16x8_u,    0xFD, 0xA9, "i32x4.extend_low_i16x8_u",    none,        v_v,     0, simd) \
  X(i32x4_extend_high_i16x8_u,   0xFD, 0xAA, "i32x4.extend_high_i16x8_u",   none,        v_v,     0, simd) \
  X(i32x4_shl,                   0xFD, 0xAB, "i32x4.shl",                   none,        vi_v,    0, simd) \
  X(i32x4_shr_s,                 0xFD, 0xAC, "i32x4.shr_s",                 none,        vi_v,    0, simd) \
  X(i32x4_shr_u,                 0xFD, 0xAD, "i32x4.shr_u",                 none,        vi_v,    0, simd) \
  X(i32x4_add,                   0xFD, 0xAE, "i32x4.add",                   none,        vv_v,    0, simd) \
  X(i32x4_sub,                   0xFD, 0xB1, "i32x4.sub",                   none,        vv_v,    0, simd) \
  X(i32x4_mul,                   0xFD, 0xB5, "i32x4.mul",                   none,        vv_v,    0, simd) \
  X(i32x4_min_s,                 0xFD, 0xB6, "i32x4.min_s",                 none,        vv_v,    0, simd) \
  X(i32x4_min_u,                 0xFD, 0xB7, "i32x4.min_u",                 none,        vv_v,    0, simd) \
  X(i32x4_max_s,                 0xFD, 0xB8, "i32x4.max_s",                 none,        vv_v,    0, simd) \
  X(i32x4_max_u,                 0xFD, 0xB9, "i32x4.max_u",                 none,        vv_v,    0, simd) \
  X(i32x4_dot_i16x8_s,           0xFD, 0xBA, "i32x4.dot_i16x8_s",           none,        vv_v,    0, simd) \
  X(i32x4_extmul_low_i16x8_s,    0xFD, 0xBC, "i32x4.extmul_low_i16x8_s",    none,        vv_v,    0, simd) \
  X(i32x4_extmul_high_i16x8_s,   0xFD, 0xBD, "i32x4.extmul_high_i16x8_s",   none,        vv_v,    0, simd) \
  X(i32x4_extmul_low_i16x8_u,    0xFD, 0xBE, "i32x4.extmul_low_i16x8_u",    none,        vv_v,    0, simd) \
  X(i32x4_extmul_high_i16x8_u,   0xFD, 0xBF, "i32x4.extmul_high_i16x8_u",   none,        vv_v,    0, simd) \
  X(i64x2_abs,                   0xFD, 0xC0, "i64x2.abs",                   none,        v_v,     0, simd) \
  X(i64x2_neg,                   0xFD, 0xC1, "i64x2.neg",                   none,        v_v,     0, simd) \
  X(i64x2_all_true,              0xFD, 0xC3, "i64x2.all_true",              none,        v_i,     0, simd) \
  X(i64x2_bitmask,               0xFD, 0xC4, "i64x2.bitmask",               none,        v_i,     0, simd) \
  X(i64x2_extend_low_i32x4_s,    0xFD, 0xC7, "i64x2.extend_low_i32x4_s",    none,        v_v,     0, simd) \
  X(i64x2_extend_high_i32x4_s,   0xFD, 0xC8, "i64x2.extend_high_i32x4_s",   none,        v_v,     0, simd) \
  X(i64x2_extend_low_i32x4_u,    0xFD, 0xC9, "i64x2.extend_low_i32x4_u",    none,        v_v,     0, simd) \
  X(i64x2_extend_high_i32x4_u,   0xFD, 0xCA, "i64x2.extend_high_i32x4_u",   none,        v_v,     0, simd) \
  X(i64x2_shl,                   0xFD, 0xCB, "i64x2.shl",                   none,        vi_v,    0, simd) \
  X(i64x2_shr_s,                 0xFD, 0xCC, "i64x2.shr_s",                 none,        vi_v,    0, simd) \
  X(i64x2_shr_u,                 0xFD, 0xCD, "i64x2.shr_u",                 none,        vi_v,    0, simd) \
  X(i64x2_add,                   0xFD, 0xCE, "i64x2.add",                   none,        vv_v,    0, simd) \
  X(i64x2_sub,                   0xFD, 0xD1, "i64x2.sub",                   none,        vv_v,    0, simd) \
  X(i64x2_mul,                   0xFD, 0xD5, "i64x2.mul",                   none,        vv_v,    0, simd) \
  X(i64x2_eq,                    0xFD, 0xD6, "i64x2.eq",                    none,        vv_v,    0, simd) \
  X(i64x2_ne,                    0xFD, 0xD7, "i64x2.ne",                    none,        vv_v,    0, simd) \
  X(i64x2_lt_s,                  0xFD, 0xD8, "i64x2.lt_s",                  none,        vv_v,    0, simd) \
  X(i64x2_gt_s,                  0xFD, 0xD9, "i64x2.gt_s",                  none,        vv_v,    0, simd) \
  X(i64x2_le_s,                  0xFD, 0xDA, "i64x2.le_s",                  none,        vv_v,    0, simd) \
  X(i64x2_ge_s,                  0xFD, 0xDB, "i64x2.ge_s",                  none,        vv_v,    0, simd) \
  X(i64x2_extmul_low_i32x4_s,    0xFD, 0xDC, "i64x2.extmul_low_i32x4_s",    none,        vv_v,    0, simd) \
  X(i64x2_extmul_high_i32x4_s,   0xFD, 0xDD, "i64x2.extmul_high_i32x4_s",   none,        vv_v,    0, simd) \
  X(i64x2_extmul_low_i32x4_u,    0xFD, 0xDE, "i64x2.extmul_low_i32x4_u",    none,        vv_v,    0, simd) \
  X(i64x2_extmul_high_i32x4_u,   0xFD, 0xDF, "i64x2.extmul_high_i32x4_u",   none,        vv_v,    0, simd) \
  X(f32x4_abs,                   0xFD, 0xE0, "f32x4.abs",                   none,        v_v,     0, simd) \
  X(f32x4_neg,                   0xFD, 0xE1, "f32x4.neg",                   none,        v_v,     0, simd) \
  X(f32x4_sqrt,                  0xFD, 0xE3, "f32x4.sqrt",                  none,        v_v,     0, simd) \
  X(f32x4_add,                   0xFD, 0xE4, "f32x4.add",                   none,        vv_v,    0, simd) \
  X(f32x4_sub,                   0xFD, 0xE5, "f32x4.sub",                   none,        vv_v,    0, simd) \
  X(f32x4_mul,                   0xFD, 0xE6, "f32x4.mul",                   none,        vv_v,    0, simd) \
  X(f32x4_div,                   0xFD, 0xE7, "f32x4.div",                   none,        vv_v,    0, simd) \
  X(f32x4_min,                   0xFD, 0xE8, "f32x4.min",                   none,        vv_v,    0, simd) \
  X(f32x4_max,                   0xFD, 0xE9, "f32x4.max",                   none,        vv_v,    0, simd) \
  X(f32x4_pmin,                  0xFD, 0xEA, "f32x4.pmin",                  none,        vv_v,    0, simd) \
  X(f32x4_pmax,                  0xFD, 0xEB, "f32x4.pmax",                  none,        vv_v,    0, simd) \
  X(f64x2_abs,                   0xFD, 0xEC, "f64x2.abs",                   none,        v_v,     0, simd) \
  X(f64x2_neg,                   0xFD, 0xED, "f64x2.neg",                   none,        v_v,     0, simd) \
  X(f64x2_sqrt,                  0xFD, 0xEF, "f64x2.sqrt",                  none,        v_v,     0, simd) \
  X(f64x2_add,                   0xFD, 0xF0, "f64x2.add",                   none,        vv_v,    0, simd) \
  X(f64x2_sub,                   0xFD, 0xF1, "f64x2.sub",                   none,        vv_v,    0, simd) \
  X(f64x2_mul,                   0xFD, 0xF2, "f64x2.mul",                   none,        vv_v,    0, simd) \
  X(f64x2_div,                   0xFD, 0xF3, "f64x2.div",                   none,        vv_v,    0, simd) \
  X(f64x2_min,                   0xFD, 0xF4, "f64x2.min",                   none,        vv_v,    0, simd) \
  X(f64x2_max,                   0xFD, 0xF5, "f64x2.max",                   none,        vv_v,    0, simd) \
  X(f64x2_pmin,                  0xFD, 0xF6, "f64x2.pmin",                  none,        vv_v,    0, simd) \
  X(f64x2_pmax,                  0xFD, 0xF7, "f64x2.pmax",                  none,        vv_v,    0, simd) \
  X(i32x4_trunc_sat_f32x4_s,     0xFD, 0xF8, "i32x4.trunc_sat_f32x4_s",     none,        v_v,     0, simd) \
  X(i32x4_trunc_sat_f32x4_u,     0xFD, 0xF9, "i32x4.trunc_sat_f32x4_u",     none,        v_v,     0, simd) \
  X(f32x4_convert_i32x4_s,       0xFD, 0xFA, "f32x4.convert_i32x4_s",       none,        v_v,     0, simd) \
  X(f32x4_convert_i32x4_u,       0xFD, 0xFB, "f32x4.convert_i32x4_u",       none,        v_v,     0, simd) \
  X(i32x4_trunc_sat_f64x2_s_zero, 0xFD, 0xFC, "i32x4.trunc_sat_f64x2_s_zero", none,     v_v,     0, simd) \
  X(i32x4_trunc_sat_f64x2_u_zero, 0xFD, 0xFD, "i32x4.trunc_sat_f64x2_u_zero", none,     v_v,     0, simd) \
  X(f64x2_convert_low_i32x4_s,   0xFD, 0xFE, "f64x2.convert_low_i32x4_s",   none,        v_v,     0, simd) \
  X(f64x2_convert_low_i32x4_u,   0xFD, 0xFF, "f64x2.convert_low_i32x4_u",   none,        v_v,     0, simd)


// The threads proposal (0xFE): shared memories' atomic instructions. They come after SIMD, with
// the other rows that builds may compile out (see kFirstOptionalOpcode).
#define WRT_OPCODES_FE(X) \
  X(memory_atomic_notify,        0xFE, 0x00, "memory.atomic.notify",        memarg,    ii_i,   4, threads) \
  X(memory_atomic_wait32,        0xFE, 0x01, "memory.atomic.wait32",        memarg,    iil_i,  4, threads) \
  X(memory_atomic_wait64,        0xFE, 0x02, "memory.atomic.wait64",        memarg,    ill_i,  8, threads) \
  X(atomic_fence,                0xFE, 0x03, "atomic.fence",                zero_byte, e_e,    0, threads) \
  X(i32_atomic_load,             0xFE, 0x10, "i32.atomic.load",             memarg,    i_i,    4, threads) \
  X(i64_atomic_load,             0xFE, 0x11, "i64.atomic.load",             memarg,    i_l,    8, threads) \
  X(i32_atomic_load8_u,          0xFE, 0x12, "i32.atomic.load8_u",          memarg,    i_i,    1, threads) \
  X(i32_atomic_load16_u,         0xFE, 0x13, "i32.atomic.load16_u",         memarg,    i_i,    2, threads) \
  X(i64_atomic_load8_u,          0xFE, 0x14, "i64.atomic.load8_u",          memarg,    i_l,    1, threads) \
  X(i64_atomic_load16_u,         0xFE, 0x15, "i64.atomic.load16_u",         memarg,    i_l,    2, threads) \
  X(i64_atomic_load32_u,         0xFE, 0x16, "i64.atomic.load32_u",         memarg,    i_l,    4, threads) \
  X(i32_atomic_store,            0xFE, 0x17, "i32.atomic.store",            memarg,    ii_e,   4, threads) \
  X(i64_atomic_store,            0xFE, 0x18, "i64.atomic.store",            memarg,    il_e,   8, threads) \
  X(i32_atomic_store8,           0xFE, 0x19, "i32.atomic.store8",           memarg,    ii_e,   1, threads) \
  X(i32_atomic_store16,          0xFE, 0x1A, "i32.atomic.store16",          memarg,    ii_e,   2, threads) \
  X(i64_atomic_store8,           0xFE, 0x1B, "i64.atomic.store8",           memarg,    il_e,   1, threads) \
  X(i64_atomic_store16,          0xFE, 0x1C, "i64.atomic.store16",          memarg,    il_e,   2, threads) \
  X(i64_atomic_store32,          0xFE, 0x1D, "i64.atomic.store32",          memarg,    il_e,   4, threads) \
  X(i32_atomic_rmw_add,          0xFE, 0x1E, "i32.atomic.rmw.add",          memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_add,          0xFE, 0x1F, "i64.atomic.rmw.add",          memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_add_u,       0xFE, 0x20, "i32.atomic.rmw8.add_u",       memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_add_u,      0xFE, 0x21, "i32.atomic.rmw16.add_u",      memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_add_u,       0xFE, 0x22, "i64.atomic.rmw8.add_u",       memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_add_u,      0xFE, 0x23, "i64.atomic.rmw16.add_u",      memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_add_u,      0xFE, 0x24, "i64.atomic.rmw32.add_u",      memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_sub,          0xFE, 0x25, "i32.atomic.rmw.sub",          memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_sub,          0xFE, 0x26, "i64.atomic.rmw.sub",          memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_sub_u,       0xFE, 0x27, "i32.atomic.rmw8.sub_u",       memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_sub_u,      0xFE, 0x28, "i32.atomic.rmw16.sub_u",      memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_sub_u,       0xFE, 0x29, "i64.atomic.rmw8.sub_u",       memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_sub_u,      0xFE, 0x2A, "i64.atomic.rmw16.sub_u",      memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_sub_u,      0xFE, 0x2B, "i64.atomic.rmw32.sub_u",      memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_and,          0xFE, 0x2C, "i32.atomic.rmw.and",          memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_and,          0xFE, 0x2D, "i64.atomic.rmw.and",          memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_and_u,       0xFE, 0x2E, "i32.atomic.rmw8.and_u",       memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_and_u,      0xFE, 0x2F, "i32.atomic.rmw16.and_u",      memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_and_u,       0xFE, 0x30, "i64.atomic.rmw8.and_u",       memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_and_u,      0xFE, 0x31, "i64.atomic.rmw16.and_u",      memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_and_u,      0xFE, 0x32, "i64.atomic.rmw32.and_u",      memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_or,           0xFE, 0x33, "i32.atomic.rmw.or",           memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_or,           0xFE, 0x34, "i64.atomic.rmw.or",           memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_or_u,        0xFE, 0x35, "i32.atomic.rmw8.or_u",        memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_or_u,       0xFE, 0x36, "i32.atomic.rmw16.or_u",       memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_or_u,        0xFE, 0x37, "i64.atomic.rmw8.or_u",        memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_or_u,       0xFE, 0x38, "i64.atomic.rmw16.or_u",       memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_or_u,       0xFE, 0x39, "i64.atomic.rmw32.or_u",       memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_xor,          0xFE, 0x3A, "i32.atomic.rmw.xor",          memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_xor,          0xFE, 0x3B, "i64.atomic.rmw.xor",          memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_xor_u,       0xFE, 0x3C, "i32.atomic.rmw8.xor_u",       memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_xor_u,      0xFE, 0x3D, "i32.atomic.rmw16.xor_u",      memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_xor_u,       0xFE, 0x3E, "i64.atomic.rmw8.xor_u",       memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_xor_u,      0xFE, 0x3F, "i64.atomic.rmw16.xor_u",      memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_xor_u,      0xFE, 0x40, "i64.atomic.rmw32.xor_u",      memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_xchg,         0xFE, 0x41, "i32.atomic.rmw.xchg",         memarg,    ii_i,   4, threads) \
  X(i64_atomic_rmw_xchg,         0xFE, 0x42, "i64.atomic.rmw.xchg",         memarg,    il_l,   8, threads) \
  X(i32_atomic_rmw8_xchg_u,      0xFE, 0x43, "i32.atomic.rmw8.xchg_u",      memarg,    ii_i,   1, threads) \
  X(i32_atomic_rmw16_xchg_u,     0xFE, 0x44, "i32.atomic.rmw16.xchg_u",     memarg,    ii_i,   2, threads) \
  X(i64_atomic_rmw8_xchg_u,      0xFE, 0x45, "i64.atomic.rmw8.xchg_u",      memarg,    il_l,   1, threads) \
  X(i64_atomic_rmw16_xchg_u,     0xFE, 0x46, "i64.atomic.rmw16.xchg_u",     memarg,    il_l,   2, threads) \
  X(i64_atomic_rmw32_xchg_u,     0xFE, 0x47, "i64.atomic.rmw32.xchg_u",     memarg,    il_l,   4, threads) \
  X(i32_atomic_rmw_cmpxchg,      0xFE, 0x48, "i32.atomic.rmw.cmpxchg",      memarg,    iii_i,  4, threads) \
  X(i64_atomic_rmw_cmpxchg,      0xFE, 0x49, "i64.atomic.rmw.cmpxchg",      memarg,    ill_l,  8, threads) \
  X(i32_atomic_rmw8_cmpxchg_u,   0xFE, 0x4A, "i32.atomic.rmw8.cmpxchg_u",   memarg,    iii_i,  1, threads) \
  X(i32_atomic_rmw16_cmpxchg_u,  0xFE, 0x4B, "i32.atomic.rmw16.cmpxchg_u",  memarg,    iii_i,  2, threads) \
  X(i64_atomic_rmw8_cmpxchg_u,   0xFE, 0x4C, "i64.atomic.rmw8.cmpxchg_u",   memarg,    ill_l,  1, threads) \
  X(i64_atomic_rmw16_cmpxchg_u,  0xFE, 0x4D, "i64.atomic.rmw16.cmpxchg_u",  memarg,    ill_l,  2, threads) \
  X(i64_atomic_rmw32_cmpxchg_u,  0xFE, 0x4E, "i64.atomic.rmw32.cmpxchg_u",  memarg,    ill_l,  4, threads)

// Tail calls (WebAssembly 3.0): rows only in builds that compile them in (WRT_ENABLE_TAIL_CALL),
// so that the firmware's tables do not grow.
#if WRT_ENABLE_TAIL_CALL
#define WRT_OPCODES_TAIL_CALL(X) \
  X(return_call,          0x00, 0x12, "return_call",          function,       special, 0, tail_call) \
  X(return_call_indirect, 0x00, 0x13, "return_call_indirect", call_indirect,  special, 0, tail_call)
#else
#define WRT_OPCODES_TAIL_CALL(X)
#endif

// Wide arithmetic (0xFC 19-22): 128-bit sums and differences of i64 pairs, and full 64x64-bit
// products, each with two i64 results (low, high), so typed by hand (`special`). Rows only in
// builds that compile it in (WRT_ENABLE_WIDE_ARITHMETIC).
#if WRT_ENABLE_WIDE_ARITHMETIC
#define WRT_OPCODES_WIDE_ARITHMETIC(X) \
  X(i64_add128,           0xFC, 0x13, "i64.add128",           none,           special, 0, wide_arithmetic) \
  X(i64_sub128,           0xFC, 0x14, "i64.sub128",           none,           special, 0, wide_arithmetic) \
  X(i64_mul_wide_s,       0xFC, 0x15, "i64.mul_wide_s",       none,           special, 0, wide_arithmetic) \
  X(i64_mul_wide_u,       0xFC, 0x16, "i64.mul_wide_u",       none,           special, 0, wide_arithmetic)
#else
#define WRT_OPCODES_WIDE_ARITHMETIC(X)
#endif

// Relaxed SIMD (WebAssembly 3.0; 0xFD 0x100-0x113): with the SIMD rows that builds may compile
// out (WRT_ENABLE_SIMD). Each runs with one fixed choice among the results the proposal allows
// (docs/interpreter.md, "Relaxed SIMD"), the same on every host.
#define WRT_OPCODES_RELAXED_SIMD(X) \
  X(i8x16_relaxed_swizzle,                0xFD, 0x100, "i8x16.relaxed_swizzle",                none, vv_v,  0, relaxed_simd) \
  X(i32x4_relaxed_trunc_f32x4_s,          0xFD, 0x101, "i32x4.relaxed_trunc_f32x4_s",          none, v_v,   0, relaxed_simd) \
  X(i32x4_relaxed_trunc_f32x4_u,          0xFD, 0x102, "i32x4.relaxed_trunc_f32x4_u",          none, v_v,   0, relaxed_simd) \
  X(i32x4_relaxed_trunc_f64x2_s_zero,     0xFD, 0x103, "i32x4.relaxed_trunc_f64x2_s_zero",     none, v_v,   0, relaxed_simd) \
  X(i32x4_relaxed_trunc_f64x2_u_zero,     0xFD, 0x104, "i32x4.relaxed_trunc_f64x2_u_zero",     none, v_v,   0, relaxed_simd) \
  X(f32x4_relaxed_madd,                   0xFD, 0x105, "f32x4.relaxed_madd",                   none, vvv_v, 0, relaxed_simd) \
  X(f32x4_relaxed_nmadd,                  0xFD, 0x106, "f32x4.relaxed_nmadd",                  none, vvv_v, 0, relaxed_simd) \
  X(f64x2_relaxed_madd,                   0xFD, 0x107, "f64x2.relaxed_madd",                   none, vvv_v, 0, relaxed_simd) \
  X(f64x2_relaxed_nmadd,                  0xFD, 0x108, "f64x2.relaxed_nmadd",                  none, vvv_v, 0, relaxed_simd) \
  X(i8x16_relaxed_laneselect,             0xFD, 0x109, "i8x16.relaxed_laneselect",             none, vvv_v, 0, relaxed_simd) \
  X(i16x8_relaxed_laneselect,             0xFD, 0x10A, "i16x8.relaxed_laneselect",             none, vvv_v, 0, relaxed_simd) \
  X(i32x4_relaxed_laneselect,             0xFD, 0x10B, "i32x4.relaxed_laneselect",             none, vvv_v, 0, relaxed_simd) \
  X(i64x2_relaxed_laneselect,             0xFD, 0x10C, "i64x2.relaxed_laneselect",             none, vvv_v, 0, relaxed_simd) \
  X(f32x4_relaxed_min,                    0xFD, 0x10D, "f32x4.relaxed_min",                    none, vv_v,  0, relaxed_simd) \
  X(f32x4_relaxed_max,                    0xFD, 0x10E, "f32x4.relaxed_max",                    none, vv_v,  0, relaxed_simd) \
  X(f64x2_relaxed_min,                    0xFD, 0x10F, "f64x2.relaxed_min",                    none, vv_v,  0, relaxed_simd) \
  X(f64x2_relaxed_max,                    0xFD, 0x110, "f64x2.relaxed_max",                    none, vv_v,  0, relaxed_simd) \
  X(i16x8_relaxed_q15mulr_s,              0xFD, 0x111, "i16x8.relaxed_q15mulr_s",              none, vv_v,  0, relaxed_simd) \
  X(i16x8_relaxed_dot_i8x16_i7x16_s,      0xFD, 0x112, "i16x8.relaxed_dot_i8x16_i7x16_s",      none, vv_v,  0, relaxed_simd) \
  X(i32x4_relaxed_dot_i8x16_i7x16_add_s,  0xFD, 0x113, "i32x4.relaxed_dot_i8x16_i7x16_add_s",  none, vvv_v, 0, relaxed_simd)

// Garbage collection (WebAssembly 3.0): ref.eq and the 0xFB opcodes. Deliberately NOT part of
// WRT_OPCODES: the decoder, validator, translator and interpreter do not implement GC yet, and a
// row in WRT_OPCODES is an opcode they all accept and must handle. Only the text layer expands
// this list (to encode `.wat`/`.wast` GC instructions); the decoder then refuses the module at
// the unknown opcode, as it refuses the GC types before them. The immediate kinds here are the
// text layer's (text::GcImmediate): type_field = type index + field index, type_count = type
// index + u32, type_data / type_element = type index + data / element index, type_type = two
// type indices, cast = a reference type whose nullability picks the row (ref.test / ref.cast,
// two rows per name), cast_branch = the cast flags byte, a label and two heap types. When the
// decoder implements GC these rows move into WRT_OPCODES behind WRT_ENABLE_GC and the kinds
// into ImmediateKind; the opcodes are written once, here, either way.
#define WRT_OPCODES_GC(X) \
  X(ref_eq,              0x00, 0xD3, "ref.eq",              none,          special, 0, gc) \
  X(struct_new,          0xFB, 0x00, "struct.new",          type_index,    special, 0, gc) \
  X(struct_new_default,  0xFB, 0x01, "struct.new_default",  type_index,    special, 0, gc) \
  X(struct_get,          0xFB, 0x02, "struct.get",          type_field,    special, 0, gc) \
  X(struct_get_s,        0xFB, 0x03, "struct.get_s",        type_field,    special, 0, gc) \
  X(struct_get_u,        0xFB, 0x04, "struct.get_u",        type_field,    special, 0, gc) \
  X(struct_set,          0xFB, 0x05, "struct.set",          type_field,    special, 0, gc) \
  X(array_new,           0xFB, 0x06, "array.new",           type_index,    special, 0, gc) \
  X(array_new_default,   0xFB, 0x07, "array.new_default",   type_index,    special, 0, gc) \
  X(array_new_fixed,     0xFB, 0x08, "array.new_fixed",     type_count,    special, 0, gc) \
  X(array_new_data,      0xFB, 0x09, "array.new_data",      type_data,     special, 0, gc) \
  X(array_new_elem,      0xFB, 0x0A, "array.new_elem",      type_element,  special, 0, gc) \
  X(array_get,           0xFB, 0x0B, "array.get",           type_index,    special, 0, gc) \
  X(array_get_s,         0xFB, 0x0C, "array.get_s",         type_index,    special, 0, gc) \
  X(array_get_u,         0xFB, 0x0D, "array.get_u",         type_index,    special, 0, gc) \
  X(array_set,           0xFB, 0x0E, "array.set",           type_index,    special, 0, gc) \
  X(array_len,           0xFB, 0x0F, "array.len",           none,          special, 0, gc) \
  X(array_fill,          0xFB, 0x10, "array.fill",          type_index,    special, 0, gc) \
  X(array_copy,          0xFB, 0x11, "array.copy",          type_type,     special, 0, gc) \
  X(array_init_data,     0xFB, 0x12, "array.init_data",     type_data,     special, 0, gc) \
  X(array_init_elem,     0xFB, 0x13, "array.init_elem",     type_element,  special, 0, gc) \
  X(ref_test,            0xFB, 0x14, "ref.test",            cast,          special, 0, gc) \
  X(ref_test_null,       0xFB, 0x15, "ref.test",            cast,          special, 0, gc) \
  X(ref_cast,            0xFB, 0x16, "ref.cast",            cast,          special, 0, gc) \
  X(ref_cast_null,       0xFB, 0x17, "ref.cast",            cast,          special, 0, gc) \
  X(br_on_cast,          0xFB, 0x18, "br_on_cast",          cast_branch,   special, 0, gc) \
  X(br_on_cast_fail,     0xFB, 0x19, "br_on_cast_fail",     cast_branch,   special, 0, gc) \
  X(any_convert_extern,  0xFB, 0x1A, "any.convert_extern",  none,          special, 0, gc) \
  X(extern_convert_any,  0xFB, 0x1B, "extern.convert_any",  none,          special, 0, gc) \
  X(ref_i31,             0xFB, 0x1C, "ref.i31",             none,          special, 0, gc) \
  X(i31_get_s,           0xFB, 0x1D, "i31.get_s",           none,          special, 0, gc) \
  X(i31_get_u,           0xFB, 0x1E, "i31.get_u",           none,          special, 0, gc)

#define WRT_OPCODES(X) WRT_OPCODES_SINGLE(X) WRT_OPCODES_TAIL_CALL(X) WRT_OPCODES_FC(X) WRT_OPCODES_WIDE_ARITHMETIC(X) WRT_OPCODES_FD(X) WRT_OPCODES_FE(X) WRT_OPCODES_RELAXED_SIMD(X)

// The typing rules named in the table: X(signature, "operand types", "result types"), in the
// letters above; opcode.hpp expands them into SignatureTypes.
#define WRT_SIGNATURES(X) \
  X(e_e,   "",    "")  X(e_i,   "",    "i") X(e_l,   "",   "l") X(e_f,   "",   "f") \
  X(e_d,   "",    "d") X(e_v,   "",    "v") \
  X(i_i,   "i",   "i") X(i_l,   "i",   "l") X(i_f,   "i",  "f") X(i_d,   "i",  "d") \
  X(i_v,   "i",   "v") X(l_i,   "l",   "i") X(l_l,   "l",  "l") X(l_f,   "l",  "f") \
  X(l_d,   "l",   "d") X(l_v,   "l",   "v") X(f_i,   "f",  "i") X(f_l,   "f",  "l") \
  X(f_f,   "f",   "f") X(f_d,   "f",   "d") X(f_v,   "f",  "v") X(d_i,   "d",  "i") \
  X(d_l,   "d",   "l") X(d_f,   "d",   "f") X(d_d,   "d",  "d") X(d_v,   "d",  "v") \
  X(v_i,   "v",   "i") X(v_l,   "v",   "l") X(v_f,   "v",  "f") X(v_d,   "v",  "d") \
  X(v_v,   "v",   "v") \
  X(ii_i,  "ii",  "i") X(ll_i,  "ll",  "i") X(ll_l,  "ll", "l") X(ff_i,  "ff", "i") \
  X(ff_f,  "ff",  "f") X(dd_i,  "dd",  "i") X(dd_d,  "dd", "d") X(vv_v,  "vv", "v") \
  X(vi_v,  "vi",  "v") X(vl_v,  "vl",  "v") X(vf_v,  "vf", "v") X(vd_v,  "vd", "v") \
  X(iv_v,  "iv",  "v") \
  X(ii_e,  "ii",  "")  X(il_e,  "il",  "")  X(if_e,  "if", "")  X(id_e,  "id", "") \
  X(iv_e,  "iv",  "")  \
  X(iii_e, "iii", "")  X(vvv_v, "vvv", "v") \
  X(il_l,  "il",  "l") X(iii_i, "iii", "i") X(ill_l, "ill", "l") X(iil_i, "iil", "i") X(ill_i, "ill", "i") \
  X(special, "",  "")
// clang-format on

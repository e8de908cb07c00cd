// Every error WRT reports, written once.
//
// X(identifier, kind, default message). The kind groups codes the way an embedder reacts to
// them (see ErrorKind); the default message follows the wording of the WebAssembly spec tests
// where one exists, so users who know the spec recognise it.
#pragma once

// clang-format off
#define WRT_ERROR_CODES(X)                                                                     \
  /* malformed: the bytes are not a well-formed binary (spec: assert_malformed) */             \
  X(unexpected_end,            malformed,  "unexpected end")                                   \
  X(integer_too_long,          malformed,  "integer representation too long")                  \
  X(integer_too_large,         malformed,  "integer too large")                                \
  X(bad_magic,                 malformed,  "magic header not detected")                        \
  X(bad_version,               malformed,  "unknown binary version")                           \
  X(malformed,                 malformed,  "malformed binary")                                 \
  /* invalid: well-formed but rejected by validation (spec: assert_invalid) */                 \
  X(invalid,                   invalid,    "invalid module")                                   \
  X(type_mismatch,             invalid,    "type mismatch")                                    \
  /* unlinkable: imports cannot be satisfied (spec: assert_unlinkable) */                      \
  X(unknown_import,            unlinkable, "unknown import")                                   \
  X(incompatible_import,       unlinkable, "incompatible import type")                         \
  /* trap: execution trapped (spec: assert_trap, assert_uninstantiable) */                     \
  X(trap,                      trap,       "trap")                                             \
  /* exhaustion: a resource ran out (spec: assert_exhaustion) */                               \
  X(out_of_fuel,               exhaustion, "out of fuel")                                      \
  X(call_stack_exhausted,      exhaustion, "call stack exhausted")                             \
  X(value_stack_exhausted,     exhaustion, "value stack exhausted")                            \
  X(out_of_memory,             exhaustion, "out of memory")                                    \
  X(capacity_exceeded,         exhaustion, "capacity exceeded")                                \
  /* limit: a configured limit was exceeded */                                                 \
  X(limit_exceeded,            limit,      "limit exceeded")                                   \
  X(arithmetic_overflow,       limit,      "size computation overflows")                       \
  /* host: a host function reported failure */                                                 \
  X(host_error,                host,       "host function failed")                             \
  /* io: the operating system refused (files, clocks, sockets) */                              \
  X(io_error,                  io,         "I/O error")                                        \
  /* usage: the embedder called the API wrongly */                                             \
  X(invalid_argument,          usage,      "invalid argument")                                 \
  X(unknown_export,            usage,      "unknown export")
// clang-format on

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
  X(unexpected_end_of_section, malformed,  "unexpected end of section or function")            \
  X(length_out_of_bounds,      malformed,  "length out of bounds")                             \
  X(section_size_mismatch,     malformed,  "section size mismatch")                            \
  X(integer_too_long,          malformed,  "integer representation too long")                  \
  X(integer_too_large,         malformed,  "integer too large")                                \
  X(bad_magic,                 malformed,  "magic header not detected")                        \
  X(bad_version,               malformed,  "unknown binary version")                           \
  X(malformed_section_id,      malformed,  "malformed section id")                             \
  X(unexpected_content,        malformed,  "unexpected content after last section")            \
  X(malformed_utf8,            malformed,  "malformed UTF-8 encoding")                         \
  X(malformed_import_kind,     malformed,  "malformed import kind")                            \
  X(malformed_export_kind,     malformed,  "malformed export kind")                            \
  X(malformed_mutability,      malformed,  "malformed mutability")                             \
  X(malformed_value_type,      malformed,  "malformed value type")                             \
  X(malformed_reference_type,  malformed,  "malformed reference type")                         \
  X(malformed_memop_flags,     malformed,  "malformed memop flags")                            \
  X(malformed_segment_kind,    malformed,  "malformed segment kind")                           \
  X(malformed_element_kind,    malformed,  "malformed element kind")                           \
  X(malformed_type_form,       malformed,  "malformed type form")                              \
  X(illegal_opcode,            malformed,  "illegal opcode")                                   \
  X(zero_byte_expected,        malformed,  "zero byte expected")                               \
  X(end_expected,              malformed,  "END opcode expected")                              \
  X(too_many_locals,           malformed,  "too many locals")                                  \
  X(function_code_mismatch,    malformed,  "function and code section have inconsistent lengths") \
  X(data_count_mismatch,       malformed,  "data count and data section have inconsistent lengths") \
  X(data_count_required,       malformed,  "data count section required")                     \
  X(malformed,                 malformed,  "malformed binary")                                 \
  /* invalid: well-formed but rejected by validation (spec: assert_invalid) */                 \
  X(invalid,                   invalid,    "invalid module")                                   \
  X(type_mismatch,             invalid,    "type mismatch")                                    \
  X(unknown_type,              invalid,    "unknown type")                                     \
  X(unknown_function,          invalid,    "unknown function")                                 \
  X(unknown_table,             invalid,    "unknown table")                                    \
  X(unknown_memory,            invalid,    "unknown memory")                                   \
  X(unknown_global,            invalid,    "unknown global")                                   \
  X(unknown_local,             invalid,    "unknown local")                                    \
  X(unknown_label,             invalid,    "unknown label")                                    \
  X(unknown_data_segment,      invalid,    "unknown data segment")                             \
  X(unknown_element_segment,   invalid,    "unknown elem segment")                             \
  X(invalid_alignment,         invalid,    "alignment must not be larger than natural")        \
  X(constant_required,         invalid,    "constant expression required")                     \
  X(duplicate_export,          invalid,    "duplicate export name")                            \
  X(immutable_global,          invalid,    "global is immutable")                              \
  X(invalid_lane,              invalid,    "invalid lane index")                               \
  X(invalid_result_arity,      invalid,    "invalid result arity")                             \
  X(memory_too_large,          invalid,    "memory size must be at most 65536 pages (4GiB)")   \
  X(table_too_large,           invalid,    "table size must be at most 2^32-1")                \
  X(limits_min_exceeds_max,    invalid,    "size minimum must not be greater than maximum")    \
  X(multiple_memories,         invalid,    "multiple memories")                                \
  X(invalid_start,             invalid,    "start function")                                   \
  X(undeclared_function_ref,   invalid,    "undeclared function reference")                    \
  X(uninitialized_local,       invalid,    "uninitialized local")                              \
  X(unknown_tag,               invalid,    "unknown tag")                                      \
  X(non_empty_tag_result,      invalid,    "non-empty tag result type")                        \
  /* invalid, Component Model */                                                               \
  X(invalid_name,              invalid,    "invalid name")                                     \
  X(duplicate_name,            invalid,    "name conflicts with a previous name")              \
  /* unlinkable: imports cannot be satisfied (spec: assert_unlinkable) */                      \
  X(unknown_import,            unlinkable, "unknown import")                                   \
  X(incompatible_import,       unlinkable, "incompatible import type")                         \
  /* trap: execution trapped (spec: assert_trap, assert_uninstantiable) */                     \
  X(trap,                      trap,       "trap")                                             \
  X(unreachable_executed,      trap,       "unreachable")                                      \
  X(integer_divide_by_zero,    trap,       "integer divide by zero")                           \
  X(integer_overflow,          trap,       "integer overflow")                                 \
  X(invalid_conversion,        trap,       "invalid conversion to integer")                    \
  X(out_of_bounds_memory,      trap,       "out of bounds memory access")                      \
  X(out_of_bounds_table,       trap,       "out of bounds table access")                       \
  X(indirect_call_mismatch,    trap,       "indirect call type mismatch")                      \
  X(uninitialized_element,     trap,       "uninitialized element")                            \
  X(undefined_element,         trap,       "undefined element")                                \
  X(host_trap,                 trap,       "host function trapped")                            \
  X(unaligned_atomic,          trap,       "unaligned atomic")                                 \
  X(expected_shared_memory,    trap,       "expected shared memory")                           \
  X(null_function_reference,   trap,       "null function reference")                          \
  X(null_reference,            trap,       "null reference")                                   \
  X(null_exception_reference,  trap,       "null exception reference")                         \
  X(not_supported,             trap,       "not supported by this version of WRT")             \
  /* exception: a WebAssembly exception nobody caught (spec: assert_exception) */              \
  X(uncaught_exception,        exception,  "uncaught exception")                               \
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
  X(process_exit,              host,       "the program exited")                               \
  /* io: the operating system refused (files, clocks, sockets) */                              \
  X(io_error,                  io,         "I/O error")                                        \
  /* usage: the embedder called the API wrongly */                                             \
  X(invalid_argument,          usage,      "invalid argument")                                 \
  X(unknown_export,            usage,      "unknown export")
// clang-format on

// The types of WebAssembly (2.0, and the reference types of 3.0) as the decoder describes them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include <wrt/platform.hpp>

namespace wrt {

// Value types. A number or vector type is its binary encoding (one byte), so a decoded byte
// converts directly. A reference type `(ref null? ht)` (typed function references, WebAssembly
// 3.0) packs into the same 32 bits:
//
//   bits 0..7   the heap type: an abstract heap type's binary code (func 0x70, extern 0x6F,
//               exn 0x69, nofunc 0x73, noextern 0x72, noexn 0x74), or kConcreteHeap for a
//               type index
//   bit 8       non-null: set for `(ref ht)`, clear for `(ref null ht)`
//   bits 9..31  the type index of a concrete heap type
//
// so the 2.0 shorthands keep their byte values (funcref = 0x70 is `(ref null func)`), every
// existing comparison with them still means what it meant, and a type stays one word (types
// are stored in every module's type section, locals and the validator's operand stack).
//
// With typed function references compiled out (WRT_ENABLE_FUNCTION_REFERENCES = 0, the
// firmware) no type names a heap type beyond the one-byte shorthands and every reference is
// nullable, so a type is the byte again: type sections, locals, the validator's operand stack
// and the opcode table's signatures take a quarter of the space. kFunctionReferences says
// which; code that builds `(ref ht)` or `(ref $t)` is only reached with them.
inline constexpr bool kFunctionReferences = WRT_ENABLE_FUNCTION_REFERENCES != 0;
// Whether exception handling is compiled in (WRT_ENABLE_EXCEPTIONS), for `if constexpr`.
inline constexpr bool kExceptions = WRT_ENABLE_EXCEPTIONS != 0;
using ValTypeBits = std::conditional_t<kFunctionReferences, std::uint32_t, std::uint8_t>;
enum class ValType : ValTypeBits {
  i32 = 0x7F,
  i64 = 0x7E,
  f32 = 0x7D,
  f64 = 0x7C,
  v128 = 0x7B,
  funcref = 0x70,
  externref = 0x6F,
  exnref = 0x69,  // exception handling (WebAssembly 3.0): a caught exception
};

// Heap types as the low byte of a reference type (abstract ones are their binary codes).
enum class HeapKind : std::uint8_t {
  concrete = 0x01,  // a type index (bits 9..31)
  func = 0x70,
  extern_ = 0x6F,
  exn = 0x69,
  nofunc = 0x73,
  noextern = 0x72,
  noexn = 0x74,
};
inline constexpr std::uint32_t kNonNullBit = 0x100;
inline constexpr unsigned kTypeIndexShift = 9;
// Type indices a reference type can name (the configured type limit is far below).
inline constexpr std::uint32_t kMaxTypeIndexInRef = (std::uint32_t{1} << (32 - kTypeIndexShift)) - 1;

[[nodiscard]] constexpr std::uint8_t low_byte(ValType t) noexcept { return static_cast<std::uint8_t>(static_cast<std::uint32_t>(t)); }
[[nodiscard]] constexpr bool is_heap_code(std::uint8_t b) noexcept {
  return b == 0x70 || b == 0x6F || b == 0x69 || b == 0x73 || b == 0x72 || b == 0x74;
}
[[nodiscard]] constexpr bool is_reference(ValType t) noexcept {
  if constexpr (!kFunctionReferences) {
    return t == ValType::funcref || t == ValType::externref || (kExceptions && t == ValType::exnref);
  }
  const std::uint8_t b = low_byte(t);
  return b == static_cast<std::uint8_t>(HeapKind::concrete) || is_heap_code(b);
}
[[nodiscard]] constexpr bool is_number(ValType t) noexcept {
  return t == ValType::i32 || t == ValType::i64 || t == ValType::f32 || t == ValType::f64;
}
[[nodiscard]] constexpr HeapKind heap_kind(ValType t) noexcept { return static_cast<HeapKind>(low_byte(t)); }
[[nodiscard]] constexpr bool is_nullable(ValType t) noexcept {
  return !kFunctionReferences || (static_cast<std::uint32_t>(t) & kNonNullBit) == 0;
}
[[nodiscard]] constexpr bool is_concrete(ValType t) noexcept { return kFunctionReferences && heap_kind(t) == HeapKind::concrete; }
[[nodiscard]] constexpr std::uint32_t type_index_of(ValType t) noexcept { return static_cast<std::uint32_t>(t) >> kTypeIndexShift; }
// `(ref null? kind)` for an abstract heap type; `(ref null? index)` for a concrete one.
[[nodiscard]] constexpr ValType make_ref(bool nullable, HeapKind kind) noexcept {
  return static_cast<ValType>(static_cast<std::uint32_t>(kind) | (nullable ? 0u : kNonNullBit));
}
[[nodiscard]] constexpr ValType make_ref(bool nullable, std::uint32_t type_index) noexcept {
  return static_cast<ValType>((type_index << kTypeIndexShift) | static_cast<std::uint32_t>(HeapKind::concrete) |
                              (nullable ? 0u : kNonNullBit));
}
[[nodiscard]] constexpr ValType with_nullable(ValType t, bool nullable) noexcept {
  const std::uint32_t bits = static_cast<std::uint32_t>(t) & ~kNonNullBit;
  return static_cast<ValType>(bits | (nullable ? 0u : kNonNullBit));
}
// The same heap type: the type without its nullability.
[[nodiscard]] constexpr std::uint32_t heap_bits(ValType t) noexcept { return static_cast<std::uint32_t>(t) & ~kNonNullBit; }
// Numbers, vectors and nullable references have a default value (locals, tables without an
// initializer); non-null references do not.
[[nodiscard]] constexpr bool is_defaultable(ValType t) noexcept { return !is_reference(t) || is_nullable(t); }
// The top of a reference type's hierarchy (func, extern or exn); concrete types are functions
// (no GC types here).
[[nodiscard]] constexpr HeapKind top_heap(HeapKind k) noexcept {
  switch (k) {
    case HeapKind::concrete:
    case HeapKind::func:
    case HeapKind::nofunc: return HeapKind::func;
    case HeapKind::extern_:
    case HeapKind::noextern: return HeapKind::extern_;
    case HeapKind::exn:
    case HeapKind::noexn: return HeapKind::exn;
  }
  return k;
}
[[nodiscard]] constexpr bool is_bottom_heap(HeapKind k) noexcept {
  return k == HeapKind::nofunc || k == HeapKind::noextern || k == HeapKind::noexn;
}
// True for the bytes that start a value type: the one-byte ones, and 0x63/0x64 (ref null ht,
// ref ht) with typed function references.
[[nodiscard]] constexpr bool is_value_type_byte(std::uint8_t b) noexcept {
  return (b >= 0x7B && b <= 0x7F) || b == 0x70 || b == 0x6F || (kExceptions && b == 0x69);
}
[[nodiscard]] constexpr bool is_ref_type_prefix(std::uint8_t b) noexcept { return b == 0x63 || b == 0x64; }
// "i32", "funcref", "(ref func)", "(ref null $t)" (the type index of a concrete reference
// is not part of this fixed string: use text_of for it).
[[nodiscard]] const char* name_of(ValType t) noexcept;
// A value type as the text format writes it: "i32", "funcref", "(ref null 3)", "(ref func)".
struct ValTypeText {
  char text[32];
  [[nodiscard]] const char* c_str() const noexcept { return text; }
};
[[nodiscard]] ValTypeText text_of(ValType t) noexcept;

enum class ExternKind : std::uint8_t { function = 0, table = 1, memory = 2, global = 3, tag = 4 };
[[nodiscard]] const char* name_of(ExternKind k) noexcept;

// Whether multi-memory, memory64/table64, threads and custom page sizes are compiled in
// (WRT_MEMORY_PROPOSALS). Code asks this constant, or the accessors of TableType and MemoryType
// below that fold to the 2.0 answer without it, so a build without them (the firmware) drops
// those paths without preprocessor branches.
inline constexpr bool kMemoryProposals = WRT_MEMORY_PROPOSALS != 0;

// Limits as the binary format's limits: the range, and what the flags byte says besides since
// WebAssembly 3.0 (they fit in the padding, which keeps table and memory types small).
struct Limits {
  std::uint64_t min = 0;
  std::uint64_t max = 0;
  bool has_max = false;
  bool is64 = false;                 // memory64/table64: addresses (indices) are i64
  bool shared = false;               // threads: a shared memory (needs a maximum)
  bool one_byte_pages = false;       // custom-page-sizes: pages of one byte, not 64 KiB (the only two sizes); memories only
};

struct TableType {
  ValType element = ValType::funcref;
  Limits limits;

  [[nodiscard]] constexpr bool is64() const noexcept { return kMemoryProposals && limits.is64; }
};

struct MemoryType {
  Limits limits;  // in pages (64 KiB unless limits.one_byte_pages)

  [[nodiscard]] constexpr bool is64() const noexcept { return kMemoryProposals && limits.is64; }
  [[nodiscard]] constexpr bool shared() const noexcept { return kMemoryProposals && limits.shared; }
  [[nodiscard]] constexpr unsigned page_size_log2() const noexcept { return kMemoryProposals && limits.one_byte_pages ? 0u : 16u; }
  [[nodiscard]] constexpr std::uint64_t page_size() const noexcept { return std::uint64_t{1} << page_size_log2(); }
  // Whether code may use the fast path of memory 0 (32-bit addresses, 64 KiB pages).
  [[nodiscard]] constexpr bool is_classic() const noexcept { return !is64() && page_size_log2() == 16; }
};

struct GlobalType {
  ValType type = ValType::i32;
  bool is_mutable = false;
};

// A function type as a view into the module's type storage.
struct FuncType {
  std::span<const ValType> params;
  std::span<const ValType> results;
};

[[nodiscard]] bool operator==(const FuncType& a, const FuncType& b) noexcept;

// Whether a function type names type indices: a parameter or result `(ref null? $t)`. Such a
// type means something only with the types of the module it came from. Never true with typed
// function references compiled out.
[[nodiscard]] constexpr bool names_type_indices(const FuncType& type) noexcept {
  if constexpr (kFunctionReferences) {
    for (ValType t : type.params) {
      if (is_concrete(t)) return true;
    }
    for (ValType t : type.results) {
      if (is_concrete(t)) return true;
    }
  }
  return false;
}

// Which proposals beyond the 1.0 MVP are enabled. The defaults are WebAssembly 2.0 and every
// WebAssembly 3.0 proposal compiled into this build (all of them in hosted builds; the
// firmware presets compile them out). A proposal that is compiled out stays off whatever the
// flag says (the decoder asks `feature_enabled`).
struct Features {
  bool sign_extension = true;
  bool saturating_float_to_int = true;
  bool multi_value = true;
  bool mutable_globals = true;
  bool reference_types = true;
  bool bulk_memory = true;
  // The proposals after the six above are bits, so that the struct (kept in every module's
  // code and copied into each validation) stays two words on 32-bit targets however many there are.
  bool simd : 1 = WRT_ENABLE_SIMD != 0;  // never on when SIMD is compiled out (WRT_ENABLE_SIMD)
  // WebAssembly 3.0 (issue 16): control flow and references.
  bool tail_call : 1 = WRT_ENABLE_TAIL_CALL != 0;
  bool exceptions : 1 = WRT_ENABLE_EXCEPTIONS != 0;
  bool legacy_exceptions : 1 = WRT_ENABLE_EXCEPTIONS != 0;  // try/catch/delegate/rethrow: not in 3.0, still emitted
  bool function_references : 1 = WRT_ENABLE_FUNCTION_REFERENCES != 0;
  bool extended_const : 1 = WRT_ENABLE_EXTENDED_CONST != 0;
  // WebAssembly 3.0: the memory side (compiled out with WRT_MEMORY_PROPOSALS = 0).
  bool multi_memory : 1 = WRT_MEMORY_PROPOSALS != 0;  // memory indices in memory instructions, several memories
  bool memory64 : 1 = WRT_MEMORY_PROPOSALS != 0;      // i64 addresses for memories and tables (table64)
  // WebAssembly 3.0: relaxed SIMD (with SIMD; each instruction has one fixed result here).
  bool relaxed_simd : 1 = WRT_ENABLE_SIMD != 0;
  // Later proposals, off unless asked for.
  bool custom_page_sizes : 1 = false;  // memories with one-byte pages
  bool threads : 1 = false;            // shared memories, atomic instructions
  bool wide_arithmetic : 1 = false;    // i64.add128, i64.sub128, i64.mul_wide_s/u (WRT_ENABLE_WIDE_ARITHMETIC)

  // Everything on (`wrt-run wast --enable=all`).
  static constexpr Features all() noexcept {
    Features f;
    f.multi_memory = f.memory64 = f.custom_page_sizes = f.threads = f.wide_arithmetic = true;
    f.relaxed_simd = f.simd;
    return f;
  }

  static constexpr Features mvp() noexcept {
    Features f = wasm2();
    f.sign_extension = f.saturating_float_to_int = f.multi_value = f.reference_types = f.bulk_memory =
        f.simd = false;
    return f;
  }
  // WebAssembly 2.0: every 3.0 proposal off.
  static constexpr Features wasm2() noexcept {
    Features f;
    f.tail_call = f.exceptions = f.legacy_exceptions = f.function_references = f.extended_const = false;
    f.multi_memory = f.memory64 = f.custom_page_sizes = f.threads = f.wide_arithmetic = f.relaxed_simd = false;
    return f;
  }
};

// Values a constant expression may hold at once while it is evaluated: extended constant
// expressions (i32.add etc.) stack operands; the validator rejects deeper ones
// (limit_exceeded) so that evaluation needs no allocation. One without the proposal.
inline constexpr std::size_t kMaxConstExprDepth = WRT_ENABLE_EXTENDED_CONST ? 32 : 1;

// Turns the feature `name` (as in `wrt-run --enable/--disable`: "simd", "tail-call",
// "exceptions", ...; "3.0" is every WebAssembly 3.0 proposal) on or off. False for an unknown
// name. Turning on a proposal that is compiled out succeeds, but it stays off.
[[nodiscard]] bool set_feature(Features& features, const char* name, bool on) noexcept;
// The names set_feature knows, comma-separated (for help texts).
[[nodiscard]] const char* feature_names() noexcept;

}  // namespace wrt

// ComponentValue: a value of any component value type, as the host sees it.
//
// Scalars (bool, integers, floats, char, enum cases, flags, handles, variants and options and
// results without a payload) are held inline and never allocate. Strings (UTF-8), lists,
// records, tuples and payloads live in one block from an allocator. A value knows its kind and
// shape, not its type: labels of records, variants, enums and flags are the type's (by
// position), and ComponentValue::check compares a value with a type before a call.
//
// Values are move-only; clone() copies one (and can fail, as every allocation can).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <wrt/component/types.hpp>
#include <wrt/error/result.hpp>
#include <wrt/foundation/allocator.hpp>

namespace wrt::component {

struct ResourceType;  // a resource type at run time (instance.hpp)

enum class ValueKind : std::uint8_t {
  bool_,
  s8,
  u8,
  s16,
  u16,
  s32,
  u32,
  s64,
  u64,
  f32,
  f64,
  char_,
  string,
  list,
  record,
  tuple,
  variant,
  enum_,
  option,
  result,
  flags,
  own,
  borrow,
  stream,  // the readable end of a stream or future, passed between components (async ABI)
  future,
  error_context,  // an error-context: its debug message (the canonical ABI's ErrorContext)
};
[[nodiscard]] const char* name_of(ValueKind kind) noexcept;

class ComponentValue {
 public:
  ComponentValue() noexcept = default;  // bool false
  ComponentValue(ComponentValue&& other) noexcept;
  ComponentValue& operator=(ComponentValue&& other) noexcept;
  ComponentValue(const ComponentValue&) = delete;
  ComponentValue& operator=(const ComponentValue&) = delete;
  ~ComponentValue() { release(); }

  // --- scalars ---
  static ComponentValue boolean(bool v) noexcept { return scalar(ValueKind::bool_, v ? 1 : 0); }
  static ComponentValue s8(std::int8_t v) noexcept { return scalar(ValueKind::s8, static_cast<std::uint64_t>(v)); }
  static ComponentValue u8(std::uint8_t v) noexcept { return scalar(ValueKind::u8, v); }
  static ComponentValue s16(std::int16_t v) noexcept { return scalar(ValueKind::s16, static_cast<std::uint64_t>(v)); }
  static ComponentValue u16(std::uint16_t v) noexcept { return scalar(ValueKind::u16, v); }
  static ComponentValue s32(std::int32_t v) noexcept { return scalar(ValueKind::s32, static_cast<std::uint64_t>(v)); }
  static ComponentValue u32(std::uint32_t v) noexcept { return scalar(ValueKind::u32, v); }
  static ComponentValue s64(std::int64_t v) noexcept { return scalar(ValueKind::s64, static_cast<std::uint64_t>(v)); }
  static ComponentValue u64(std::uint64_t v) noexcept { return scalar(ValueKind::u64, v); }
  static ComponentValue f32(float v) noexcept;
  static ComponentValue f64(double v) noexcept;
  static ComponentValue f32_bits(std::uint32_t bits) noexcept { return scalar(ValueKind::f32, bits); }
  static ComponentValue f64_bits(std::uint64_t bits) noexcept { return scalar(ValueKind::f64, bits); }
  // A Unicode scalar value; surrogates and values above U+10FFFF are refused.
  static Result<ComponentValue> character(char32_t c) noexcept;
  static ComponentValue enum_case(std::uint32_t index) noexcept { return tagged(ValueKind::enum_, index); }
  static ComponentValue flags(std::uint32_t bits) noexcept { return scalar(ValueKind::flags, bits); }
  static ComponentValue variant(std::uint32_t case_index) noexcept { return tagged(ValueKind::variant, case_index); }
  static ComponentValue none() noexcept { return tagged(ValueKind::option, 0); }
  static ComponentValue ok() noexcept { return tagged(ValueKind::result, 0); }
  static ComponentValue err() noexcept { return tagged(ValueKind::result, 1); }
  // A handle the host holds: the resource's representation and its type (a type of a live
  // runtime, whose serial the value keeps; or null).
  static ComponentValue own(ResourceType* type, std::uint32_t rep) noexcept;
  static ComponentValue borrow(ResourceType* type, std::uint32_t rep) noexcept;
  // The readable end of a stream or future in transit (its shared state, private to the
  // component layer).
  static ComponentValue async_end(bool future, void* shared) noexcept {
    return scalar(future ? ValueKind::future : ValueKind::stream, reinterpret_cast<std::uintptr_t>(shared));
  }
  [[nodiscard]] void* shared_end() const noexcept { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(bits_)); }
  // An error-context with `message` (a string value; anything else makes an empty message).
  // Error contexts are immutable and have no identity a component can observe (each lowering
  // makes a new handle), so the value is its debug message; a message lifted from a component
  // keeps its origin (see with_origin).
  static ComponentValue error_context(ComponentValue&& message) noexcept;
  [[nodiscard]] std::string_view debug_message() const noexcept;  // error_context values
  // The debug message as a string value (with its origin), for lowering it.
  Result<ComponentValue> clone_debug_message() const noexcept;

  // --- values with storage ---
  // The string must be valid UTF-8 (checked).
  static Result<ComponentValue> string(std::string_view utf8, Allocator& allocator) noexcept;
  // `count` elements, each a default value to be replaced (element(i) = ...).
  static Result<ComponentValue> list(std::size_t count, Allocator& allocator) noexcept;
  static Result<ComponentValue> record(std::size_t count, Allocator& allocator) noexcept;
  static Result<ComponentValue> tuple(std::size_t count, Allocator& allocator) noexcept;
  static Result<ComponentValue> variant(std::uint32_t case_index, ComponentValue payload, Allocator& allocator) noexcept;
  static Result<ComponentValue> some(ComponentValue payload, Allocator& allocator) noexcept;
  static Result<ComponentValue> ok(ComponentValue payload, Allocator& allocator) noexcept;
  static Result<ComponentValue> err(ComponentValue payload, Allocator& allocator) noexcept;
  // Lists of the common element types, filled from host memory.
  static Result<ComponentValue> list_u8(std::span<const std::uint8_t> bytes, Allocator& allocator) noexcept;
  static Result<ComponentValue> list_u32(std::span<const std::uint32_t> values, Allocator& allocator) noexcept;
#if WRT_HAS_DEFAULT_ALLOCATOR
  static Result<ComponentValue> list_u8(std::span<const std::uint8_t> bytes) noexcept { return list_u8(bytes, default_allocator()); }
  static Result<ComponentValue> list_u32(std::span<const std::uint32_t> values) noexcept {
    return list_u32(values, default_allocator());
  }
  static Result<ComponentValue> list_u32(std::initializer_list<std::uint32_t> values) noexcept {
    return list_u32(std::span<const std::uint32_t>(values.begin(), values.size()), default_allocator());
  }
  static Result<ComponentValue> variant(std::uint32_t case_index, ComponentValue payload) noexcept {
    return variant(case_index, static_cast<ComponentValue&&>(payload), default_allocator());
  }
  static Result<ComponentValue> some(ComponentValue payload) noexcept { return some(static_cast<ComponentValue&&>(payload), default_allocator()); }
  static Result<ComponentValue> ok(ComponentValue payload) noexcept { return ok(static_cast<ComponentValue&&>(payload), default_allocator()); }
  static Result<ComponentValue> err(ComponentValue payload) noexcept { return err(static_cast<ComponentValue&&>(payload), default_allocator()); }
  static Result<ComponentValue> string(std::string_view utf8) noexcept { return string(utf8, default_allocator()); }
  static Result<ComponentValue> error_context(std::string_view message) noexcept {
    ComponentValue m = WRT_TRY(string(message, default_allocator()));
    return error_context(static_cast<ComponentValue&&>(m));
  }
  static Result<ComponentValue> list(std::size_t count) noexcept { return list(count, default_allocator()); }
  static Result<ComponentValue> record(std::size_t count) noexcept { return record(count, default_allocator()); }
  static Result<ComponentValue> tuple(std::size_t count) noexcept { return tuple(count, default_allocator()); }
#endif

  // --- reading ---
  [[nodiscard]] ValueKind kind() const noexcept { return kind_; }
  [[nodiscard]] bool as_bool() const noexcept { return bits_ != 0; }
  [[nodiscard]] std::int64_t as_signed() const noexcept { return static_cast<std::int64_t>(bits_); }  // s8..s64
  [[nodiscard]] std::uint64_t as_unsigned() const noexcept { return bits_; }                         // u8..u64
  [[nodiscard]] std::uint64_t bits() const noexcept { return bits_; }  // floats' bit patterns, flags, char
  [[nodiscard]] float as_f32() const noexcept;
  [[nodiscard]] double as_f64() const noexcept;
  [[nodiscard]] char32_t as_char() const noexcept { return static_cast<char32_t>(bits_); }
  [[nodiscard]] std::string_view as_string() const noexcept;
  // Enum case, variant case, option (0 none, 1 some), result (0 ok, 1 error).
  [[nodiscard]] std::uint32_t case_index() const noexcept { return index_; }
  [[nodiscard]] bool has_payload() const noexcept;
  [[nodiscard]] const ComponentValue& payload() const noexcept { return children()[0]; }
  [[nodiscard]] ComponentValue& payload() noexcept { return children()[0]; }
  // Elements of lists, fields of records, members of tuples.
  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] const ComponentValue& operator[](std::size_t i) const noexcept { return children()[i]; }
  [[nodiscard]] ComponentValue& operator[](std::size_t i) noexcept { return children()[i]; }
  [[nodiscard]] std::span<ComponentValue> elements() noexcept;
  [[nodiscard]] std::span<const ComponentValue> elements() const noexcept;
  [[nodiscard]] ResourceType* resource_type() const noexcept { return resource_; }
  [[nodiscard]] std::uint32_t rep() const noexcept { return static_cast<std::uint32_t>(bits_); }
  // Whether this is a handle of `type` (a live type): the same address and the same serial,
  // so that a value whose type died with its runtime is not taken for a new type that reuses
  // the address. Reads nothing through the value's own pointer.
  [[nodiscard]] bool is_handle_of(const ResourceType& type) const noexcept;

  // A string lifted from a component remembers how it was encoded there (the canonical ABI's
  // String = (text, encoding, tagged code units)): storing it into another component follows
  // an allocation protocol that depends on it (CanonicalABI.md, store_string_into_range).
  static ComponentValue with_origin(ComponentValue&& string, std::uint32_t encoding, std::uint64_t tagged_units) noexcept;
  [[nodiscard]] bool has_origin() const noexcept {
    return (kind_ == ValueKind::string || kind_ == ValueKind::error_context) && index_ != 0;
  }
  [[nodiscard]] std::uint32_t origin_encoding() const noexcept { return index_ - 1; }
  [[nodiscard]] std::uint64_t origin_units() const noexcept { return bits_; }

  Result<ComponentValue> clone() const noexcept;
  // Structural equality (NaNs of a type are equal: values have one NaN).
  [[nodiscard]] bool equals(const ComponentValue& other) const noexcept;

  // Whether this value has the shape and ranges of `type` (the kind, the number of fields,
  // case indices in range, payloads where the case has one, flags within the labels, chars
  // valid). Handles are checked for kind only (their resource types are checked when lowered).
  // Iterative: deep values do not use the host stack.
  [[nodiscard]] Result<void> check(const TypeArena& types, TypeId type, Allocator& scratch) const noexcept;

 private:
  struct Block;  // the storage of strings, lists, records, tuples and payloads
  static ComponentValue scalar(ValueKind kind, std::uint64_t bits) noexcept {
    ComponentValue v;
    v.kind_ = kind;
    v.bits_ = bits;
    return v;
  }
  static ComponentValue tagged(ValueKind kind, std::uint32_t index) noexcept {
    ComponentValue v;
    v.kind_ = kind;
    v.index_ = index;
    return v;
  }
  static Result<ComponentValue> with_children(ValueKind kind, std::size_t count, Allocator& allocator) noexcept;
  static Result<ComponentValue> with_payload(ValueKind kind, std::uint32_t index, ComponentValue payload,
                                             Allocator& allocator) noexcept;
  [[nodiscard]] ComponentValue* children() const noexcept;
  void release() noexcept;

  // A handle keeps its representation in bits_'s low half and its type's serial in index_ (low
  // half) and bits_'s high half: no room beyond what every value has.
  [[nodiscard]] std::uint64_t resource_serial() const noexcept { return (bits_ >> 32 << 32) | index_; }
  ValueKind kind_ = ValueKind::bool_;
  std::uint32_t index_ = 0;
  std::uint64_t bits_ = 0;
  Block* block_ = nullptr;
  ResourceType* resource_ = nullptr;
};

}  // namespace wrt::component

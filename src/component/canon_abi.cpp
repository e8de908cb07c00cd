// Lifting and lowering (CanonicalABI.md): load/store in linear memory and the flat forms,
// strings with transcoding, lists, handles. Each walk over a type is a loop over an explicit
// frame list, so nesting costs heap, not host stack; strings and lists of scalars take fast
// paths.
#include "component/canon_abi.hpp"
#include "component/runtime.hpp"

#include <bit>
#include <cstring>
#include <wrt/foundation/utf8.hpp>

namespace wrt::component::detail {

namespace {

constexpr std::uint32_t kCanonicalNan32 = 0x7fc0'0000u;
constexpr std::uint64_t kCanonicalNan64 = 0x7ff8'0000'0000'0000ull;

bool is_nan32(std::uint32_t bits) noexcept { return (bits & 0x7f80'0000u) == 0x7f80'0000u && (bits & 0x7f'ffffu) != 0; }
bool is_nan64(std::uint64_t bits) noexcept {
  return (bits & 0x7ff0'0000'0000'0000ull) == 0x7ff0'0000'0000'0000ull && (bits & 0xf'ffff'ffff'ffffull) != 0;
}

std::uint64_t align_to(std::uint64_t value, std::uint64_t alignment) noexcept {
  return (value + alignment - 1) / alignment * alignment;
}

// --- memory ------------------------------------------------------------------------------

struct Memory {
  AbiContext& cx;
  [[nodiscard]] MemoryInstance* instance() const noexcept { return cx.options.memory; }
  [[nodiscard]] std::uint64_t size() const noexcept { return cx.options.memory != nullptr ? cx.options.memory->size() : 0; }
  [[nodiscard]] unsigned ptr_size() const noexcept { return cx.options.memory64 ? 8 : 4; }
  Result<void> check(std::uint64_t ptr, std::uint64_t length) const noexcept {
    if (cx.options.memory == nullptr) return abi_trap("no memory to lift or lower through");
    if (ptr > size() || length > size() - ptr) return abi_trap("out of bounds memory access in the canonical ABI");
    return {};
  }
  // The data pointer is read at each access: a realloc call may grow (and move) the memory.
  [[nodiscard]] std::uint8_t* at(std::uint64_t ptr) const noexcept { return cx.options.memory->data() + ptr; }
  [[nodiscard]] std::uint64_t load(std::uint64_t ptr, unsigned bytes) const noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, at(ptr), bytes);  // little-endian host
    return v;
  }
  void store(std::uint64_t ptr, std::uint64_t v, unsigned bytes) const noexcept { std::memcpy(at(ptr), &v, bytes); }
};

// Calls realloc (with may_leave cleared, as the spec's LiftLowerContext.reallocate does).
Result<std::uint64_t> reallocate(AbiContext& cx, std::uint64_t old_ptr, std::uint64_t old_size, std::uint64_t alignment,
                                 std::uint64_t new_size) noexcept {
  FunctionInstance* realloc = cx.options.realloc;
  if (realloc == nullptr) return abi_trap("no realloc to allocate in the callee's memory");
  ValType p = cx.options.memory64 ? ValType::i64 : ValType::i32;
  auto value = [&](std::uint64_t v) { return p == ValType::i64 ? Value::i64(static_cast<std::int64_t>(v)) : Value::i32(static_cast<std::int32_t>(v)); };
  Value args[4] = {value(old_ptr), value(old_size), value(alignment), value(new_size)};
  Value result;
  bool saved = cx.instance.may_leave;
  cx.instance.may_leave = false;
  Result<void> done = run_core(cx.runtime.thread(), *realloc, args, std::span<Value>(&result, 1), "a realloc call ran out of fuel");
  cx.instance.may_leave = saved;
  WRT_TRY(done);
  return p == ValType::i64 ? static_cast<std::uint64_t>(result.as_i64()) : static_cast<std::uint32_t>(result.as_i32());
}

Result<std::uint64_t> allocate(AbiContext& cx, std::uint64_t alignment, std::uint64_t size) noexcept {
  return reallocate(cx, 0, 0, alignment, size);
}

// --- strings -------------------------------------------------------------------------------

// Appends the UTF-8 encoding of a code point.
void put_utf8(Vec<char>& out, char32_t c, bool& failed) noexcept {
  char buffer[4];
  std::size_t n = 0;
  if (c < 0x80) {
    buffer[n++] = static_cast<char>(c);
  } else if (c < 0x800) {
    buffer[n++] = static_cast<char>(0xC0 | (c >> 6));
    buffer[n++] = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    buffer[n++] = static_cast<char>(0xE0 | (c >> 12));
    buffer[n++] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buffer[n++] = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    buffer[n++] = static_cast<char>(0xF0 | (c >> 18));
    buffer[n++] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    buffer[n++] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buffer[n++] = static_cast<char>(0x80 | (c & 0x3F));
  }
  if (!out.append(std::span<const char>(buffer, n))) failed = true;
}

// Decodes the next code point of valid UTF-8 at `p`.
char32_t next_utf8(const unsigned char*& p) noexcept {
  unsigned char b = *p++;
  if (b < 0x80) return b;
  if (b < 0xE0) {
    char32_t c = static_cast<char32_t>(b & 0x1F) << 6;
    return c | (*p++ & 0x3F);
  }
  if (b < 0xF0) {
    char32_t c = static_cast<char32_t>(b & 0x0F) << 12;
    c |= static_cast<char32_t>(*p++ & 0x3F) << 6;
    return c | (*p++ & 0x3F);
  }
  char32_t c = static_cast<char32_t>(b & 0x07) << 18;
  c |= static_cast<char32_t>(*p++ & 0x3F) << 12;
  c |= static_cast<char32_t>(*p++ & 0x3F) << 6;
  return c | (*p++ & 0x3F);
}

// A string value remembers how it was encoded where it came from (case_index: the encoding,
// bits: the tagged code units), because storing it elsewhere follows a different allocation
// protocol depending on that (CanonicalABI.md, store_string_into_range).
enum class SimpleEncoding : std::uint8_t { utf8, utf16, latin1 };

Result<ComponentValue> make_string(AbiContext& cx, Vec<char>& utf8, StringEncoding encoding, std::uint64_t tagged_units) noexcept {
  ComponentValue v = WRT_TRY(ComponentValue::string(std::string_view(utf8.data(), utf8.size()), cx.values));
  return ComponentValue::with_origin(std::move(v), static_cast<std::uint32_t>(encoding), tagged_units);
}

Result<ComponentValue> load_string_from_range(AbiContext& cx, std::uint64_t ptr, std::uint64_t tagged_units) noexcept {
  Memory m{cx};
  const std::uint64_t tag = std::uint64_t{1} << (m.ptr_size() * 8 - 1);
  std::uint64_t alignment = 1;
  std::uint64_t byte_length = 0;
  SimpleEncoding encoding = SimpleEncoding::utf8;
  switch (cx.options.encoding) {
    case StringEncoding::utf8:
      byte_length = tagged_units;
      break;
    case StringEncoding::utf16:
      alignment = 2;
      byte_length = 2 * tagged_units;
      encoding = SimpleEncoding::utf16;
      break;
    case StringEncoding::latin1_utf16:
      alignment = 2;
      if ((tagged_units & tag) != 0) {
        byte_length = 2 * (tagged_units ^ tag);
        encoding = SimpleEncoding::utf16;
      } else {
        byte_length = tagged_units;
        encoding = SimpleEncoding::latin1;
      }
      break;
  }
  if (byte_length > kMaxStringByteLength) return abi_trap("string too long");
  if (ptr != align_to(ptr, alignment)) return abi_trap("unaligned pointer: a string");
  WRT_TRY(m.check(ptr, byte_length));
  Vec<char> utf8(cx.values);
  bool failed = false;
  const std::uint8_t* bytes = m.at(ptr);
  switch (encoding) {
    case SimpleEncoding::utf8:
      if (!is_valid_utf8(Bytes(bytes, byte_length))) return abi_trap("invalid UTF-8 in a string");
      WRT_TRY(utf8.append(std::span<const char>(reinterpret_cast<const char*>(bytes), byte_length)));
      break;
    case SimpleEncoding::latin1:
      WRT_TRY(utf8.reserve(byte_length * 2));
      for (std::uint64_t i = 0; i < byte_length; ++i) put_utf8(utf8, bytes[i], failed);
      break;
    case SimpleEncoding::utf16: {
      WRT_TRY(utf8.reserve(byte_length));
      std::uint64_t units = byte_length / 2;
      for (std::uint64_t i = 0; i < units; ++i) {
        char32_t u = static_cast<char32_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
        if (u >= 0xD800 && u <= 0xDBFF) {
          if (i + 1 >= units) return abi_trap("invalid UTF-16: an unpaired surrogate");
          char32_t low = static_cast<char32_t>(bytes[2 * i + 2] | (bytes[2 * i + 3] << 8));
          if (low < 0xDC00 || low > 0xDFFF) return abi_trap("invalid UTF-16: an unpaired surrogate");
          u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
          ++i;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
          return abi_trap("invalid UTF-16: an unpaired surrogate");
        }
        put_utf8(utf8, u, failed);
      }
      break;
    }
  }
  if (failed) return Error(ErrorCode::out_of_memory).append_detail("a string value");
  return make_string(cx, utf8, cx.options.encoding, tagged_units);
}

// The source of a string being stored: its code points and how its origin counted them.
struct StringSource {
  std::string_view utf8;
  SimpleEncoding simple = SimpleEncoding::utf8;
  StringEncoding encoding = StringEncoding::utf8;
  std::uint64_t code_units = 0;  // untagged
};

StringSource source_of(const ComponentValue& v, unsigned ptr_size) noexcept {
  StringSource s;
  s.utf8 = v.as_string();
  if (!v.has_origin()) {
    s.code_units = s.utf8.size();
    return s;
  }
  s.encoding = static_cast<StringEncoding>(v.origin_encoding());
  std::uint64_t tagged = v.origin_units();
  const std::uint64_t tag = std::uint64_t{1} << (ptr_size * 8 - 1);
  switch (s.encoding) {
    case StringEncoding::utf8:
      s.simple = SimpleEncoding::utf8;
      s.code_units = tagged;
      break;
    case StringEncoding::utf16:
      s.simple = SimpleEncoding::utf16;
      s.code_units = tagged;
      break;
    case StringEncoding::latin1_utf16:
      if ((tagged & tag) != 0) {
        s.simple = SimpleEncoding::utf16;
        s.code_units = tagged ^ tag;
      } else {
        s.simple = SimpleEncoding::latin1;
        s.code_units = tagged;
      }
      break;
  }
  return s;
}

struct StoredString {
  std::uint64_t ptr = 0;
  std::uint64_t units = 0;  // tagged
};

Result<void> check_range(Memory& m, std::uint64_t ptr, std::uint64_t alignment, std::uint64_t length) noexcept {
  if (ptr != align_to(ptr, alignment)) return abi_trap("unaligned pointer returned by realloc");
  return m.check(ptr, length);
}

// Writes the code points of `s` as UTF-16 at ptr; returns the code units written.
std::uint64_t write_utf16(Memory& m, std::uint64_t ptr, std::string_view utf8) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  std::uint64_t units = 0;
  while (p < end) {
    char32_t c = next_utf8(p);
    if (c >= 0x10000) {
      c -= 0x10000;
      m.store(ptr + 2 * units++, 0xD800 + (c >> 10), 2);
      m.store(ptr + 2 * units++, 0xDC00 + (c & 0x3FF), 2);
    } else {
      m.store(ptr + 2 * units++, c, 2);
    }
  }
  return units;
}

std::uint64_t utf16_units(std::string_view utf8) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  std::uint64_t units = 0;
  while (p < end) units += next_utf8(p) >= 0x10000 ? 2u : 1u;
  return units;
}

Result<StoredString> store_string_copy(AbiContext& cx, const StringSource& s, std::uint64_t unit_size, std::uint64_t alignment,
                                       SimpleEncoding dst) noexcept {
  Memory m{cx};
  std::uint64_t byte_length = unit_size * s.code_units;
  std::uint64_t ptr = WRT_TRY(allocate(cx, alignment, byte_length));
  WRT_TRY(check_range(m, ptr, alignment, byte_length));
  const auto* p = reinterpret_cast<const unsigned char*>(s.utf8.data());
  const auto* end = p + s.utf8.size();
  switch (dst) {
    case SimpleEncoding::utf8:
      if (!s.utf8.empty()) std::memcpy(m.at(ptr), s.utf8.data(), s.utf8.size());
      break;
    case SimpleEncoding::utf16:
      write_utf16(m, ptr, s.utf8);
      break;
    case SimpleEncoding::latin1:
      for (std::uint64_t i = 0; p < end; ++i) m.at(ptr)[i] = static_cast<std::uint8_t>(next_utf8(p));
      break;
  }
  return StoredString{ptr, s.code_units};
}

Result<StoredString> store_string_to_utf8(AbiContext& cx, const StringSource& s, std::uint64_t worst_case_size) noexcept {
  Memory m{cx};
  std::uint64_t ptr = WRT_TRY(allocate(cx, 1, s.code_units));
  WRT_TRY(m.check(ptr, s.code_units));
  const auto* begin = reinterpret_cast<const unsigned char*>(s.utf8.data());
  const auto* p = begin;
  const auto* end = begin + s.utf8.size();
  for (std::uint64_t i = 0; p < end; ++i) {
    const auto* here = p;
    char32_t c = next_utf8(p);
    if (c < 0x80) {
      m.at(ptr)[i] = static_cast<std::uint8_t>(c);
      continue;
    }
    // The first non-ASCII code point: grow to the worst case, write the rest, shrink to fit.
    ptr = WRT_TRY(reallocate(cx, ptr, s.code_units, 1, worst_case_size));
    WRT_TRY(m.check(ptr, worst_case_size));
    std::uint64_t encoded = s.utf8.size();
    std::memcpy(m.at(ptr + i), here, static_cast<std::size_t>(end - here));
    if (worst_case_size > encoded) {
      ptr = WRT_TRY(reallocate(cx, ptr, worst_case_size, 1, encoded));
      WRT_TRY(m.check(ptr, encoded));
    }
    return StoredString{ptr, encoded};
  }
  return StoredString{ptr, s.code_units};
}

Result<StoredString> store_utf8_to_utf16(AbiContext& cx, const StringSource& s) noexcept {
  Memory m{cx};
  std::uint64_t worst_case_size = 2 * s.code_units;
  std::uint64_t ptr = WRT_TRY(allocate(cx, 2, worst_case_size));
  WRT_TRY(check_range(m, ptr, 2, worst_case_size));
  std::uint64_t units = utf16_units(s.utf8);
  write_utf16(m, ptr, s.utf8);
  if (2 * units < worst_case_size) {
    ptr = WRT_TRY(reallocate(cx, ptr, worst_case_size, 2, 2 * units));
    WRT_TRY(check_range(m, ptr, 2, 2 * units));
  }
  return StoredString{ptr, units};
}

Result<StoredString> store_string_to_latin1_or_utf16(AbiContext& cx, const StringSource& s, std::uint64_t tag) noexcept {
  Memory m{cx};
  std::uint64_t ptr = WRT_TRY(allocate(cx, 2, s.code_units));
  WRT_TRY(check_range(m, ptr, 2, s.code_units));
  std::uint64_t dst_bytes = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(s.utf8.data());
  const auto* end = p + s.utf8.size();
  while (p < end) {
    char32_t c = next_utf8(p);
    if (c < 0x100) {
      m.at(ptr)[dst_bytes++] = static_cast<std::uint8_t>(c);
      continue;
    }
    // Not latin1: inflate what was written to UTF-16 and write the whole string as UTF-16.
    std::uint64_t worst_case_size = 2 * s.code_units;
    ptr = WRT_TRY(reallocate(cx, ptr, s.code_units, 2, worst_case_size));
    WRT_TRY(check_range(m, ptr, 2, worst_case_size));
    for (std::uint64_t j = dst_bytes; j-- > 0;) {
      m.at(ptr)[2 * j] = m.at(ptr)[j];
      m.at(ptr)[2 * j + 1] = 0;
    }
    std::uint64_t units = write_utf16(m, ptr, s.utf8);
    if (worst_case_size > 2 * units) {
      ptr = WRT_TRY(reallocate(cx, ptr, worst_case_size, 2, 2 * units));
      WRT_TRY(check_range(m, ptr, 2, 2 * units));
    }
    return StoredString{ptr, units | tag};
  }
  if (dst_bytes < s.code_units) {
    ptr = WRT_TRY(reallocate(cx, ptr, s.code_units, 2, dst_bytes));
    WRT_TRY(check_range(m, ptr, 2, dst_bytes));
  }
  return StoredString{ptr, dst_bytes};
}

Result<StoredString> store_probably_utf16_to_latin1_or_utf16(AbiContext& cx, const StringSource& s, std::uint64_t tag) noexcept {
  Memory m{cx};
  std::uint64_t src_bytes = 2 * s.code_units;
  std::uint64_t ptr = WRT_TRY(allocate(cx, 2, src_bytes));
  WRT_TRY(check_range(m, ptr, 2, src_bytes));
  std::uint64_t units = write_utf16(m, ptr, s.utf8);
  bool latin1 = true;
  const auto* p = reinterpret_cast<const unsigned char*>(s.utf8.data());
  const auto* end = p + s.utf8.size();
  while (p < end && latin1) latin1 = next_utf8(p) < 0x100;
  if (!latin1) return StoredString{ptr, units | tag};
  for (std::uint64_t i = 0; i < units; ++i) m.at(ptr)[i] = m.at(ptr)[2 * i];
  ptr = WRT_TRY(reallocate(cx, ptr, src_bytes, 1, units));
  WRT_TRY(m.check(ptr, units));
  return StoredString{ptr, units};
}

Result<StoredString> store_string_into_range(AbiContext& cx, const ComponentValue& v) noexcept {
  Memory m{cx};
  if (cx.options.memory == nullptr) return abi_trap("no memory to lower a string into");
  StringSource s = source_of(v, m.ptr_size());
  if (s.utf8.size() > kMaxStringByteLength) return abi_trap("string too long");
  const std::uint64_t tag = std::uint64_t{1} << (m.ptr_size() * 8 - 1);
  switch (cx.options.encoding) {
    case StringEncoding::utf8:
      switch (s.simple) {
        case SimpleEncoding::utf8: return store_string_copy(cx, s, 1, 1, SimpleEncoding::utf8);
        case SimpleEncoding::utf16: return store_string_to_utf8(cx, s, s.code_units * 3);
        case SimpleEncoding::latin1: return store_string_to_utf8(cx, s, s.code_units * 2);
      }
      break;
    case StringEncoding::utf16:
      switch (s.simple) {
        case SimpleEncoding::utf8: return store_utf8_to_utf16(cx, s);
        case SimpleEncoding::utf16:
        case SimpleEncoding::latin1: return store_string_copy(cx, s, 2, 2, SimpleEncoding::utf16);
      }
      break;
    case StringEncoding::latin1_utf16:
      if (s.encoding != StringEncoding::latin1_utf16) return store_string_to_latin1_or_utf16(cx, s, tag);
      if (s.simple == SimpleEncoding::latin1) return store_string_copy(cx, s, 1, 2, SimpleEncoding::latin1);
      return store_probably_utf16_to_latin1_or_utf16(cx, s, tag);
  }
  return abi_trap("unknown string encoding");
}

// --- handles ---------------------------------------------------------------------------------

Result<ResourceType*> runtime_resource(AbiContext& cx, TypeId handle_type) noexcept {
  const TypeArena& types = cx.runtime.types();
  TypeId resource = types.peeled(types.peeled(handle_type).a).canon;
  std::uint32_t index = cx.instance.resources.get(resource);
  if (index == IdMap::kEmpty) return Error(ErrorCode::trap, "a resource type has no run-time type in this instance");
  return cx.runtime.resource_type(index);
}

Result<ComponentValue> lift_own(AbiContext& cx, std::uint32_t i, TypeId type) noexcept {
  ResourceType* rt = WRT_TRY(runtime_resource(cx, type));
  HandleEntry* h = WRT_TRY(cx.instance.handles.get(i));
  if (h->type != rt) return abi_trap("handle of another resource type");
  if (h->num_lends != 0) return abi_trap("cannot transfer an owned handle while it is lent");
  if (!h->own) return abi_trap("an own handle was expected, found a borrow");
  HandleEntry e = WRT_TRY(cx.instance.handles.remove(i));
  return ComponentValue::own(rt, e.rep);
}

Result<ComponentValue> lift_borrow(AbiContext& cx, std::uint32_t i, TypeId type) noexcept {
  ResourceType* rt = WRT_TRY(runtime_resource(cx, type));
  HandleEntry* h = WRT_TRY(cx.instance.handles.get(i));
  if (h->type != rt) return abi_trap("handle of another resource type");
  if (cx.lenders != nullptr) {
    ++h->num_lends;
    WRT_TRY(cx.lenders->push_back(i));
  }
  return ComponentValue::borrow(rt, h->rep);
}

Result<std::uint32_t> lower_own(AbiContext& cx, const ComponentValue& v, TypeId type) noexcept {
  ResourceType* rt = WRT_TRY(runtime_resource(cx, type));
  if (v.kind() != ValueKind::own || !v.is_handle_of(*rt)) return abi_trap("an owned handle of another resource type");
  HandleEntry e;
  e.type = rt;
  e.rep = v.rep();
  e.own = true;
  return cx.instance.handles.add(e);
}

Result<std::uint32_t> lower_borrow(AbiContext& cx, const ComponentValue& v, TypeId type) noexcept {
  ResourceType* rt = WRT_TRY(runtime_resource(cx, type));
  if ((v.kind() != ValueKind::borrow && v.kind() != ValueKind::own) || !v.is_handle_of(*rt)) {
    return abi_trap("a borrowed handle of another resource type");
  }
  // Into the resource's own instance a borrow is its representation.
  if (rt->owner == &cx.instance) return v.rep();
  HandleEntry e;
  e.type = rt;
  e.rep = v.rep();
  e.own = false;
  e.borrow_scope = cx.num_borrows;
  if (cx.num_borrows != nullptr) ++*cx.num_borrows;
  return cx.instance.handles.add(e);
}

// --- scalars -------------------------------------------------------------------------------

Result<ComponentValue> lift_scalar(Primitive p, std::uint64_t raw) noexcept {
  switch (p) {
    case Primitive::bool_: return ComponentValue::boolean(static_cast<std::uint32_t>(raw) != 0);
    case Primitive::s8: return ComponentValue::s8(static_cast<std::int8_t>(raw));
    case Primitive::u8: return ComponentValue::u8(static_cast<std::uint8_t>(raw));
    case Primitive::s16: return ComponentValue::s16(static_cast<std::int16_t>(raw));
    case Primitive::u16: return ComponentValue::u16(static_cast<std::uint16_t>(raw));
    case Primitive::s32: return ComponentValue::s32(static_cast<std::int32_t>(raw));
    case Primitive::u32: return ComponentValue::u32(static_cast<std::uint32_t>(raw));
    case Primitive::s64: return ComponentValue::s64(static_cast<std::int64_t>(raw));
    case Primitive::u64: return ComponentValue::u64(raw);
    case Primitive::f32: {
      auto bits = static_cast<std::uint32_t>(raw);
      return ComponentValue::f32_bits(is_nan32(bits) ? kCanonicalNan32 : bits);
    }
    case Primitive::f64: return ComponentValue::f64_bits(is_nan64(raw) ? kCanonicalNan64 : raw);
    case Primitive::char_: {
      auto c = static_cast<std::uint32_t>(raw);
      if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) return abi_trap("invalid char: not a Unicode scalar value");
      return ComponentValue::character(c);
    }
    default: return abi_trap("not a scalar type");
  }
}

// The raw core bits a scalar value lowers to (integers sign- or zero-extended to the slot).
Result<std::uint64_t> lower_scalar(Primitive p, const ComponentValue& v) noexcept {
  auto expect = [&](ValueKind k) -> Result<void> {
    if (v.kind() != k) {
      return Error(ErrorCode::invalid_argument, "value does not match its type: expected").append_detail(name_of(p))
          .append_detail(", found ")
          .append_detail(name_of(v.kind()));
    }
    return {};
  };
  switch (p) {
    case Primitive::bool_: WRT_TRY(expect(ValueKind::bool_)); return v.as_bool() ? 1 : 0;
    case Primitive::s8: WRT_TRY(expect(ValueKind::s8)); return v.as_unsigned() & 0xFFFF'FFFFu;  // held sign-extended: the low 32 bits are the i32
    case Primitive::u8: WRT_TRY(expect(ValueKind::u8)); return v.as_unsigned() & 0xFF;
    case Primitive::s16: WRT_TRY(expect(ValueKind::s16)); return v.as_unsigned() & 0xFFFF'FFFFu;
    case Primitive::u16: WRT_TRY(expect(ValueKind::u16)); return v.as_unsigned() & 0xFFFF;
    case Primitive::s32: WRT_TRY(expect(ValueKind::s32)); return v.as_unsigned() & 0xFFFF'FFFFu;
    case Primitive::u32: WRT_TRY(expect(ValueKind::u32)); return v.as_unsigned() & 0xFFFF'FFFFu;
    case Primitive::s64: WRT_TRY(expect(ValueKind::s64)); return v.as_unsigned();
    case Primitive::u64: WRT_TRY(expect(ValueKind::u64)); return v.as_unsigned();
    case Primitive::f32: {
      WRT_TRY(expect(ValueKind::f32));
      auto bits = static_cast<std::uint32_t>(v.bits());
      return is_nan32(bits) ? kCanonicalNan32 : bits;  // the deterministic profile's NaN
    }
    case Primitive::f64: WRT_TRY(expect(ValueKind::f64)); return is_nan64(v.bits()) ? kCanonicalNan64 : v.bits();
    case Primitive::char_: {
      WRT_TRY(expect(ValueKind::char_));
      std::uint64_t c = v.bits();
      if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) return Error(ErrorCode::invalid_argument, "not a Unicode scalar value");
      return c;
    }
    default: return Error(ErrorCode::invalid_argument, "not a scalar type");
  }
}

unsigned scalar_size(Primitive p) noexcept {
  switch (p) {
    case Primitive::bool_:
    case Primitive::s8:
    case Primitive::u8: return 1;
    case Primitive::s16:
    case Primitive::u16: return 2;
    case Primitive::s64:
    case Primitive::u64:
    case Primitive::f64: return 8;
    default: return 4;
  }
}

// Variant-like nodes: their cases as (count, payload type of case i).
struct Cases {
  std::uint32_t count = 0;
  const TypeArena* types = nullptr;
  const TypeNode* node = nullptr;
  [[nodiscard]] TypeId payload(std::uint32_t i) const noexcept {
    switch (node->kind) {
      case NodeKind::variant: return types->items(*node)[i].type;
      case NodeKind::option: return i == 1 ? node->a : kNoType;
      case NodeKind::result: return i == 0 ? node->a : node->b;
      default: return kNoType;  // enum
    }
  }
};

Cases cases_of(const TypeArena& types, const TypeNode& n) noexcept {
  Cases c;
  c.types = &types;
  c.node = &n;
  switch (n.kind) {
    case NodeKind::variant:
    case NodeKind::enum_: c.count = n.count; break;
    default: c.count = 2; break;
  }
  return c;
}

unsigned discriminant_size(std::uint32_t cases) noexcept { return cases <= 256 ? 1 : cases <= 65536 ? 2 : 4; }

ValueKind kind_of_variant(NodeKind k) noexcept {
  switch (k) {
    case NodeKind::option: return ValueKind::option;
    case NodeKind::result: return ValueKind::result;
    case NodeKind::enum_: return ValueKind::enum_;
    default: return ValueKind::variant;
  }
}

Result<ComponentValue> make_case(AbiContext& cx, NodeKind k, std::uint32_t index, bool has_payload) noexcept {
  if (!has_payload) {
    switch (k) {
      case NodeKind::enum_: return ComponentValue::enum_case(index);
      case NodeKind::option: return ComponentValue::none();
      case NodeKind::result: return index == 0 ? ComponentValue::ok() : ComponentValue::err();
      default: return ComponentValue::variant(index);
    }
  }
  switch (k) {
    case NodeKind::option: return ComponentValue::some(ComponentValue(), cx.values);
    case NodeKind::result: return index == 0 ? ComponentValue::ok(ComponentValue(), cx.values) : ComponentValue::err(ComponentValue(), cx.values);
    default: return ComponentValue::variant(index, ComponentValue(), cx.values);
  }
}

Result<std::uint32_t> case_of(const ComponentValue& v, const TypeNode& n, const Cases& cases) noexcept {
  ValueKind want = kind_of_variant(n.kind);
  if (v.kind() != want) {
    return Error(ErrorCode::invalid_argument, "value does not match its type: expected").append_detail(name_of(want))
        .append_detail(", found ")
        .append_detail(name_of(v.kind()));
  }
  std::uint32_t index = v.case_index();
  if (index >= cases.count) return Error(ErrorCode::invalid_argument, "case index out of range").append_detail_number(index);
  if ((cases.payload(index) != kNoType) != v.has_payload()) return Error(ErrorCode::invalid_argument, "case payload mismatch");
  return index;
}

// --- load: memory -> value ---------------------------------------------------------------------

struct LoadFrame {
  TypeId type;
  std::uint64_t ptr;
  ComponentValue* out;
  std::uint32_t next = 0;   // the next child
  std::uint32_t count = 0;  // children
  std::uint64_t cursor = 0; // record: the next field's offset; list: the first element
  bool started = false;
};

// Loads a value of type `root` at `root_ptr`; or, with `range`, the list of type `root` whose
// (begin, length) are given (a list lifted from flat values).
struct ListRange {
  std::uint64_t begin = 0;
  std::uint64_t length = 0;
};

Result<void> load(AbiContext& cx, std::uint64_t root_ptr, TypeId root, ComponentValue& root_out,
                  const ListRange* range = nullptr) noexcept {
  const TypeArena& types = cx.runtime.types();
  const bool wide = cx.options.memory64;
  Memory m{cx};
  auto size_of = [&](const TypeNode& n) -> std::uint64_t { return wide ? n.size64 : n.size32; };
  auto align_of = [&](const TypeNode& n) -> std::uint64_t { return wide ? n.align64 : n.align32; };
  SmallVec<LoadFrame, 16> stack(cx.values);
  WRT_TRY(stack.push_back(LoadFrame{root, root_ptr, &root_out}));
  while (!stack.empty()) {
    LoadFrame& f = stack.back();
    const TypeNode& n = types.peeled(f.type);
    if (!f.started) {
      f.started = true;
      const bool from_range = range != nullptr && &f == &stack[0];
      if (!from_range) WRT_TRY(m.check(f.ptr, size_of(n)));
      switch (n.kind) {
        case NodeKind::primitive:
          if (n.primitive == Primitive::string) {
            std::uint64_t begin = m.load(f.ptr, m.ptr_size());
            std::uint64_t units = m.load(f.ptr + m.ptr_size(), m.ptr_size());
            ComponentValue s = WRT_TRY(load_string_from_range(cx, begin, units));
            *f.out = std::move(s);
          } else if (n.primitive == Primitive::error_context) {
            ComponentValue e = WRT_TRY(lift_error_context(cx, static_cast<std::uint32_t>(m.load(f.ptr, 4))));
            *f.out = std::move(e);
          } else {
            ComponentValue v = WRT_TRY(lift_scalar(n.primitive, m.load(f.ptr, scalar_size(n.primitive))));
            *f.out = std::move(v);
          }
          stack.pop_back();
          continue;
        case NodeKind::list:
        case NodeKind::map: {
          std::uint64_t begin = from_range ? range->begin : m.load(f.ptr, m.ptr_size());
          std::uint64_t length = from_range ? range->length : m.load(f.ptr + m.ptr_size(), m.ptr_size());
          TypeId elem_type = n.a;
          std::uint64_t elem_size;
          std::uint64_t elem_align;
          if (n.kind == NodeKind::map) {
            // map<k, v> is list<tuple<k, v>>: lay the pair out as a record of two.
            const TypeNode& k = types.peeled(n.a);
            const TypeNode& val = types.peeled(n.b);
            elem_align = align_of(k) > align_of(val) ? align_of(k) : align_of(val);
            elem_size = align_to(align_to(size_of(k), align_of(val)) + size_of(val), elem_align);
          } else {
            const TypeNode& e = types.peeled(elem_type);
            elem_size = size_of(e);
            elem_align = align_of(e);
          }
          if (length > kMaxListByteLength || length * elem_size > kMaxListByteLength) return abi_trap("list too long");
          if (begin != align_to(begin, elem_align)) return abi_trap("unaligned pointer: a list");
          WRT_TRY(m.check(begin, length * elem_size));
          ComponentValue list = WRT_TRY(ComponentValue::list(static_cast<std::size_t>(length), cx.values));
          *f.out = std::move(list);
          f.count = static_cast<std::uint32_t>(length);
          f.cursor = begin;
          break;
        }
        case NodeKind::fixed_list: {
          ComponentValue list = WRT_TRY(ComponentValue::list(n.length, cx.values));
          *f.out = std::move(list);
          f.count = n.length;
          f.cursor = f.ptr;
          break;
        }
        case NodeKind::record:
        case NodeKind::tuple: {
          ComponentValue r = WRT_TRY(n.kind == NodeKind::record ? ComponentValue::record(n.count, cx.values)
                                                                 : ComponentValue::tuple(n.count, cx.values));
          *f.out = std::move(r);
          f.count = n.count;
          f.cursor = f.ptr;
          break;
        }
        case NodeKind::variant:
        case NodeKind::enum_:
        case NodeKind::option:
        case NodeKind::result: {
          Cases cases = cases_of(types, n);
          unsigned disc = discriminant_size(cases.count);
          auto index = static_cast<std::uint32_t>(m.load(f.ptr, disc));
          if (index >= cases.count) return abi_trap("invalid variant discriminant");
          TypeId payload = cases.payload(index);
          ComponentValue v = WRT_TRY(make_case(cx, n.kind, index, payload != kNoType));
          *f.out = std::move(v);
          if (payload == kNoType) {
            stack.pop_back();
            continue;
          }
          // The payload follows the discriminant, aligned to the widest case.
          std::uint64_t max_align = 1;
          for (std::uint32_t c = 0; c < cases.count; ++c) {
            TypeId t = cases.payload(c);
            if (t != kNoType && align_of(types.peeled(t)) > max_align) max_align = align_of(types.peeled(t));
          }
          ComponentValue* out = &f.out->payload();
          std::uint64_t ptr = align_to(f.ptr + disc, max_align);
          stack.pop_back();
          WRT_TRY(stack.push_back(LoadFrame{payload, ptr, out}));
          continue;
        }
        case NodeKind::flags: {
          unsigned bytes = n.count <= 8 ? 1 : n.count <= 16 ? 2 : 4;
          std::uint64_t bits = m.load(f.ptr, bytes);
          *f.out = ComponentValue::flags(static_cast<std::uint32_t>(bits & (n.count >= 32 ? 0xFFFF'FFFFu : (1u << n.count) - 1)));
          stack.pop_back();
          continue;
        }
        case NodeKind::own:
        case NodeKind::borrow: {
          auto i = static_cast<std::uint32_t>(m.load(f.ptr, 4));
          ComponentValue h = WRT_TRY(n.kind == NodeKind::own ? lift_own(cx, i, f.type) : lift_borrow(cx, i, f.type));
          *f.out = std::move(h);
          stack.pop_back();
          continue;
        }
        case NodeKind::stream:
        case NodeKind::future: {
          auto i = static_cast<std::uint32_t>(m.load(f.ptr, 4));
          ComponentValue h = WRT_TRY(lift_async_end(cx, i, f.type));
          *f.out = std::move(h);
          stack.pop_back();
          continue;
        }
        default:
          return Error(ErrorCode::not_supported, "values of this type cannot be lifted yet:").append_detail(name_of(n.kind));
      }
    }
    // Children of lists, records and tuples, one at a time.
    if (f.next >= f.count) {
      stack.pop_back();
      continue;
    }
    std::uint32_t i = f.next++;
    ComponentValue* out = &(*f.out)[i];
    if (n.kind == NodeKind::record || n.kind == NodeKind::tuple) {
      TypeId t = types.items(n)[i].type;
      const TypeNode& c = types.peeled(t);
      std::uint64_t ptr = align_to(f.cursor, align_of(c));
      f.cursor = ptr + size_of(c);
      WRT_TRY(stack.push_back(LoadFrame{t, ptr, out}));
    } else if (n.kind == NodeKind::map) {
      const TypeNode& k = types.peeled(n.a);
      const TypeNode& val = types.peeled(n.b);
      std::uint64_t elem_align = align_of(k) > align_of(val) ? align_of(k) : align_of(val);
      std::uint64_t elem_size = align_to(align_to(size_of(k), align_of(val)) + size_of(val), elem_align);
      std::uint64_t ptr = f.cursor + i * elem_size;
      ComponentValue pair = WRT_TRY(ComponentValue::tuple(2, cx.values));
      *out = std::move(pair);
      TypeId key_type = n.a;
      TypeId value_type = n.b;
      std::uint64_t value_ptr = align_to(ptr + size_of(k), align_of(val));
      WRT_TRY(stack.push_back(LoadFrame{value_type, value_ptr, &(*out)[1]}));
      WRT_TRY(stack.push_back(LoadFrame{key_type, ptr, &(*out)[0]}));
    } else {
      const TypeNode& e = types.peeled(n.a);
      WRT_TRY(stack.push_back(LoadFrame{n.a, f.cursor + i * size_of(e), out}));
    }
  }
  return {};
}

// --- store: value -> memory --------------------------------------------------------------------

struct StoreFrame {
  TypeId type;
  std::uint64_t ptr;
  const ComponentValue* value;
  std::uint32_t next = 0;
  std::uint32_t count = 0;
  std::uint64_t cursor = 0;
  bool started = false;
};

Result<void> store(AbiContext& cx, const ComponentValue& root_value, TypeId root, std::uint64_t root_ptr) noexcept {
  const TypeArena& types = cx.runtime.types();
  const bool wide = cx.options.memory64;
  Memory m{cx};
  auto size_of = [&](const TypeNode& n) -> std::uint64_t { return wide ? n.size64 : n.size32; };
  auto align_of = [&](const TypeNode& n) -> std::uint64_t { return wide ? n.align64 : n.align32; };
  auto mismatch = [](const char* expected, ValueKind found) {
    return Error(ErrorCode::invalid_argument, "value does not match its type: expected").append_detail(expected)
        .append_detail(", found ")
        .append_detail(name_of(found));
  };
  SmallVec<StoreFrame, 16> stack(cx.values);
  WRT_TRY(stack.push_back(StoreFrame{root, root_ptr, &root_value}));
  while (!stack.empty()) {
    StoreFrame& f = stack.back();
    const TypeNode& n = types.peeled(f.type);
    const ComponentValue& v = *f.value;
    if (!f.started) {
      f.started = true;
      switch (n.kind) {
        case NodeKind::primitive: {
          std::uint64_t ptr = f.ptr;
          if (n.primitive == Primitive::string) {
            if (v.kind() != ValueKind::string) return mismatch("string", v.kind());
            StoredString s = WRT_TRY(store_string_into_range(cx, v));
            WRT_TRY(m.check(ptr, 2 * m.ptr_size()));
            m.store(ptr, s.ptr, m.ptr_size());
            m.store(ptr + m.ptr_size(), s.units, m.ptr_size());
          } else if (n.primitive == Primitive::error_context) {
            std::uint32_t h = WRT_TRY(lower_error_context(cx, v));
            WRT_TRY(m.check(ptr, 4));
            m.store(ptr, h, 4);
          } else {
            std::uint64_t raw = WRT_TRY(lower_scalar(n.primitive, v));
            WRT_TRY(m.check(ptr, scalar_size(n.primitive)));
            m.store(ptr, raw, scalar_size(n.primitive));
          }
          stack.pop_back();
          continue;
        }
        case NodeKind::list:
        case NodeKind::map: {
          if (v.kind() != ValueKind::list) return mismatch("list", v.kind());
          std::uint64_t elem_size;
          std::uint64_t elem_align;
          if (n.kind == NodeKind::map) {
            const TypeNode& k = types.peeled(n.a);
            const TypeNode& val = types.peeled(n.b);
            elem_align = align_of(k) > align_of(val) ? align_of(k) : align_of(val);
            elem_size = align_to(align_to(size_of(k), align_of(val)) + size_of(val), elem_align);
          } else {
            elem_size = size_of(types.peeled(n.a));
            elem_align = align_of(types.peeled(n.a));
          }
          std::uint64_t length = v.size();
          if (length * elem_size > kMaxListByteLength) return abi_trap("list too long");
          std::uint64_t begin = WRT_TRY(allocate(cx, elem_align, length * elem_size));
          WRT_TRY(check_range(m, begin, elem_align, length * elem_size));
          WRT_TRY(m.check(f.ptr, 2 * m.ptr_size()));
          m.store(f.ptr, begin, m.ptr_size());
          m.store(f.ptr + m.ptr_size(), length, m.ptr_size());
          f.count = static_cast<std::uint32_t>(length);
          f.cursor = begin;
          break;
        }
        case NodeKind::fixed_list:
          if (v.kind() != ValueKind::list || v.size() != n.length) return mismatch("fixed-length list", v.kind());
          f.count = n.length;
          f.cursor = f.ptr;
          break;
        case NodeKind::record:
        case NodeKind::tuple:
          if (v.kind() != (n.kind == NodeKind::record ? ValueKind::record : ValueKind::tuple) || v.size() != n.count) {
            return mismatch(n.kind == NodeKind::record ? "record" : "tuple", v.kind());
          }
          f.count = n.count;
          f.cursor = f.ptr;
          break;
        case NodeKind::variant:
        case NodeKind::enum_:
        case NodeKind::option:
        case NodeKind::result: {
          Cases cases = cases_of(types, n);
          std::uint32_t index = WRT_TRY(case_of(v, n, cases));
          unsigned disc = discriminant_size(cases.count);
          WRT_TRY(m.check(f.ptr, size_of(n)));
          m.store(f.ptr, index, disc);
          TypeId payload = cases.payload(index);
          if (payload == kNoType) {
            stack.pop_back();
            continue;
          }
          std::uint64_t max_align = 1;
          for (std::uint32_t c = 0; c < cases.count; ++c) {
            TypeId t = cases.payload(c);
            if (t != kNoType && align_of(types.peeled(t)) > max_align) max_align = align_of(types.peeled(t));
          }
          std::uint64_t ptr = align_to(f.ptr + disc, max_align);
          const ComponentValue* p = &v.payload();
          stack.pop_back();
          WRT_TRY(stack.push_back(StoreFrame{payload, ptr, p}));
          continue;
        }
        case NodeKind::flags: {
          if (v.kind() != ValueKind::flags) return mismatch("flags", v.kind());
          unsigned bytes = n.count <= 8 ? 1 : n.count <= 16 ? 2 : 4;
          WRT_TRY(m.check(f.ptr, bytes));
          m.store(f.ptr, v.bits(), bytes);
          stack.pop_back();
          continue;
        }
        case NodeKind::own:
        case NodeKind::borrow: {
          std::uint32_t h = WRT_TRY(n.kind == NodeKind::own ? lower_own(cx, v, f.type) : lower_borrow(cx, v, f.type));
          WRT_TRY(m.check(f.ptr, 4));
          m.store(f.ptr, h, 4);
          stack.pop_back();
          continue;
        }
        case NodeKind::stream:
        case NodeKind::future: {
          std::uint32_t h = WRT_TRY(lower_async_end(cx, v, f.type));
          WRT_TRY(m.check(f.ptr, 4));
          m.store(f.ptr, h, 4);
          stack.pop_back();
          continue;
        }
        default:
          return Error(ErrorCode::not_supported, "values of this type cannot be lowered yet:").append_detail(name_of(n.kind));
      }
    }
    if (f.next >= f.count) {
      stack.pop_back();
      continue;
    }
    std::uint32_t i = f.next++;
    const ComponentValue* child = &v[i];
    if (n.kind == NodeKind::record || n.kind == NodeKind::tuple) {
      TypeId t = types.items(n)[i].type;
      const TypeNode& c = types.peeled(t);
      std::uint64_t ptr = align_to(f.cursor, align_of(c));
      f.cursor = ptr + size_of(c);
      WRT_TRY(stack.push_back(StoreFrame{t, ptr, child}));
    } else if (n.kind == NodeKind::map) {
      if (child->kind() != ValueKind::tuple || child->size() != 2) return mismatch("tuple<key, value>", child->kind());
      const TypeNode& k = types.peeled(n.a);
      const TypeNode& val = types.peeled(n.b);
      std::uint64_t elem_align = align_of(k) > align_of(val) ? align_of(k) : align_of(val);
      std::uint64_t elem_size = align_to(align_to(size_of(k), align_of(val)) + size_of(val), elem_align);
      std::uint64_t ptr = f.cursor + i * elem_size;
      TypeId key_type = n.a;
      TypeId value_type = n.b;
      WRT_TRY(stack.push_back(StoreFrame{value_type, align_to(ptr + size_of(k), align_of(val)), &(*child)[1]}));
      WRT_TRY(stack.push_back(StoreFrame{key_type, ptr, &(*child)[0]}));
    } else {
      const TypeNode& e = types.peeled(n.a);
      WRT_TRY(stack.push_back(StoreFrame{n.a, f.cursor + i * size_of(e), child}));
    }
  }
  return {};
}

// --- flat lifting ------------------------------------------------------------------------------

struct FlatReader {
  std::span<const Slot> slots;
  std::size_t pos = 0;
  Result<std::uint64_t> next() noexcept {
    if (pos >= slots.size()) return abi_trap("too few flat values");
    return slots[pos++];
  }
};

struct FlatLiftFrame {
  TypeId type;
  ComponentValue* out;
  std::uint32_t next = 0;
  std::uint32_t count = 0;
  std::size_t end = 0;  // variants: where their flat values end
  std::uint8_t phase = 0;  // 0 new, 1 children, 2 variant payload done
};

Result<void> lift_flat(AbiContext& cx, FlatReader& r, TypeId root, ComponentValue& root_out) noexcept {
  const TypeArena& types = cx.runtime.types();
  const bool wide = cx.options.memory64;
  SmallVec<FlatLiftFrame, 16> stack(cx.values);
  WRT_TRY(stack.push_back(FlatLiftFrame{root, &root_out}));
  while (!stack.empty()) {
    FlatLiftFrame& f = stack.back();
    const TypeNode& n = types.peeled(f.type);
    if (f.phase == 2) {
      r.pos = f.end;  // skip what the case did not use of the joined flat values
      stack.pop_back();
      continue;
    }
    if (f.phase == 0) {
      f.phase = 1;
      switch (n.kind) {
        case NodeKind::primitive:
          if (n.primitive == Primitive::string) {
            std::uint64_t ptr = WRT_TRY(r.next());
            std::uint64_t units = WRT_TRY(r.next());
            if (!wide) {
              ptr = static_cast<std::uint32_t>(ptr);
              units = static_cast<std::uint32_t>(units);
            }
            ComponentValue s = WRT_TRY(load_string_from_range(cx, ptr, units));
            *f.out = std::move(s);
          } else if (n.primitive == Primitive::error_context) {
            std::uint64_t raw = WRT_TRY(r.next());
            ComponentValue e = WRT_TRY(lift_error_context(cx, static_cast<std::uint32_t>(raw)));
            *f.out = std::move(e);
          } else {
            std::uint64_t raw = WRT_TRY(r.next());
            ComponentValue v = WRT_TRY(lift_scalar(n.primitive, raw));
            *f.out = std::move(v);
          }
          stack.pop_back();
          continue;
        case NodeKind::list:
        case NodeKind::map: {
          std::uint64_t ptr = WRT_TRY(r.next());
          std::uint64_t length = WRT_TRY(r.next());
          if (!wide) {
            ptr = static_cast<std::uint32_t>(ptr);
            length = static_cast<std::uint32_t>(length);
          }
          // The list itself is in memory.
          if (cx.options.memory == nullptr) return abi_trap("no memory to lift a list from");
          TypeId t = f.type;
          ComponentValue* out = f.out;
          stack.pop_back();
          ListRange list{ptr, length};
          WRT_TRY(load(cx, 0, t, *out, &list));
          continue;
        }
        case NodeKind::fixed_list: {
          ComponentValue list = WRT_TRY(ComponentValue::list(n.length, cx.values));
          *f.out = std::move(list);
          f.count = n.length;
          break;
        }
        case NodeKind::record:
        case NodeKind::tuple: {
          ComponentValue v = WRT_TRY(n.kind == NodeKind::record ? ComponentValue::record(n.count, cx.values)
                                                                 : ComponentValue::tuple(n.count, cx.values));
          *f.out = std::move(v);
          f.count = n.count;
          break;
        }
        case NodeKind::variant:
        case NodeKind::enum_:
        case NodeKind::option:
        case NodeKind::result: {
          std::size_t start = r.pos;
          std::uint64_t raw = WRT_TRY(r.next());
          auto index = static_cast<std::uint32_t>(raw);
          Cases cases = cases_of(types, n);
          if (index >= cases.count) return abi_trap("invalid variant discriminant");
          TypeId payload = cases.payload(index);
          ComponentValue v = WRT_TRY(make_case(cx, n.kind, index, payload != kNoType));
          *f.out = std::move(v);
          unsigned joined = wide ? n.flat_count64 : n.flat_count32;
          f.end = start + joined;
          f.phase = 2;
          if (payload != kNoType) {
            ComponentValue* out = &f.out->payload();
            WRT_TRY(stack.push_back(FlatLiftFrame{payload, out}));
          }
          continue;
        }
        case NodeKind::flags: {
          std::uint64_t raw = WRT_TRY(r.next());
          *f.out = ComponentValue::flags(static_cast<std::uint32_t>(raw) & (n.count >= 32 ? 0xFFFF'FFFFu : (1u << n.count) - 1));
          stack.pop_back();
          continue;
        }
        case NodeKind::own:
        case NodeKind::borrow: {
          auto i = static_cast<std::uint32_t>(WRT_TRY(r.next()));
          ComponentValue h = WRT_TRY(n.kind == NodeKind::own ? lift_own(cx, i, f.type) : lift_borrow(cx, i, f.type));
          *f.out = std::move(h);
          stack.pop_back();
          continue;
        }
        case NodeKind::stream:
        case NodeKind::future: {
          auto i = static_cast<std::uint32_t>(WRT_TRY(r.next()));
          ComponentValue h = WRT_TRY(lift_async_end(cx, i, f.type));
          *f.out = std::move(h);
          stack.pop_back();
          continue;
        }
        default:
          return Error(ErrorCode::not_supported, "values of this type cannot be lifted yet:").append_detail(name_of(n.kind));
      }
    }
    if (f.next >= f.count) {
      stack.pop_back();
      continue;
    }
    std::uint32_t i = f.next++;
    ComponentValue* out = &(*f.out)[i];
    TypeId t = n.kind == NodeKind::fixed_list ? n.a : types.items(n)[i].type;
    WRT_TRY(stack.push_back(FlatLiftFrame{t, out}));
  }
  return {};
}

// --- flat lowering -----------------------------------------------------------------------------

struct FlatLowerFrame {
  TypeId type;
  const ComponentValue* value;
  std::uint32_t next = 0;
  std::uint32_t count = 0;
  std::size_t end = 0;     // variants: where their flat values end (padded with zeros)
  std::uint8_t phase = 0;  // 0 new, 1 children, 2 variant payload done
};

Result<void> lower_flat(AbiContext& cx, const ComponentValue& root_value, TypeId root, FlatValues& out) noexcept {
  const TypeArena& types = cx.runtime.types();
  const bool wide = cx.options.memory64;
  auto mismatch = [](const char* expected, ValueKind found) {
    return Error(ErrorCode::invalid_argument, "value does not match its type: expected").append_detail(expected)
        .append_detail(", found ")
        .append_detail(name_of(found));
  };
  SmallVec<FlatLowerFrame, 16> stack(cx.values);
  WRT_TRY(stack.push_back(FlatLowerFrame{root, &root_value}));
  while (!stack.empty()) {
    FlatLowerFrame& f = stack.back();
    const TypeNode& n = types.peeled(f.type);
    const ComponentValue& v = *f.value;
    if (f.phase == 2) {
      while (out.size() < f.end) WRT_TRY(out.push_back(0));
      stack.pop_back();
      continue;
    }
    if (f.phase == 0) {
      f.phase = 1;
      switch (n.kind) {
        case NodeKind::primitive:
          if (n.primitive == Primitive::string) {
            if (v.kind() != ValueKind::string) return mismatch("string", v.kind());
            StoredString s = WRT_TRY(store_string_into_range(cx, v));
            WRT_TRY(out.push_back(s.ptr));
            WRT_TRY(out.push_back(s.units));
          } else if (n.primitive == Primitive::error_context) {
            std::uint32_t h = WRT_TRY(lower_error_context(cx, v));
            WRT_TRY(out.push_back(h));
          } else {
            std::uint64_t raw = WRT_TRY(lower_scalar(n.primitive, v));
            WRT_TRY(out.push_back(raw));
          }
          stack.pop_back();
          continue;
        case NodeKind::list:
        case NodeKind::map: {
          if (v.kind() != ValueKind::list) return mismatch("list", v.kind());
          // The elements go into memory the callee allocates; the flat values are (ptr, length).
          Memory m{cx};
          if (cx.options.memory == nullptr) return abi_trap("no memory to lower a list into");
          const TypeNode& e = types.peeled(n.a);
          std::uint64_t elem_size;
          std::uint64_t elem_align;
          if (n.kind == NodeKind::map) {
            const TypeNode& val = types.peeled(n.b);
            elem_align = (wide ? e.align64 : e.align32) > (wide ? val.align64 : val.align32) ? (wide ? e.align64 : e.align32)
                                                                                               : (wide ? val.align64 : val.align32);
            elem_size = align_to(align_to(wide ? e.size64 : e.size32, wide ? val.align64 : val.align32) +
                                     (wide ? val.size64 : val.size32),
                                 elem_align);
          } else {
            elem_size = wide ? e.size64 : e.size32;
            elem_align = wide ? e.align64 : e.align32;
          }
          std::uint64_t length = v.size();
          if (length * elem_size > kMaxListByteLength) return abi_trap("list too long");
          std::uint64_t begin = WRT_TRY(allocate(cx, elem_align, length * elem_size));
          WRT_TRY(check_range(m, begin, elem_align, length * elem_size));
          std::span<const ComponentValue> elements = v.elements();
          TypeId elem_type = n.a;
          if (n.kind == NodeKind::list && e.kind == NodeKind::primitive && e.primitive != Primitive::string &&
              e.primitive != Primitive::error_context) {
            // Scalars: straight into memory.
            unsigned size = scalar_size(e.primitive);
            for (std::size_t i = 0; i < elements.size(); ++i) {
              std::uint64_t raw = WRT_TRY(lower_scalar(e.primitive, elements[i]));
              m.store(begin + i * size, raw, size);
            }
          } else {
            for (std::size_t i = 0; i < elements.size(); ++i) {
              if (n.kind == NodeKind::map) {
                const ComponentValue& pair = elements[i];
                if (pair.kind() != ValueKind::tuple || pair.size() != 2) return mismatch("tuple<key, value>", pair.kind());
                const TypeNode& val = types.peeled(n.b);
                std::uint64_t ptr = begin + i * elem_size;
                WRT_TRY(store(cx, pair[0], n.a, ptr));
                WRT_TRY(store(cx, pair[1], n.b, align_to(ptr + (wide ? e.size64 : e.size32), wide ? val.align64 : val.align32)));
              } else {
                WRT_TRY(store(cx, elements[i], elem_type, begin + i * elem_size));
              }
            }
          }
          WRT_TRY(out.push_back(begin));
          WRT_TRY(out.push_back(length));
          stack.pop_back();
          continue;
        }
        case NodeKind::fixed_list:
          if (v.kind() != ValueKind::list || v.size() != n.length) return mismatch("fixed-length list", v.kind());
          f.count = n.length;
          break;
        case NodeKind::record:
        case NodeKind::tuple:
          if (v.kind() != (n.kind == NodeKind::record ? ValueKind::record : ValueKind::tuple) || v.size() != n.count) {
            return mismatch(n.kind == NodeKind::record ? "record" : "tuple", v.kind());
          }
          f.count = n.count;
          break;
        case NodeKind::variant:
        case NodeKind::enum_:
        case NodeKind::option:
        case NodeKind::result: {
          Cases cases = cases_of(types, n);
          std::uint32_t index = WRT_TRY(case_of(v, n, cases));
          f.end = out.size() + (wide ? n.flat_count64 : n.flat_count32);
          WRT_TRY(out.push_back(index));
          f.phase = 2;
          TypeId payload = cases.payload(index);
          if (payload != kNoType) WRT_TRY(stack.push_back(FlatLowerFrame{payload, &v.payload()}));
          continue;
        }
        case NodeKind::flags:
          if (v.kind() != ValueKind::flags) return mismatch("flags", v.kind());
          WRT_TRY(out.push_back(v.bits() & 0xFFFF'FFFFu));
          stack.pop_back();
          continue;
        case NodeKind::own:
        case NodeKind::borrow: {
          std::uint32_t h = WRT_TRY(n.kind == NodeKind::own ? lower_own(cx, v, f.type) : lower_borrow(cx, v, f.type));
          WRT_TRY(out.push_back(h));
          stack.pop_back();
          continue;
        }
        case NodeKind::stream:
        case NodeKind::future: {
          std::uint32_t h = WRT_TRY(lower_async_end(cx, v, f.type));
          WRT_TRY(out.push_back(h));
          stack.pop_back();
          continue;
        }
        default:
          return Error(ErrorCode::not_supported, "values of this type cannot be lowered yet:").append_detail(name_of(n.kind));
      }
    }
    if (f.next >= f.count) {
      stack.pop_back();
      continue;
    }
    std::uint32_t i = f.next++;
    TypeId t = n.kind == NodeKind::fixed_list ? n.a : types.items(n)[i].type;
    WRT_TRY(stack.push_back(FlatLowerFrame{t, &v[i]}));
  }
  return {};
}

// The layout of a tuple of `types` (spilled parameters or results).
struct TupleLayout {
  std::uint64_t size = 0;
  std::uint64_t align = 1;
};

TupleLayout tuple_layout(const TypeArena& types, std::span<const TypeId> list, bool wide) noexcept {
  TupleLayout t;
  for (TypeId id : list) {
    const TypeNode& n = types.peeled(id);
    std::uint64_t a = wide ? n.align64 : n.align32;
    t.size = align_to(t.size, a) + (wide ? n.size64 : n.size32);
    if (a > t.align) t.align = a;
  }
  t.size = align_to(t.size, t.align);
  return t;
}

}  // namespace

Result<ComponentValue> lift_string_from_range(AbiContext& cx, std::uint64_t ptr, std::uint64_t tagged_units) noexcept {
  if (cx.options.memory == nullptr) return abi_trap("no memory to lift a string from");
  return load_string_from_range(cx, ptr, tagged_units);
}

Result<void> store_string_at(AbiContext& cx, const ComponentValue& v, std::uint64_t ptr) noexcept {
  Memory m{cx};
  StoredString s = WRT_TRY(store_string_into_range(cx, v));
  WRT_TRY(m.check(ptr, 2 * m.ptr_size()));
  m.store(ptr, s.ptr, m.ptr_size());
  m.store(ptr + m.ptr_size(), s.units, m.ptr_size());
  return {};
}

unsigned flat_count(const TypeArena& types, std::span<const TypeId> list, bool memory64) noexcept {
  unsigned count = 0;
  for (TypeId id : list) {
    const TypeNode& n = types.peeled(id);
    count += memory64 ? n.flat_count64 : n.flat_count32;
    if (count > kMaxFlatParams) return kMaxFlatParams + 1;
  }
  return count;
}

void flat_types(const TypeArena& types, std::span<const TypeId> list, bool memory64, Vec<ValType>& out) noexcept {
  for (TypeId id : list) {
    const TypeNode& n = types.peeled(id);
    unsigned c = memory64 ? n.flat_count64 : n.flat_count32;
    const FlatType* flat = memory64 ? n.flat64 : n.flat32;
    for (unsigned i = 0; i < c && i < kMaxFlat; ++i) {
      ValType t = flat[i] == FlatType::i32   ? ValType::i32
                  : flat[i] == FlatType::i64 ? ValType::i64
                  : flat[i] == FlatType::f32 ? ValType::f32
                                             : ValType::f64;
      if (!out.push_back(t)) return;
    }
  }
}

Result<void> lift_flat_values(AbiContext& cx, std::span<const TypeId> types, std::span<const Slot> flat, unsigned max_flat,
                              std::span<ComponentValue> out) noexcept {
  const TypeArena& arena = cx.runtime.types();
  if (flat_count(arena, types, cx.options.memory64) > max_flat) {
    // One pointer to a tuple in memory.
    if (flat.empty()) return abi_trap("too few flat values");
    Memory m{cx};
    std::uint64_t ptr = cx.options.memory64 ? flat[0] : static_cast<std::uint32_t>(flat[0]);
    TupleLayout layout = tuple_layout(arena, types, cx.options.memory64);
    if (ptr != align_to(ptr, layout.align)) return abi_trap("unaligned pointer: spilled values");
    WRT_TRY(m.check(ptr, layout.size));
    std::uint64_t offset = ptr;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const TypeNode& n = arena.peeled(types[i]);
      offset = align_to(offset, cx.options.memory64 ? n.align64 : n.align32);
      WRT_TRY(load(cx, offset, types[i], out[i]));
      offset += cx.options.memory64 ? n.size64 : n.size32;
    }
    return {};
  }
  FlatReader reader{flat};
  for (std::size_t i = 0; i < types.size(); ++i) WRT_TRY(lift_flat(cx, reader, types[i], out[i]));
  return {};
}

Result<void> lower_flat_values(AbiContext& cx, std::span<const TypeId> types, std::span<const ComponentValue> values,
                               unsigned max_flat, FlatValues& flat, const std::uint64_t* out_ptr) noexcept {
  const TypeArena& arena = cx.runtime.types();
  if (flat_count(arena, types, cx.options.memory64) > max_flat) {
    Memory m{cx};
    TupleLayout layout = tuple_layout(arena, types, cx.options.memory64);
    std::uint64_t ptr = 0;
    if (out_ptr != nullptr) {
      ptr = *out_ptr;
    } else {
      ptr = WRT_TRY(allocate(cx, layout.align, layout.size));
      WRT_TRY(flat.push_back(ptr));
    }
    if (ptr != align_to(ptr, layout.align)) return abi_trap("unaligned pointer: spilled values");
    WRT_TRY(m.check(ptr, layout.size));
    std::uint64_t offset = ptr;
    for (std::size_t i = 0; i < types.size(); ++i) {
      const TypeNode& n = arena.peeled(types[i]);
      offset = align_to(offset, cx.options.memory64 ? n.align64 : n.align32);
      WRT_TRY(store(cx, values[i], types[i], offset));
      offset += cx.options.memory64 ? n.size64 : n.size32;
    }
    return {};
  }
  for (std::size_t i = 0; i < types.size(); ++i) WRT_TRY(lower_flat(cx, values[i], types[i], flat));
  return {};
}

}  // namespace wrt::component::detail

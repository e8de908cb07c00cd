// Component validation: 🪙 value definitions, whose bytes must encode a value of their type
// (Binary.md, "Value Definitions").
#include <wrt/decoder/decoder.hpp>
#include <wrt/foundation/utf8.hpp>

#include "component/validator_state.hpp"

namespace wrt::component::detail {

namespace {

// Reads one value of type `t`; nested values recurse, bounded by `depth`.
Result<void> read_value(const TypeArena& types, ByteReader& r, TypeId t, std::uint32_t depth) noexcept {
  if (depth == 0) return Error(ErrorCode::limit_exceeded, "value nested too deeply");
  const TypeNode& n = types.peeled(t);
  switch (n.kind) {
    case NodeKind::primitive:
      switch (n.primitive) {
        case Primitive::bool_: {
          std::size_t at = r.offset();
          std::uint8_t b = WRT_TRY(r.read_u8());
          if (b > 1) return Error(ErrorCode::invalid, "invalid boolean value").at(ByteReader::offset32(at));
          return {};
        }
        case Primitive::s8:
        case Primitive::u8: WRT_TRY(r.read_u8()); return {};
        case Primitive::s16: {
          std::int32_t v = WRT_TRY(r.read_s32());
          if (v < -32768 || v > 32767) return Error(ErrorCode::invalid, "s16 value out of range");
          return {};
        }
        case Primitive::u16: {
          std::uint32_t v = WRT_TRY(r.read_u32());
          if (v > 0xffff) return Error(ErrorCode::invalid, "u16 value out of range");
          return {};
        }
        case Primitive::s32: WRT_TRY(r.read_s32()); return {};
        case Primitive::u32: WRT_TRY(r.read_u32()); return {};
        case Primitive::s64: WRT_TRY(r.read_s64()); return {};
        case Primitive::u64: WRT_TRY(r.read_u64()); return {};
        case Primitive::f32: {
          std::uint32_t bits = WRT_TRY(r.read_fixed_u32());
          bool nan = (bits & 0x7f80'0000u) == 0x7f80'0000u && (bits & 0x007f'ffffu) != 0;
          if (nan && bits != 0x7fc0'0000u) return Error(ErrorCode::invalid, "a NaN value must be the canonical NaN");
          return {};
        }
        case Primitive::f64: {
          std::uint64_t bits = WRT_TRY(r.read_fixed_u64());
          bool nan = (bits & 0x7ff0'0000'0000'0000ull) == 0x7ff0'0000'0000'0000ull && (bits & 0x000f'ffff'ffff'ffffull) != 0;
          if (nan && bits != 0x7ff8'0000'0000'0000ull) return Error(ErrorCode::invalid, "a NaN value must be the canonical NaN");
          return {};
        }
        case Primitive::char_: {
          // One UTF-8 encoded scalar value.
          std::uint8_t first = WRT_TRY(r.peek_u8());
          std::size_t length = first < 0x80 ? 1 : first < 0xe0 ? 2 : first < 0xf0 ? 3 : 4;
          Bytes bytes = WRT_TRY(r.read_bytes(length));
          if (!is_valid_utf8(bytes)) return Error(ErrorCode::invalid, "invalid char value");
          return {};
        }
        case Primitive::string: WRT_TRY(read_name(r)); return {};
        case Primitive::error_context: return Error(ErrorCode::invalid, "error-context values cannot be defined");
      }
      return {};
    case NodeKind::record:
    case NodeKind::tuple:
      for (const TypeItem& item : types.items(n)) WRT_TRY(read_value(types, r, item.type, depth - 1));
      return {};
    case NodeKind::variant: {
      std::uint32_t c = WRT_TRY(r.read_u32());
      if (c >= n.count) return Error(ErrorCode::invalid, "invalid variant case");
      TypeId payload = types.items(n)[c].type;
      if (payload != kNoType) WRT_TRY(read_value(types, r, payload, depth - 1));
      return {};
    }
    case NodeKind::enum_: {
      std::uint32_t c = WRT_TRY(r.read_u32());
      if (c >= n.count) return Error(ErrorCode::invalid, "invalid enum case");
      return {};
    }
    case NodeKind::list: {
      std::uint32_t count = WRT_TRY(r.read_u32());
      for (std::uint32_t i = 0; i < count; ++i) WRT_TRY(read_value(types, r, n.a, depth - 1));
      return {};
    }
    case NodeKind::fixed_list:
      for (std::uint32_t i = 0; i < n.length; ++i) WRT_TRY(read_value(types, r, n.a, depth - 1));
      return {};
    case NodeKind::flags: {
      std::uint32_t bytes = (n.count + 7) / 8;
      Bytes b = WRT_TRY(r.read_bytes(bytes));
      // Bits beyond the last flag must be clear.
      if (n.count % 8 != 0 && (b[bytes - 1] >> (n.count % 8)) != 0) return Error(ErrorCode::invalid, "unknown flag set");
      return {};
    }
    case NodeKind::option: {
      std::uint8_t tag = WRT_TRY(r.read_u8());
      if (tag > 1) return Error(ErrorCode::invalid, "invalid option tag");
      if (tag == 1) WRT_TRY(read_value(types, r, n.a, depth - 1));
      return {};
    }
    case NodeKind::result: {
      std::uint8_t tag = WRT_TRY(r.read_u8());
      if (tag > 1) return Error(ErrorCode::invalid, "invalid result tag");
      TypeId payload = tag == 0 ? n.a : n.b;
      if (payload != kNoType) WRT_TRY(read_value(types, r, payload, depth - 1));
      return {};
    }
    default:
      return Error(ErrorCode::invalid, "values of this type cannot be defined").append_detail(name_of(n.kind));
  }
}

}  // namespace

Result<void> Validator::value(Scope& s, const ValueDef& def) noexcept {
  if (!options_.features.values) return invalid("value definitions require the 🪙 feature", def.offset);
  TypeId t = WRT_TRY(valtype(s, def.type, def.offset));
  ByteReader r(def.bytes, def.offset);
  Result<void> read = read_value(types_, r, t, options_.limits.max_nesting);
  if (!read) {
    Error e = read.error();
    e.at_if_unset(def.offset);
    return e.with_context("in a value definition");
  }
  if (!r.at_end()) return invalid("a value definition has bytes after its value", def.offset);
  return s.values.push_back(ValueItem{t, false, def.offset});
}

}  // namespace wrt::component::detail

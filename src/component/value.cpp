// ComponentValue: inline scalars, one block for strings and children. Releasing, cloning,
// comparing and checking values walk them with explicit work lists, never recursion: a value
// nested thousands deep costs heap, not host stack.
#include <wrt/component/value.hpp>

#include <bit>
#include <cstring>
#include <new>
#include <utility>
#include <wrt/component/instance.hpp>  // ResourceType
#include <wrt/foundation/utf8.hpp>
#include <wrt/foundation/vec.hpp>

#include "component/containers.hpp"

namespace wrt::component {

struct ComponentValue::Block {
  Allocator* allocator;
  Block* next;          // the release work list
  std::size_t count;    // children, or string bytes
  std::size_t size;     // bytes of the whole block
  bool text;            // string bytes rather than children

  [[nodiscard]] ComponentValue* values() noexcept {
    return reinterpret_cast<ComponentValue*>(reinterpret_cast<char*>(this) + header());
  }
  [[nodiscard]] char* chars() noexcept { return reinterpret_cast<char*>(this) + header(); }
  static constexpr std::size_t header() noexcept {
    return (sizeof(Block) + alignof(ComponentValue) - 1) / alignof(ComponentValue) * alignof(ComponentValue);
  }
};

const char* name_of(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::bool_: return "bool";
    case ValueKind::s8: return "s8";
    case ValueKind::u8: return "u8";
    case ValueKind::s16: return "s16";
    case ValueKind::u16: return "u16";
    case ValueKind::s32: return "s32";
    case ValueKind::u32: return "u32";
    case ValueKind::s64: return "s64";
    case ValueKind::u64: return "u64";
    case ValueKind::f32: return "f32";
    case ValueKind::f64: return "f64";
    case ValueKind::char_: return "char";
    case ValueKind::string: return "string";
    case ValueKind::list: return "list";
    case ValueKind::record: return "record";
    case ValueKind::tuple: return "tuple";
    case ValueKind::variant: return "variant";
    case ValueKind::enum_: return "enum";
    case ValueKind::option: return "option";
    case ValueKind::result: return "result";
    case ValueKind::flags: return "flags";
    case ValueKind::own: return "own";
    case ValueKind::borrow: return "borrow";
    case ValueKind::stream: return "stream";
    case ValueKind::future: return "future";
    case ValueKind::error_context: return "error-context";
  }
  return "?";
}

ComponentValue::ComponentValue(ComponentValue&& other) noexcept
    : kind_(other.kind_), index_(other.index_), bits_(other.bits_), block_(other.block_), resource_(other.resource_) {
  other.block_ = nullptr;
}

ComponentValue& ComponentValue::operator=(ComponentValue&& other) noexcept {
  if (this != &other) {
    release();
    kind_ = other.kind_;
    index_ = other.index_;
    bits_ = other.bits_;
    block_ = std::exchange(other.block_, nullptr);
    resource_ = other.resource_;
  }
  return *this;
}

void ComponentValue::release() noexcept {
  Block* work = block_;
  block_ = nullptr;
  if (work != nullptr) work->next = nullptr;
  while (work != nullptr) {
    Block* b = work;
    work = b->next;
    if (!b->text) {
      ComponentValue* children = b->values();
      for (std::size_t i = 0; i < b->count; ++i) {
        if (Block* c = std::exchange(children[i].block_, nullptr); c != nullptr) {
          c->next = work;
          work = c;
        }
      }
    }
    b->allocator->deallocate(b, b->size, alignof(std::max_align_t));
  }
}

ComponentValue ComponentValue::f32(float v) noexcept { return scalar(ValueKind::f32, std::bit_cast<std::uint32_t>(v)); }
ComponentValue ComponentValue::f64(double v) noexcept { return scalar(ValueKind::f64, std::bit_cast<std::uint64_t>(v)); }
float ComponentValue::as_f32() const noexcept { return std::bit_cast<float>(static_cast<std::uint32_t>(bits_)); }
double ComponentValue::as_f64() const noexcept { return std::bit_cast<double>(bits_); }

Result<ComponentValue> ComponentValue::character(char32_t c) noexcept {
  if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) {
    return Error(ErrorCode::invalid_argument, "not a Unicode scalar value").append_detail_number(c);
  }
  return scalar(ValueKind::char_, c);
}

ComponentValue ComponentValue::own(ResourceType* type, std::uint32_t rep) noexcept {
  const std::uint64_t serial = type != nullptr ? type->serial : 0;
  ComponentValue v = scalar(ValueKind::own, (serial >> 32 << 32) | rep);
  v.index_ = static_cast<std::uint32_t>(serial);
  v.resource_ = type;
  return v;
}

ComponentValue ComponentValue::borrow(ResourceType* type, std::uint32_t rep) noexcept {
  ComponentValue v = own(type, rep);
  v.kind_ = ValueKind::borrow;
  return v;
}

bool ComponentValue::is_handle_of(const ResourceType& type) const noexcept {
  return resource_ == &type && resource_serial() == type.serial;
}

Result<ComponentValue> ComponentValue::string(std::string_view utf8, Allocator& allocator) noexcept {
  if (!is_valid_utf8(Bytes(reinterpret_cast<const std::uint8_t*>(utf8.data()), utf8.size()))) {
    return Error(ErrorCode::invalid_argument, "a string must be valid UTF-8");
  }
  std::size_t size = Block::header() + (utf8.empty() ? 1 : utf8.size());
  void* memory = allocator.allocate(size, alignof(std::max_align_t));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory).append_detail("a string value");
  auto* b = ::new (memory) Block{&allocator, nullptr, utf8.size(), size, true};
  if (!utf8.empty()) std::memcpy(b->chars(), utf8.data(), utf8.size());
  ComponentValue v;
  v.kind_ = ValueKind::string;
  v.block_ = b;
  return v;
}

Result<ComponentValue> ComponentValue::with_children(ValueKind kind, std::size_t count, Allocator& allocator) noexcept {
  if (count > (std::size_t{1} << 40) / sizeof(ComponentValue)) return Error(ErrorCode::out_of_memory).append_detail_number(count);
  ComponentValue v;
  v.kind_ = kind;
  if (count == 0) return v;  // an empty list needs no block
  std::size_t size = Block::header() + count * sizeof(ComponentValue);
  void* memory = allocator.allocate(size, alignof(std::max_align_t));
  if (memory == nullptr) return Error(ErrorCode::out_of_memory).append_detail("a list, record or tuple value");
  auto* b = ::new (memory) Block{&allocator, nullptr, count, size, false};
  for (std::size_t i = 0; i < count; ++i) ::new (static_cast<void*>(b->values() + i)) ComponentValue();
  v.block_ = b;
  return v;
}

Result<ComponentValue> ComponentValue::list(std::size_t count, Allocator& allocator) noexcept {
  return with_children(ValueKind::list, count, allocator);
}
Result<ComponentValue> ComponentValue::list_u8(std::span<const std::uint8_t> bytes, Allocator& allocator) noexcept {
  ComponentValue v = WRT_TRY(with_children(ValueKind::list, bytes.size(), allocator));
  std::span<ComponentValue> out = v.elements();
  for (std::size_t i = 0; i < bytes.size(); ++i) out[i] = u8(bytes[i]);
  return v;
}
Result<ComponentValue> ComponentValue::list_u32(std::span<const std::uint32_t> values, Allocator& allocator) noexcept {
  ComponentValue v = WRT_TRY(with_children(ValueKind::list, values.size(), allocator));
  std::span<ComponentValue> out = v.elements();
  for (std::size_t i = 0; i < values.size(); ++i) out[i] = u32(values[i]);
  return v;
}
Result<ComponentValue> ComponentValue::record(std::size_t count, Allocator& allocator) noexcept {
  return with_children(ValueKind::record, count, allocator);
}
Result<ComponentValue> ComponentValue::tuple(std::size_t count, Allocator& allocator) noexcept {
  return with_children(ValueKind::tuple, count, allocator);
}

Result<ComponentValue> ComponentValue::with_payload(ValueKind kind, std::uint32_t index, ComponentValue payload,
                                                    Allocator& allocator) noexcept {
  ComponentValue v = WRT_TRY(with_children(kind, 1, allocator));
  v.index_ = index;
  v.children()[0] = std::move(payload);
  return v;
}
Result<ComponentValue> ComponentValue::variant(std::uint32_t case_index, ComponentValue payload, Allocator& allocator) noexcept {
  return with_payload(ValueKind::variant, case_index, std::move(payload), allocator);
}
Result<ComponentValue> ComponentValue::some(ComponentValue payload, Allocator& allocator) noexcept {
  return with_payload(ValueKind::option, 1, std::move(payload), allocator);
}
Result<ComponentValue> ComponentValue::ok(ComponentValue payload, Allocator& allocator) noexcept {
  return with_payload(ValueKind::result, 0, std::move(payload), allocator);
}
Result<ComponentValue> ComponentValue::err(ComponentValue payload, Allocator& allocator) noexcept {
  return with_payload(ValueKind::result, 1, std::move(payload), allocator);
}

ComponentValue ComponentValue::with_origin(ComponentValue&& string, std::uint32_t encoding, std::uint64_t tagged_units) noexcept {
  ComponentValue v = std::move(string);
  v.index_ = encoding + 1;
  v.bits_ = tagged_units;
  return v;
}

ComponentValue ComponentValue::error_context(ComponentValue&& message) noexcept {
  ComponentValue v = std::move(message);
  if (v.kind_ != ValueKind::string) v = ComponentValue();
  v.kind_ = ValueKind::error_context;
  return v;
}

std::string_view ComponentValue::debug_message() const noexcept {
  if (kind_ != ValueKind::error_context || block_ == nullptr) return {};
  return {block_->chars(), block_->count};
}

Result<ComponentValue> ComponentValue::clone_debug_message() const noexcept {
  if (kind_ != ValueKind::error_context) return Error(ErrorCode::invalid_argument, "not an error-context value");
  ComponentValue v = WRT_TRY(clone());
  v.kind_ = ValueKind::string;
  return v;
}

std::string_view ComponentValue::as_string() const noexcept {
  if (kind_ != ValueKind::string || block_ == nullptr) return {};
  return {block_->chars(), block_->count};
}

bool ComponentValue::has_payload() const noexcept {
  return block_ != nullptr && (kind_ == ValueKind::variant || kind_ == ValueKind::option || kind_ == ValueKind::result);
}

ComponentValue* ComponentValue::children() const noexcept { return block_ == nullptr ? nullptr : block_->values(); }

std::size_t ComponentValue::size() const noexcept {
  if (block_ == nullptr) return 0;
  return block_->text ? block_->count : block_->count;
}

std::span<ComponentValue> ComponentValue::elements() noexcept {
  if (block_ == nullptr || block_->text) return {};
  return {block_->values(), block_->count};
}
std::span<const ComponentValue> ComponentValue::elements() const noexcept {
  if (block_ == nullptr || block_->text) return {};
  return {block_->values(), block_->count};
}

Result<ComponentValue> ComponentValue::clone() const noexcept {
  // Copy the top, then copy blocks breadth-first: each pending pair is (source, copy) where
  // the copy's children are still the shallow copies to replace.
  auto shallow = [](const ComponentValue& v) {
    ComponentValue c;
    c.kind_ = v.kind_;
    c.index_ = v.index_;
    c.bits_ = v.bits_;
    c.resource_ = v.resource_;
    return c;
  };
  auto copy_block = [](const ComponentValue& from, ComponentValue& to) -> Result<void> {
    const Block* b = from.block_;
    if (b == nullptr) return {};
    void* memory = b->allocator->allocate(b->size, alignof(std::max_align_t));
    if (memory == nullptr) return Error(ErrorCode::out_of_memory).append_detail("copying a value");
    auto* copy = ::new (memory) Block{b->allocator, nullptr, b->count, b->size, b->text};
    if (b->text) {
      std::memcpy(copy->chars(), const_cast<Block*>(b)->chars(), b->count);
    } else {
      for (std::size_t i = 0; i < b->count; ++i) ::new (static_cast<void*>(copy->values() + i)) ComponentValue();
    }
    to.block_ = copy;
    return {};
  };
  ComponentValue top = shallow(*this);
  WRT_TRY(copy_block(*this, top));
  if (block_ == nullptr || block_->text) return top;
  Vec<std::pair<const ComponentValue*, ComponentValue*>> work(*block_->allocator);
  WRT_TRY(work.push_back({this, &top}));
  while (!work.empty()) {
    auto [from, to] = work.back();
    work.pop_back();
    const Block* b = from->block_;
    if (b == nullptr || b->text) continue;
    for (std::size_t i = 0; i < b->count; ++i) {
      const ComponentValue& child = const_cast<Block*>(b)->values()[i];
      ComponentValue& copy = to->block_->values()[i];
      copy = shallow(child);
      WRT_TRY(copy_block(child, copy));  // on failure `top` is released with what it has
      if (child.block_ != nullptr && !child.block_->text) WRT_TRY(work.push_back({&child, &copy}));
    }
  }
  return top;
}

bool ComponentValue::equals(const ComponentValue& other) const noexcept {
  // A small fixed work list covers common values; deeper ones fall back to a heap list, and
  // if that cannot be had the answer is conservatively "not equal".
  struct Pair {
    const ComponentValue* a;
    const ComponentValue* b;
  };
  auto same_scalar = [](const ComponentValue& a, const ComponentValue& b) {
    if (a.kind_ == ValueKind::string || a.kind_ == ValueKind::error_context) return b.kind_ == a.kind_;  // by text below
    if (a.kind_ != b.kind_ || a.index_ != b.index_ || a.resource_ != b.resource_) return false;
    if (a.kind_ == ValueKind::f32) {
      auto x = static_cast<std::uint32_t>(a.bits_);
      auto y = static_cast<std::uint32_t>(b.bits_);
      bool nan_x = (x & 0x7f80'0000u) == 0x7f80'0000u && (x & 0x7f'ffffu) != 0;
      bool nan_y = (y & 0x7f80'0000u) == 0x7f80'0000u && (y & 0x7f'ffffu) != 0;
      return nan_x || nan_y ? nan_x && nan_y : x == y;
    }
    if (a.kind_ == ValueKind::f64) {
      bool nan_x = (a.bits_ & 0x7ff0'0000'0000'0000ull) == 0x7ff0'0000'0000'0000ull && (a.bits_ & 0xf'ffff'ffff'ffffull) != 0;
      bool nan_y = (b.bits_ & 0x7ff0'0000'0000'0000ull) == 0x7ff0'0000'0000'0000ull && (b.bits_ & 0xf'ffff'ffff'ffffull) != 0;
      return nan_x || nan_y ? nan_x && nan_y : a.bits_ == b.bits_;
    }
    return a.bits_ == b.bits_;
  };
  Allocator* allocator = block_ != nullptr ? block_->allocator : other.block_ != nullptr ? other.block_->allocator : nullptr;
  if (allocator == nullptr) return same_scalar(*this, other) && other.block_ == nullptr;
  Vec<Pair> work(*allocator);
  if (!work.push_back({this, &other})) return false;
  while (!work.empty()) {
    Pair p = work.back();
    work.pop_back();
    if (!same_scalar(*p.a, *p.b)) return false;
    if (p.a->kind_ == ValueKind::string || p.a->kind_ == ValueKind::error_context) {
      if (p.a->block_ == nullptr || p.b->block_ == nullptr) {
        if ((p.a->block_ == nullptr ? 0 : p.a->block_->count) != (p.b->block_ == nullptr ? 0 : p.b->block_->count)) return false;
        continue;
      }
      if (std::string_view(p.a->block_->chars(), p.a->block_->count) != std::string_view(p.b->block_->chars(), p.b->block_->count)) {
        return false;
      }
      continue;
    }
    auto xa = p.a->elements();
    auto xb = p.b->elements();
    if (xa.size() != xb.size()) return false;
    for (std::size_t i = 0; i < xa.size(); ++i) {
      if (!work.push_back({&xa[i], &xb[i]})) return false;
    }
  }
  return true;
}

Result<void> ComponentValue::check(const TypeArena& types, TypeId type, Allocator& scratch) const noexcept {
  struct Item {
    const ComponentValue* value;
    TypeId type;
  };
  detail::SmallVec<Item, 16> work(scratch);  // scalars and small aggregates: no allocation
  WRT_TRY(work.push_back({this, type}));
  auto mismatch = [](const char* expected, ValueKind found) {
    return Error(ErrorCode::invalid_argument, "value does not match its type: expected").append_detail(expected)
        .append_detail(", found ")
        .append_detail(name_of(found));
  };
  while (!work.empty()) {
    Item item = work.back();
    work.pop_back();
    const ComponentValue& v = *item.value;
    const TypeNode& t = types.peeled(item.type);
    auto want = [&](ValueKind k, const char* what) -> Result<void> {
      if (v.kind_ != k) return mismatch(what, v.kind_);
      return {};
    };
    switch (t.kind) {
      case NodeKind::primitive:
        switch (t.primitive) {
          case Primitive::bool_: WRT_TRY(want(ValueKind::bool_, "bool")); break;
          case Primitive::s8: WRT_TRY(want(ValueKind::s8, "s8")); break;
          case Primitive::u8: WRT_TRY(want(ValueKind::u8, "u8")); break;
          case Primitive::s16: WRT_TRY(want(ValueKind::s16, "s16")); break;
          case Primitive::u16: WRT_TRY(want(ValueKind::u16, "u16")); break;
          case Primitive::s32: WRT_TRY(want(ValueKind::s32, "s32")); break;
          case Primitive::u32: WRT_TRY(want(ValueKind::u32, "u32")); break;
          case Primitive::s64: WRT_TRY(want(ValueKind::s64, "s64")); break;
          case Primitive::u64: WRT_TRY(want(ValueKind::u64, "u64")); break;
          case Primitive::f32: WRT_TRY(want(ValueKind::f32, "f32")); break;
          case Primitive::f64: WRT_TRY(want(ValueKind::f64, "f64")); break;
          case Primitive::char_:
            WRT_TRY(want(ValueKind::char_, "char"));
            if (v.bits_ >= 0x110000 || (v.bits_ >= 0xD800 && v.bits_ <= 0xDFFF)) {
              return Error(ErrorCode::invalid_argument, "not a Unicode scalar value").append_detail_number(v.bits_);
            }
            break;
          case Primitive::string: WRT_TRY(want(ValueKind::string, "string")); break;
          case Primitive::error_context: WRT_TRY(want(ValueKind::error_context, "error-context")); break;
        }
        break;
      case NodeKind::list:
      case NodeKind::map:
        WRT_TRY(want(ValueKind::list, t.kind == NodeKind::map ? "map (a list of key-value tuples)" : "list"));
        if (t.kind == NodeKind::list) {
          for (const ComponentValue& e : v.elements()) WRT_TRY(work.push_back({&e, t.a}));
        } else {
          for (const ComponentValue& e : v.elements()) {
            if (e.kind_ != ValueKind::tuple || e.size() != 2) return mismatch("tuple<key, value>", e.kind_);
            WRT_TRY(work.push_back({&e[0], t.a}));
            WRT_TRY(work.push_back({&e[1], t.b}));
          }
        }
        break;
      case NodeKind::fixed_list:
        WRT_TRY(want(ValueKind::list, "fixed-length list"));
        if (v.size() != t.length) {
          return Error(ErrorCode::invalid_argument, "fixed-length list of another length:").append_detail_number(v.size());
        }
        for (const ComponentValue& e : v.elements()) WRT_TRY(work.push_back({&e, t.a}));
        break;
      case NodeKind::record:
      case NodeKind::tuple: {
        WRT_TRY(want(t.kind == NodeKind::record ? ValueKind::record : ValueKind::tuple,
                     t.kind == NodeKind::record ? "record" : "tuple"));
        auto fields = types.items(t);
        if (v.size() != fields.size()) {
          return Error(ErrorCode::invalid_argument, "wrong number of fields:").append_detail_number(v.size());
        }
        for (std::size_t i = 0; i < fields.size(); ++i) WRT_TRY(work.push_back({&v[i], fields[i].type}));
        break;
      }
      case NodeKind::variant: {
        WRT_TRY(want(ValueKind::variant, "variant"));
        auto cases = types.items(t);
        if (v.index_ >= cases.size()) return Error(ErrorCode::invalid_argument, "variant case out of range:").append_detail_number(v.index_);
        if ((cases[v.index_].type != kNoType) != v.has_payload()) {
          return Error(ErrorCode::invalid_argument, "variant case payload mismatch:").append_detail(cases[v.index_].name);
        }
        if (v.has_payload()) WRT_TRY(work.push_back({&v.payload(), cases[v.index_].type}));
        break;
      }
      case NodeKind::enum_:
        WRT_TRY(want(ValueKind::enum_, "enum"));
        if (v.index_ >= t.count) return Error(ErrorCode::invalid_argument, "enum case out of range:").append_detail_number(v.index_);
        break;
      case NodeKind::option:
        WRT_TRY(want(ValueKind::option, "option"));
        if (v.index_ > 1 || (v.index_ == 1) != v.has_payload()) return Error(ErrorCode::invalid_argument, "malformed option value");
        if (v.has_payload()) WRT_TRY(work.push_back({&v.payload(), t.a}));
        break;
      case NodeKind::result: {
        WRT_TRY(want(ValueKind::result, "result"));
        if (v.index_ > 1) return Error(ErrorCode::invalid_argument, "malformed result value");
        TypeId payload = v.index_ == 0 ? t.a : t.b;
        if ((payload != kNoType) != v.has_payload()) return Error(ErrorCode::invalid_argument, "result payload mismatch");
        if (v.has_payload()) WRT_TRY(work.push_back({&v.payload(), payload}));
        break;
      }
      case NodeKind::flags:
        WRT_TRY(want(ValueKind::flags, "flags"));
        if (t.count < 32 && (v.bits_ >> t.count) != 0) return Error(ErrorCode::invalid_argument, "unknown flag set");
        if (t.count == 32 && (v.bits_ >> 32) != 0) return Error(ErrorCode::invalid_argument, "unknown flag set");
        break;
      case NodeKind::own: WRT_TRY(want(ValueKind::own, "own")); break;
      case NodeKind::borrow:
        if (v.kind_ != ValueKind::borrow && v.kind_ != ValueKind::own) return mismatch("borrow", v.kind_);
        break;
      case NodeKind::stream: WRT_TRY(want(ValueKind::stream, "stream")); break;
      case NodeKind::future: WRT_TRY(want(ValueKind::future, "future")); break;
      default:
        return Error(ErrorCode::invalid_argument, "values of this type are not supported:").append_detail(name_of(t.kind));
    }
  }
  return {};
}

}  // namespace wrt::component

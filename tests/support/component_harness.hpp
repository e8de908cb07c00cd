// Loading, instantiating and calling a generated component in tests (test-harness code).
#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include <wrt/component/instance.hpp>
#include <wrt/component/validator.hpp>

#include "support/component_gen.hpp"
#include "support/test_allocator.hpp"

namespace wrt::test {

inline std::string text_of(const Error& e) {
  char buffer[512];
  e.format(buffer, sizeof buffer);
  return buffer;
}

// One component: its bytes, decoded and validated, and a runtime of it.
class Harness {
 public:
  explicit Harness(ByteVec bytes, Allocator& allocator = wrt::test::allocator())
      : bytes_(std::move(bytes)), allocator_(allocator), description_(allocator), info_(allocator) {}

  Result<void> load() {
    return component::decode_and_validate_component(Bytes(bytes_.data(), bytes_.size()), component::ComponentDecodeOptions{},
                                                    description_, info_);
  }
  // A runtime with `imports`; load() first.
  Result<void> instantiate(std::span<const component::NamedEntity> imports = {}) {
    runtime_ = std::make_unique<component::ComponentRuntime>(description_, info_, DecodeOptions{}, allocator_);
    exports_ = WRT_TRY(runtime_->instantiate(imports));
    return {};
  }
  // The runtime, made before instantiate() so that host functions and resources can be made.
  component::ComponentRuntime& runtime() {
    if (!runtime_) runtime_ = std::make_unique<component::ComponentRuntime>(description_, info_, DecodeOptions{}, allocator_);
    return *runtime_;
  }
  // Drops the runtime (its instances and resource types) for a fresh one.
  void reset() {
    exports_ = nullptr;
    runtime_.reset();
  }
  Result<void> instantiate_prepared(std::span<const component::NamedEntity> imports) {
    exports_ = WRT_TRY(runtime().instantiate(imports));
    return {};
  }
  // The static type of the outermost component's import `name`.
  [[nodiscard]] component::TypeId import_type(std::string_view name) const {
    const component::TypeArena& types = info_.types;
    const component::TypeNode& root = types.peeled(info_.root);
    for (const component::TypeEntry& e : types.imports(root)) {
      if (e.name == name) return e.type;
    }
    return component::kNoType;
  }
  [[nodiscard]] const component::RuntimeEntity* find(std::string_view name) const {
    return exports_ == nullptr ? nullptr : exports_->find(name);
  }
  // Calls export `name`; its result (a default value when the function has none).
  Result<component::ComponentValue> call(std::string_view name, std::vector<component::ComponentValue> args = {}) {
    const component::RuntimeEntity* f = find(name);
    if (f == nullptr) return Error(ErrorCode::unknown_export).append_detail(name);
    const component::TypeNode& ft = runtime_->types().peeled(f->type);
    component::ComponentValue result;
    std::span<component::ComponentValue> results(&result, ft.a == component::kNoType ? 0 : 1);
    WRT_TRY(runtime_->call(*f, args, results));
    return result;
  }
  Result<component::ComponentValue> call(std::string_view name, component::ComponentValue arg) {
    std::vector<component::ComponentValue> args;
    args.push_back(std::move(arg));
    return call(name, std::move(args));
  }
  [[nodiscard]] const ByteVec& bytes() const { return bytes_; }

 private:
  ByteVec bytes_;
  Allocator& allocator_;
  component::ComponentDescription description_;
  component::ComponentInfo info_;
  std::unique_ptr<component::ComponentRuntime> runtime_;
  component::InstanceExports* exports_ = nullptr;
};

// Values of the generator's types, drawn at random (no NaNs: those have their own tests; no
// handles: those need resources).
class ValueSampler {
 public:
  ValueSampler(const cgen::ComponentGen& gen, std::uint32_t seed, Allocator& a = wrt::test::allocator())
      : gen_(gen), rng_(seed), allocator_(a) {}

  component::ComponentValue sample(cgen::T t) {
    using component::ComponentValue;
    using cgen::Kind;
    using cgen::Prim;
    const cgen::TypeDef& d = gen_.def(t);
    switch (d.kind) {
      case Kind::primitive:
        switch (d.prim) {
          case Prim::bool_: return ComponentValue::boolean(bits() & 1);
          case Prim::s8: return ComponentValue::s8(static_cast<std::int8_t>(edge(bits())));
          case Prim::u8: return ComponentValue::u8(static_cast<std::uint8_t>(edge(bits())));
          case Prim::s16: return ComponentValue::s16(static_cast<std::int16_t>(edge(bits())));
          case Prim::u16: return ComponentValue::u16(static_cast<std::uint16_t>(edge(bits())));
          case Prim::s32: return ComponentValue::s32(static_cast<std::int32_t>(edge(bits())));
          case Prim::u32: return ComponentValue::u32(static_cast<std::uint32_t>(edge(bits())));
          case Prim::s64: return ComponentValue::s64(static_cast<std::int64_t>(edge(bits())));
          case Prim::u64: return ComponentValue::u64(edge(bits()));
          case Prim::f32: {
            auto b = static_cast<std::uint32_t>(bits());
            if ((b & 0x7f80'0000u) == 0x7f80'0000u) b &= ~0x0040'0000u & ~0x7f'ffffu;  // infinity, not NaN
            return ComponentValue::f32_bits(b);
          }
          case Prim::f64: {
            std::uint64_t b = bits();
            if ((b & 0x7ff0'0000'0000'0000ull) == 0x7ff0'0000'0000'0000ull) b &= ~0xf'ffff'ffff'ffffull;
            return ComponentValue::f64_bits(b);
          }
          case Prim::char_: return *ComponentValue::character(code_point());
          case Prim::string: return *ComponentValue::string(text(bits() % 12), allocator_);
        }
        break;
      case Kind::list:
      case Kind::fixed_list: {
        std::size_t n = d.kind == Kind::fixed_list ? d.length : bits() % 5;
        ComponentValue v = *ComponentValue::list(n, allocator_);
        for (std::size_t i = 0; i < n; ++i) v[i] = sample(d.a);
        return v;
      }
      case Kind::map: {  // a list of key-value tuples
        std::size_t n = bits() % 5;
        ComponentValue v = *ComponentValue::list(n, allocator_);
        for (std::size_t i = 0; i < n; ++i) {
          ComponentValue pair = *ComponentValue::tuple(2, allocator_);
          pair[0] = sample(d.a);
          pair[1] = sample(d.b);
          v[i] = std::move(pair);
        }
        return v;
      }
      case Kind::record:
      case Kind::tuple: {
        ComponentValue v = *(d.kind == Kind::record ? ComponentValue::record(d.members.size(), allocator_)
                                                    : ComponentValue::tuple(d.members.size(), allocator_));
        for (std::size_t i = 0; i < d.members.size(); ++i) v[i] = sample(d.members[i]);
        return v;
      }
      case Kind::variant:
      case Kind::option:
      case Kind::result: {
        std::vector<cgen::T> cases = gen_.cases(t);
        auto c = static_cast<std::uint32_t>(bits() % cases.size());
        if (cases[c] == cgen::kNone) {
          if (d.kind == Kind::option) return ComponentValue::none();
          if (d.kind == Kind::result) return c == 0 ? ComponentValue::ok() : ComponentValue::err();
          return ComponentValue::variant(c);
        }
        ComponentValue payload = sample(cases[c]);
        if (d.kind == Kind::option) return *ComponentValue::some(std::move(payload), allocator_);
        if (d.kind == Kind::result) {
          return *(c == 0 ? ComponentValue::ok(std::move(payload), allocator_) : ComponentValue::err(std::move(payload), allocator_));
        }
        return *ComponentValue::variant(c, std::move(payload), allocator_);
      }
      case Kind::enum_: return ComponentValue::enum_case(static_cast<std::uint32_t>(bits() % d.members.size()));
      case Kind::flags: {
        std::size_t n = d.members.size();
        auto b = static_cast<std::uint32_t>(bits());
        return ComponentValue::flags(n == 32 ? b : b & ((1u << n) - 1));
      }
      default: break;
    }
    return {};
  }

  // A code point of 1, 2, 3 or 4 UTF-8 bytes (never a surrogate).
  char32_t code_point() {
    switch (bits() % 4) {
      case 0: return static_cast<char32_t>(0x20 + bits() % 0x5f);
      case 1: return static_cast<char32_t>(0x80 + bits() % 0x780);
      case 2: {
        auto c = static_cast<char32_t>(0x800 + bits() % 0xf800);
        return c >= 0xD800 && c <= 0xDFFF ? c + 0x800 : c;
      }
      default: return static_cast<char32_t>(0x10000 + bits() % 0x100000);
    }
  }
  std::string text(std::size_t code_points) {
    std::string out;
    for (std::size_t i = 0; i < code_points; ++i) append_utf8(out, code_point());
    return out;
  }
  static void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  std::uint64_t bits() { return rng_(); }

 private:
  // Now and then the extremes: 0, all ones, the sign bit alone.
  std::uint64_t edge(std::uint64_t b) {
    switch (b % 8) {
      case 0: return 0;
      case 1: return ~std::uint64_t{0};
      case 2: return std::uint64_t{1} << (bits() % 64);
      default: return b;
    }
  }

  const cgen::ComponentGen& gen_;
  std::mt19937_64 rng_;
  Allocator& allocator_;
};

}  // namespace wrt::test

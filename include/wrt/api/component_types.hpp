// How C++ types map to component value types, for typed host functions and typed exports.
//
//   bool                           bool          std::string, std::string_view   string
//   std::int8_t ... std::uint64_t  s8 ... u64    std::vector<T>, std::span<const T>   list<T>
//   float, double                  f32, f64      std::array<T, N>                 list<T, N>
//   char32_t                       char          std::optional<T>                 option<T>
//   std::tuple<T...>               tuple<...>    wrt::ComponentResult<T, E>       result<T, E>
//   wrt::ComponentValue            any type (checked at call time)
//   wrt::ErrorContext              error-context (its debug message)
//   records, enums, flags and variants: declare them once with WRT_COMPONENT_RECORD,
//   WRT_COMPONENT_ENUM, WRT_COMPONENT_FLAGS or a std::variant (cases by position).
//   wrt::Resource<T> / wrt::Borrow<T>: handles to host objects of a host resource type.
//
// Each ComponentType<T> can say whether a component type is the one T stands for (`matches`,
// with the reason when not), describe itself (`describe`, WIT-like: for error messages that
// name both types), and convert to and from ComponentValue.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <wrt/component/types.hpp>
#include <wrt/component/value.hpp>
#include <wrt/error/result.hpp>

namespace wrt {

using component::ComponentValue;

// result<T, E> on the C++ side. `void` stands for "no payload".
template <typename T = void, typename E = void>
class ComponentResult {
 public:
  using value_type = T;
  using error_type = E;
  static ComponentResult ok() requires std::is_void_v<T> { return ComponentResult(true); }
  template <typename U = T>
  static ComponentResult ok(U value) requires(!std::is_void_v<T>) {
    ComponentResult r(true);
    r.ok_ = std::move(value);
    return r;
  }
  static ComponentResult err() requires std::is_void_v<E> { return ComponentResult(false); }
  template <typename U = E>
  static ComponentResult err(U error) requires(!std::is_void_v<E>) {
    ComponentResult r(false);
    r.err_ = std::move(error);
    return r;
  }
  [[nodiscard]] bool is_ok() const noexcept { return is_ok_; }
  template <typename U = T>
  [[nodiscard]] const U& value() const requires(!std::is_void_v<T>) { return *ok_; }
  template <typename U = E>
  [[nodiscard]] const U& error() const requires(!std::is_void_v<E>) { return *err_; }

  friend bool operator==(const ComponentResult& x, const ComponentResult& y) {
    if (x.is_ok_ != y.is_ok_) return false;
    if (x.is_ok_) {
      if constexpr (std::is_void_v<T>) {
        return true;
      } else {
        return *x.ok_ == *y.ok_;
      }
    } else {
      if constexpr (std::is_void_v<E>) {
        return true;
      } else {
        return *x.err_ == *y.err_;
      }
    }
  }

 private:
  struct Nothing {};
  using OkStorage = std::conditional_t<std::is_void_v<T>, Nothing, std::optional<std::conditional_t<std::is_void_v<T>, int, T>>>;
  using ErrStorage = std::conditional_t<std::is_void_v<E>, Nothing, std::optional<std::conditional_t<std::is_void_v<E>, int, E>>>;
  explicit ComponentResult(bool ok) : is_ok_(ok) {}
  bool is_ok_ = true;
  [[no_unique_address]] OkStorage ok_{};
  [[no_unique_address]] ErrStorage err_{};
  template <typename, typename>
  friend struct ComponentType;
};

template <typename T, typename = void>
struct ComponentType;  // no specialization: T is not a component value type

namespace detail {
// Where values the API makes live (the default allocator of the hosted profile).
inline Allocator& value_allocator() noexcept { return default_allocator(); }
}  // namespace detail

// --- primitives ------------------------------------------------------------------------------

#define WRT_COMPONENT_PRIMITIVE(CppType, Prim, Kind, Text, ToValue, FromValue)                    \
  template <>                                                                                   \
  struct ComponentType<CppType> {                                                               \
    static bool matches(const component::TypeArena& types, component::TypeId id) {              \
      const component::TypeNode& n = types.peeled(id);                                          \
      return n.kind == component::NodeKind::primitive && n.primitive == component::Primitive::Prim; \
    }                                                                                           \
    static std::string describe() { return Text; }                                              \
    static Result<ComponentValue> to_value(const CppType& v) { return ToValue; }               \
    static Result<CppType> from_value(const ComponentValue& v) {                               \
      if (v.kind() != component::ValueKind::Kind) {                                             \
        return Error(ErrorCode::invalid_argument, "a component value of another kind than").append_detail(Text); \
      }                                                                                         \
      return FromValue;                                                                         \
    }                                                                                           \
  };

WRT_COMPONENT_PRIMITIVE(bool, bool_, bool_, "bool", ComponentValue::boolean(v), v.as_bool())
WRT_COMPONENT_PRIMITIVE(std::int8_t, s8, s8, "s8", ComponentValue::s8(v), static_cast<std::int8_t>(v.as_signed()))
WRT_COMPONENT_PRIMITIVE(std::uint8_t, u8, u8, "u8", ComponentValue::u8(v), static_cast<std::uint8_t>(v.as_unsigned()))
WRT_COMPONENT_PRIMITIVE(std::int16_t, s16, s16, "s16", ComponentValue::s16(v), static_cast<std::int16_t>(v.as_signed()))
WRT_COMPONENT_PRIMITIVE(std::uint16_t, u16, u16, "u16", ComponentValue::u16(v), static_cast<std::uint16_t>(v.as_unsigned()))
WRT_COMPONENT_PRIMITIVE(std::int32_t, s32, s32, "s32", ComponentValue::s32(v), static_cast<std::int32_t>(v.as_signed()))
WRT_COMPONENT_PRIMITIVE(std::uint32_t, u32, u32, "u32", ComponentValue::u32(v), static_cast<std::uint32_t>(v.as_unsigned()))
WRT_COMPONENT_PRIMITIVE(std::int64_t, s64, s64, "s64", ComponentValue::s64(v), v.as_signed())
WRT_COMPONENT_PRIMITIVE(std::uint64_t, u64, u64, "u64", ComponentValue::u64(v), v.as_unsigned())
WRT_COMPONENT_PRIMITIVE(float, f32, f32, "f32", ComponentValue::f32(v), v.as_f32())
WRT_COMPONENT_PRIMITIVE(double, f64, f64, "f64", ComponentValue::f64(v), v.as_f64())
WRT_COMPONENT_PRIMITIVE(char32_t, char_, char_, "char", ComponentValue::character(v), v.as_char())
WRT_COMPONENT_PRIMITIVE(std::string, string, string, "string", ComponentValue::string(v, detail::value_allocator()),
                        std::string(v.as_string()))
#undef WRT_COMPONENT_PRIMITIVE

// error-context: a component's error context, as its debug message (error contexts have no
// identity the host could observe; passing one to a component makes a new one there).
struct ErrorContext {
  std::string message;
};
template <>
struct ComponentType<ErrorContext> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    return n.kind == component::NodeKind::primitive && n.primitive == component::Primitive::error_context;
  }
  static std::string describe() { return "error-context"; }
  static Result<ComponentValue> to_value(const ErrorContext& e) {
    ComponentValue message = WRT_TRY(ComponentValue::string(e.message, detail::value_allocator()));
    return ComponentValue::error_context(std::move(message));
  }
  static Result<ErrorContext> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::error_context) {
      return Error(ErrorCode::invalid_argument, "a component value of another kind than error-context");
    }
    return ErrorContext{std::string(v.debug_message())};
  }
};

// string_view: only as a host function parameter or a typed export's argument (it views the
// call's value, which lives until the function returns).
template <>
struct ComponentType<std::string_view> {
  static bool matches(const component::TypeArena& t, component::TypeId id) { return ComponentType<std::string>::matches(t, id); }
  static std::string describe() { return "string"; }
  static Result<ComponentValue> to_value(std::string_view v) { return ComponentValue::string(v, detail::value_allocator()); }
  static Result<std::string_view> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::string) return Error(ErrorCode::invalid_argument, "a component value other than a string");
    return v.as_string();
  }
};

// Any value, checked against the type at call time.
template <>
struct ComponentType<ComponentValue> {
  static bool matches(const component::TypeArena&, component::TypeId) { return true; }
  static std::string describe() { return "any"; }
  static Result<ComponentValue> to_value(const ComponentValue& v) { return v.clone(); }
  static Result<ComponentValue> from_value(const ComponentValue& v) { return v.clone(); }
};

// --- lists -----------------------------------------------------------------------------------

namespace detail {
template <typename T>
struct ListOf {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    return n.kind == component::NodeKind::list && ComponentType<T>::matches(types, n.a);
  }
  static std::string describe() { return "list<" + ComponentType<T>::describe() + ">"; }
  template <typename Range>
  static Result<ComponentValue> to_value(const Range& items) {
    ComponentValue v = WRT_TRY(ComponentValue::list(items.size(), value_allocator()));
    std::size_t i = 0;
    for (const auto& item : items) v[i++] = WRT_TRY(ComponentType<T>::to_value(item));
    return v;
  }
};
}  // namespace detail

template <typename T>
struct ComponentType<std::vector<T>> : detail::ListOf<T> {
  static Result<ComponentValue> to_value(const std::vector<T>& items) { return detail::ListOf<T>::to_value(items); }
  static Result<std::vector<T>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::list) return Error(ErrorCode::invalid_argument, "a component value other than a list");
    std::vector<T> out;
    out.reserve(v.size());
    for (const ComponentValue& e : v.elements()) out.push_back(WRT_TRY(ComponentType<T>::from_value(e)));
    return out;
  }
};

// span<const T>: a list argument to a typed export (the span is copied into the call).
template <typename T>
struct ComponentType<std::span<const T>> : detail::ListOf<T> {
  static Result<ComponentValue> to_value(std::span<const T> items) { return detail::ListOf<T>::to_value(items); }
};

template <typename T, std::size_t N>
struct ComponentType<std::array<T, N>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    return n.kind == component::NodeKind::fixed_list && n.length == N && ComponentType<T>::matches(types, n.a);
  }
  static std::string describe() { return "list<" + ComponentType<T>::describe() + ", " + std::to_string(N) + ">"; }
  static Result<ComponentValue> to_value(const std::array<T, N>& items) { return detail::ListOf<T>::to_value(items); }
  static Result<std::array<T, N>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::list || v.size() != N) {
      return Error(ErrorCode::invalid_argument, "a component value other than a list of").append_detail_number(N);
    }
    std::array<T, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = WRT_TRY(ComponentType<T>::from_value(v[i]));
    return out;
  }
};

// --- option, result, tuple ---------------------------------------------------------------------

template <typename T>
struct ComponentType<std::optional<T>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    return n.kind == component::NodeKind::option && ComponentType<T>::matches(types, n.a);
  }
  static std::string describe() { return "option<" + ComponentType<T>::describe() + ">"; }
  static Result<ComponentValue> to_value(const std::optional<T>& v) {
    if (!v) return ComponentValue::none();
    return ComponentValue::some(WRT_TRY(ComponentType<T>::to_value(*v)), detail::value_allocator());
  }
  static Result<std::optional<T>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::option) return Error(ErrorCode::invalid_argument, "a component value other than an option");
    if (!v.has_payload()) return std::optional<T>();
    return std::optional<T>(WRT_TRY(ComponentType<T>::from_value(v.payload())));
  }
};

template <typename T, typename E>
struct ComponentType<ComponentResult<T, E>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::result) return false;
    bool ok_matches;
    if constexpr (std::is_void_v<T>) {
      ok_matches = n.a == component::kNoType;
    } else {
      ok_matches = n.a != component::kNoType && ComponentType<T>::matches(types, n.a);
    }
    bool err_matches;
    if constexpr (std::is_void_v<E>) {
      err_matches = n.b == component::kNoType;
    } else {
      err_matches = n.b != component::kNoType && ComponentType<E>::matches(types, n.b);
    }
    return ok_matches && err_matches;
  }
  static std::string describe() {
    std::string ok;
    std::string err;
    if constexpr (!std::is_void_v<T>) ok = ComponentType<T>::describe();
    if constexpr (!std::is_void_v<E>) err = ComponentType<E>::describe();
    if (ok.empty() && err.empty()) return "result";
    if (err.empty()) return "result<" + ok + ">";
    return "result<" + (ok.empty() ? std::string("_") : ok) + ", " + err + ">";
  }
  static Result<ComponentValue> to_value(const ComponentResult<T, E>& r) {
    if (r.is_ok()) {
      if constexpr (std::is_void_v<T>) {
        return ComponentValue::ok();
      } else {
        return ComponentValue::ok(WRT_TRY(ComponentType<T>::to_value(r.value())), detail::value_allocator());
      }
    }
    if constexpr (std::is_void_v<E>) {
      return ComponentValue::err();
    } else {
      return ComponentValue::err(WRT_TRY(ComponentType<E>::to_value(r.error())), detail::value_allocator());
    }
  }
  static Result<ComponentResult<T, E>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::result) return Error(ErrorCode::invalid_argument, "a component value other than a result");
    if (v.case_index() == 0) {
      if constexpr (std::is_void_v<T>) {
        return ComponentResult<T, E>::ok();
      } else {
        return ComponentResult<T, E>::ok(WRT_TRY(ComponentType<T>::from_value(v.payload())));
      }
    }
    if constexpr (std::is_void_v<E>) {
      return ComponentResult<T, E>::err();
    } else {
      return ComponentResult<T, E>::err(WRT_TRY(ComponentType<E>::from_value(v.payload())));
    }
  }
};

template <typename... T>
struct ComponentType<std::tuple<T...>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::tuple || n.count != sizeof...(T)) return false;
    auto items = types.items(n);
    return each_matches(types, items, std::index_sequence_for<T...>{});
  }
  static std::string describe() {
    std::string text = "tuple<";
    bool first = true;
    ((text += (first ? "" : ", ") + ComponentType<T>::describe(), first = false), ...);
    return text + ">";
  }
  static Result<ComponentValue> to_value(const std::tuple<T...>& t) {
    ComponentValue v = WRT_TRY(ComponentValue::tuple(sizeof...(T), detail::value_allocator()));
    WRT_TRY(store_each(t, v, std::index_sequence_for<T...>{}));
    return v;
  }
  static Result<std::tuple<T...>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::tuple || v.size() != sizeof...(T)) {
      return Error(ErrorCode::invalid_argument, "a component value other than a tuple of").append_detail_number(sizeof...(T));
    }
    return load_each(v, std::index_sequence_for<T...>{});
  }

 private:
  template <std::size_t... I>
  static bool each_matches(const component::TypeArena& types, std::span<const component::TypeItem> items, std::index_sequence<I...>) {
    return (ComponentType<T>::matches(types, items[I].type) && ...);
  }
  template <std::size_t... I>
  static Result<void> store_each(const std::tuple<T...>& t, ComponentValue& v, std::index_sequence<I...>) {
    Result<void> status;
    ((status ? (void)[&] {
      auto r = ComponentType<T>::to_value(std::get<I>(t));
      if (r) v[I] = std::move(*r); else status = r.error();
    }() : void()), ...);
    return status;
  }
  template <std::size_t... I>
  static Result<std::tuple<T...>> load_each(const ComponentValue& v, std::index_sequence<I...>) {
    // Braces: with parentheses clang reads this as a function declaration.
    std::tuple<Result<T>...> parts{ComponentType<T>::from_value(v[I])...};
    Error first(ErrorCode::invalid_argument);
    bool ok = true;
    ((std::get<I>(parts) ? void() : (ok ? (void)(first = std::get<I>(parts).error(), ok = false) : void())), ...);
    if (!ok) return first;
    return std::tuple<T...>(std::move(*std::get<I>(parts))...);
  }
};

// --- variants: std::variant, cases by position; std::monostate for a case without payload --------

namespace detail {
template <typename T>
struct CaseType {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    if constexpr (std::is_same_v<T, std::monostate>) {
      return id == component::kNoType;
    } else {
      return id != component::kNoType && ComponentType<T>::matches(types, id);
    }
  }
  static std::string describe() {
    if constexpr (std::is_same_v<T, std::monostate>) {
      return "";
    } else {
      return ComponentType<T>::describe();
    }
  }
};
}  // namespace detail

template <typename... T>
struct ComponentType<std::variant<T...>> {
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::variant || n.count != sizeof...(T)) return false;
    auto cases = types.items(n);
    return each_matches(types, cases, std::index_sequence_for<T...>{});
  }
  static std::string describe() {
    std::string text = "variant { ";
    std::size_t i = 0;
    ((text += (i == 0 ? "" : ", ") + std::string("case") + std::to_string(i) +
              (detail::CaseType<T>::describe().empty() ? "" : "(" + detail::CaseType<T>::describe() + ")"),
      ++i),
     ...);
    return text + " }";
  }
  static Result<ComponentValue> to_value(const std::variant<T...>& v) {
    return std::visit(
        [&](const auto& payload) -> Result<ComponentValue> {
          using P = std::remove_cvref_t<decltype(payload)>;
          auto index = static_cast<std::uint32_t>(v.index());
          if constexpr (std::is_same_v<P, std::monostate>) {
            return ComponentValue::variant(index);
          } else {
            return ComponentValue::variant(index, WRT_TRY(ComponentType<P>::to_value(payload)), detail::value_allocator());
          }
        },
        v);
  }
  static Result<std::variant<T...>> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::variant || v.case_index() >= sizeof...(T)) {
      return Error(ErrorCode::invalid_argument, "a component value other than a variant of this shape");
    }
    return from_case<0>(v);
  }

 private:
  template <std::size_t... I>
  static bool each_matches(const component::TypeArena& types, std::span<const component::TypeItem> cases, std::index_sequence<I...>) {
    return (detail::CaseType<T>::matches(types, cases[I].type) && ...);
  }
  template <std::size_t I>
  static Result<std::variant<T...>> from_case(const ComponentValue& v) {
    if constexpr (I < sizeof...(T)) {
      if (v.case_index() != I) return from_case<I + 1>(v);
      using P = std::variant_alternative_t<I, std::variant<T...>>;
      if constexpr (std::is_same_v<P, std::monostate>) {
        return std::variant<T...>(std::in_place_index<I>);
      } else {
        return std::variant<T...>(std::in_place_index<I>, WRT_TRY(ComponentType<P>::from_value(v.payload())));
      }
    } else {
      return Error(ErrorCode::invalid_argument, "variant case out of range");
    }
  }
};

}  // namespace wrt

// --- records, enums, flags declared by the user ----------------------------------------------
//
//   struct Point { std::int32_t x; std::int32_t y; };
//   WRT_COMPONENT_RECORD(Point, x, y)        // record { x: s32, y: s32 }: fields in order
//   enum class Color { red, green };
//   WRT_COMPONENT_ENUM(Color, red, green)    // enum { red, green }
//   struct Perms { bool read; bool write; };
//   WRT_COMPONENT_FLAGS(Perms, read, write)  // flags { read, write }
//
// Use them at namespace scope. Field and case names must equal the component type's labels,
// with '_' standing for '-' (is_xml for is-xml).

namespace wrt::detail {

// A label ("is-xml") against a C++ identifier ("is_xml").
inline bool label_matches(std::string_view label, std::string_view identifier) noexcept {
  if (label.size() != identifier.size()) return false;
  for (std::size_t i = 0; i < label.size(); ++i) {
    char a = label[i];
    char b = identifier[i];
    if (a != b && !(a == '-' && b == '_')) return false;
  }
  return true;
}

template <typename Type, typename Traits>
struct RecordBase {
  static constexpr std::size_t count() { return std::tuple_size_v<decltype(Traits::members())>; }
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::record || n.count != count()) return false;
    auto fields = types.items(n);
    bool ok = true;
    std::size_t i = 0;
    std::apply(
        [&](auto... member) {
          ((ok = ok && label_matches(fields[i].name, Traits::kNames[i]) &&
                 ComponentType<std::remove_cvref_t<decltype(std::declval<Type&>().*member)>>::matches(types, fields[i].type),
            ++i),
           ...);
        },
        Traits::members());
    return ok;
  }
  static std::string describe() {
    std::string text = "record { ";
    std::size_t i = 0;
    std::apply(
        [&](auto... member) {
          ((text += (i == 0 ? "" : ", ") + std::string(Traits::kNames[i]) + ": " +
                    ComponentType<std::remove_cvref_t<decltype(std::declval<Type&>().*member)>>::describe(),
            ++i),
           ...);
        },
        Traits::members());
    return text + " }";
  }
  static Result<ComponentValue> to_value(const Type& value) {
    ComponentValue v = WRT_TRY(ComponentValue::record(count(), value_allocator()));
    Result<void> status;
    std::size_t i = 0;
    std::apply(
        [&](auto... member) {
          ((status ? (void)[&] {
            using F = std::remove_cvref_t<decltype(value.*member)>;
            auto r = ComponentType<F>::to_value(value.*member);
            if (r) v[i] = std::move(*r); else status = r.error();
          }() : void(), ++i), ...);
        },
        Traits::members());
    WRT_TRY(status);
    return v;
  }
  static Result<Type> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::record || v.size() != count()) {
      return Error(ErrorCode::invalid_argument, "a component value other than a record of").append_detail_number(count());
    }
    Type out{};
    Result<void> status;
    std::size_t i = 0;
    std::apply(
        [&](auto... member) {
          ((status ? (void)[&] {
            using F = std::remove_cvref_t<decltype(out.*member)>;
            auto r = ComponentType<F>::from_value(v[i]);
            if (r) out.*member = std::move(*r); else status = r.error();
          }() : void(), ++i), ...);
        },
        Traits::members());
    WRT_TRY(status);
    return out;
  }
};

template <typename Type, typename Traits>
struct EnumBase {
  static constexpr std::size_t count() { return sizeof(Traits::kValues) / sizeof(Traits::kValues[0]); }
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::enum_ || n.count != count()) return false;
    auto cases = types.items(n);
    for (std::size_t i = 0; i < count(); ++i) {
      if (!label_matches(cases[i].name, Traits::kNames[i])) return false;
    }
    return true;
  }
  static std::string describe() {
    std::string text = "enum { ";
    for (std::size_t i = 0; i < count(); ++i) text += (i == 0 ? "" : ", ") + std::string(Traits::kNames[i]);
    return text + " }";
  }
  static Result<ComponentValue> to_value(const Type& value) {
    for (std::size_t i = 0; i < count(); ++i) {
      if (Traits::kValues[i] == value) return ComponentValue::enum_case(static_cast<std::uint32_t>(i));
    }
    return Error(ErrorCode::invalid_argument, "an enum value not declared with WRT_COMPONENT_ENUM");
  }
  static Result<Type> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::enum_ || v.case_index() >= count()) {
      return Error(ErrorCode::invalid_argument, "a component value other than an enum case");
    }
    return Traits::kValues[v.case_index()];
  }
};

template <typename Type, typename Traits>
struct FlagsBase {
  static constexpr std::size_t count() { return std::tuple_size_v<decltype(Traits::members())>; }
  static_assert(true);
  static bool matches(const component::TypeArena& types, component::TypeId id) {
    const component::TypeNode& n = types.peeled(id);
    if (n.kind != component::NodeKind::flags || n.count != count()) return false;
    auto labels = types.items(n);
    for (std::size_t i = 0; i < count(); ++i) {
      if (!label_matches(labels[i].name, Traits::kNames[i])) return false;
    }
    return true;
  }
  static std::string describe() {
    std::string text = "flags { ";
    for (std::size_t i = 0; i < count(); ++i) text += (i == 0 ? "" : ", ") + std::string(Traits::kNames[i]);
    return text + " }";
  }
  static Result<ComponentValue> to_value(const Type& value) {
    static_assert(count() <= 32, "a ComponentValue holds at most 32 flags");
    std::uint32_t bits = 0;
    std::uint32_t i = 0;
    std::apply([&](auto... member) { ((bits |= (value.*member ? 1u : 0u) << i, ++i), ...); }, Traits::members());
    return ComponentValue::flags(bits);
  }
  static Result<Type> from_value(const ComponentValue& v) {
    if (v.kind() != component::ValueKind::flags) return Error(ErrorCode::invalid_argument, "a component value other than flags");
    Type out{};
    std::uint32_t i = 0;
    std::apply([&](auto... member) { ((out.*member = ((v.bits() >> i) & 1u) != 0, ++i), ...); }, Traits::members());
    return out;
  }
};

}  // namespace wrt::detail

#define WRT_COMPONENT_DETAIL_SELECT(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62, _63, _64, NAME, ...) NAME
#define WRT_COMPONENT_DETAIL_MAP(m, ...) \
  WRT_COMPONENT_DETAIL_SELECT(__VA_ARGS__, WRT_CD_64, WRT_CD_63, WRT_CD_62, WRT_CD_61, WRT_CD_60, WRT_CD_59, WRT_CD_58, WRT_CD_57, WRT_CD_56, WRT_CD_55, WRT_CD_54, WRT_CD_53, WRT_CD_52, WRT_CD_51, WRT_CD_50, WRT_CD_49, WRT_CD_48, WRT_CD_47, WRT_CD_46, WRT_CD_45, WRT_CD_44, WRT_CD_43, WRT_CD_42, WRT_CD_41, WRT_CD_40, WRT_CD_39, WRT_CD_38, WRT_CD_37, WRT_CD_36, WRT_CD_35, WRT_CD_34, WRT_CD_33, WRT_CD_32, WRT_CD_31, WRT_CD_30, WRT_CD_29, WRT_CD_28, WRT_CD_27, WRT_CD_26, WRT_CD_25, WRT_CD_24, WRT_CD_23, WRT_CD_22, WRT_CD_21, WRT_CD_20, WRT_CD_19, WRT_CD_18, WRT_CD_17, WRT_CD_16, WRT_CD_15, WRT_CD_14, WRT_CD_13, WRT_CD_12, WRT_CD_11, WRT_CD_10, WRT_CD_9, WRT_CD_8, WRT_CD_7, WRT_CD_6, WRT_CD_5, WRT_CD_4, WRT_CD_3, WRT_CD_2, WRT_CD_1) \
  (m, __VA_ARGS__)
#define WRT_CD_1(m, a) m(a)
#define WRT_CD_2(m, a, ...) m(a), WRT_CD_1(m, __VA_ARGS__)
#define WRT_CD_3(m, a, ...) m(a), WRT_CD_2(m, __VA_ARGS__)
#define WRT_CD_4(m, a, ...) m(a), WRT_CD_3(m, __VA_ARGS__)
#define WRT_CD_5(m, a, ...) m(a), WRT_CD_4(m, __VA_ARGS__)
#define WRT_CD_6(m, a, ...) m(a), WRT_CD_5(m, __VA_ARGS__)
#define WRT_CD_7(m, a, ...) m(a), WRT_CD_6(m, __VA_ARGS__)
#define WRT_CD_8(m, a, ...) m(a), WRT_CD_7(m, __VA_ARGS__)
#define WRT_CD_9(m, a, ...) m(a), WRT_CD_8(m, __VA_ARGS__)
#define WRT_CD_10(m, a, ...) m(a), WRT_CD_9(m, __VA_ARGS__)
#define WRT_CD_11(m, a, ...) m(a), WRT_CD_10(m, __VA_ARGS__)
#define WRT_CD_12(m, a, ...) m(a), WRT_CD_11(m, __VA_ARGS__)
#define WRT_CD_13(m, a, ...) m(a), WRT_CD_12(m, __VA_ARGS__)
#define WRT_CD_14(m, a, ...) m(a), WRT_CD_13(m, __VA_ARGS__)
#define WRT_CD_15(m, a, ...) m(a), WRT_CD_14(m, __VA_ARGS__)
#define WRT_CD_16(m, a, ...) m(a), WRT_CD_15(m, __VA_ARGS__)
#define WRT_CD_17(m, a, ...) m(a), WRT_CD_16(m, __VA_ARGS__)
#define WRT_CD_18(m, a, ...) m(a), WRT_CD_17(m, __VA_ARGS__)
#define WRT_CD_19(m, a, ...) m(a), WRT_CD_18(m, __VA_ARGS__)
#define WRT_CD_20(m, a, ...) m(a), WRT_CD_19(m, __VA_ARGS__)
#define WRT_CD_21(m, a, ...) m(a), WRT_CD_20(m, __VA_ARGS__)
#define WRT_CD_22(m, a, ...) m(a), WRT_CD_21(m, __VA_ARGS__)
#define WRT_CD_23(m, a, ...) m(a), WRT_CD_22(m, __VA_ARGS__)
#define WRT_CD_24(m, a, ...) m(a), WRT_CD_23(m, __VA_ARGS__)
#define WRT_CD_25(m, a, ...) m(a), WRT_CD_24(m, __VA_ARGS__)
#define WRT_CD_26(m, a, ...) m(a), WRT_CD_25(m, __VA_ARGS__)
#define WRT_CD_27(m, a, ...) m(a), WRT_CD_26(m, __VA_ARGS__)
#define WRT_CD_28(m, a, ...) m(a), WRT_CD_27(m, __VA_ARGS__)
#define WRT_CD_29(m, a, ...) m(a), WRT_CD_28(m, __VA_ARGS__)
#define WRT_CD_30(m, a, ...) m(a), WRT_CD_29(m, __VA_ARGS__)
#define WRT_CD_31(m, a, ...) m(a), WRT_CD_30(m, __VA_ARGS__)
#define WRT_CD_32(m, a, ...) m(a), WRT_CD_31(m, __VA_ARGS__)
#define WRT_CD_33(m, a, ...) m(a), WRT_CD_32(m, __VA_ARGS__)
#define WRT_CD_34(m, a, ...) m(a), WRT_CD_33(m, __VA_ARGS__)
#define WRT_CD_35(m, a, ...) m(a), WRT_CD_34(m, __VA_ARGS__)
#define WRT_CD_36(m, a, ...) m(a), WRT_CD_35(m, __VA_ARGS__)
#define WRT_CD_37(m, a, ...) m(a), WRT_CD_36(m, __VA_ARGS__)
#define WRT_CD_38(m, a, ...) m(a), WRT_CD_37(m, __VA_ARGS__)
#define WRT_CD_39(m, a, ...) m(a), WRT_CD_38(m, __VA_ARGS__)
#define WRT_CD_40(m, a, ...) m(a), WRT_CD_39(m, __VA_ARGS__)
#define WRT_CD_41(m, a, ...) m(a), WRT_CD_40(m, __VA_ARGS__)
#define WRT_CD_42(m, a, ...) m(a), WRT_CD_41(m, __VA_ARGS__)
#define WRT_CD_43(m, a, ...) m(a), WRT_CD_42(m, __VA_ARGS__)
#define WRT_CD_44(m, a, ...) m(a), WRT_CD_43(m, __VA_ARGS__)
#define WRT_CD_45(m, a, ...) m(a), WRT_CD_44(m, __VA_ARGS__)
#define WRT_CD_46(m, a, ...) m(a), WRT_CD_45(m, __VA_ARGS__)
#define WRT_CD_47(m, a, ...) m(a), WRT_CD_46(m, __VA_ARGS__)
#define WRT_CD_48(m, a, ...) m(a), WRT_CD_47(m, __VA_ARGS__)
#define WRT_CD_49(m, a, ...) m(a), WRT_CD_48(m, __VA_ARGS__)
#define WRT_CD_50(m, a, ...) m(a), WRT_CD_49(m, __VA_ARGS__)
#define WRT_CD_51(m, a, ...) m(a), WRT_CD_50(m, __VA_ARGS__)
#define WRT_CD_52(m, a, ...) m(a), WRT_CD_51(m, __VA_ARGS__)
#define WRT_CD_53(m, a, ...) m(a), WRT_CD_52(m, __VA_ARGS__)
#define WRT_CD_54(m, a, ...) m(a), WRT_CD_53(m, __VA_ARGS__)
#define WRT_CD_55(m, a, ...) m(a), WRT_CD_54(m, __VA_ARGS__)
#define WRT_CD_56(m, a, ...) m(a), WRT_CD_55(m, __VA_ARGS__)
#define WRT_CD_57(m, a, ...) m(a), WRT_CD_56(m, __VA_ARGS__)
#define WRT_CD_58(m, a, ...) m(a), WRT_CD_57(m, __VA_ARGS__)
#define WRT_CD_59(m, a, ...) m(a), WRT_CD_58(m, __VA_ARGS__)
#define WRT_CD_60(m, a, ...) m(a), WRT_CD_59(m, __VA_ARGS__)
#define WRT_CD_61(m, a, ...) m(a), WRT_CD_60(m, __VA_ARGS__)
#define WRT_CD_62(m, a, ...) m(a), WRT_CD_61(m, __VA_ARGS__)
#define WRT_CD_63(m, a, ...) m(a), WRT_CD_62(m, __VA_ARGS__)
#define WRT_CD_64(m, a, ...) m(a), WRT_CD_63(m, __VA_ARGS__)
#define WRT_COMPONENT_DETAIL_NAME(x) #x

// Up to 64 fields or cases each (flags: up to 32, what a ComponentValue holds).
#define WRT_COMPONENT_RECORD(Type, ...)                                                                     \
  template <>                                                                                               \
  struct wrt::ComponentType<Type> : wrt::detail::RecordBase<Type, wrt::ComponentType<Type>> {              \
    using Self = Type;                                                                                      \
    static constexpr const char* kNames[] = {WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_NAME, __VA_ARGS__)}; \
    static constexpr auto members() { return std::make_tuple(WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_MEMBER, __VA_ARGS__)); } \
  };
#define WRT_COMPONENT_DETAIL_MEMBER(x) &Self::x

#define WRT_COMPONENT_FLAGS(Type, ...)                                                                      \
  template <>                                                                                               \
  struct wrt::ComponentType<Type> : wrt::detail::FlagsBase<Type, wrt::ComponentType<Type>> {               \
    using Self = Type;                                                                                      \
    static constexpr const char* kNames[] = {WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_NAME, __VA_ARGS__)}; \
    static constexpr auto members() { return std::make_tuple(WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_MEMBER, __VA_ARGS__)); } \
  };

#define WRT_COMPONENT_ENUM(Type, ...)                                                                       \
  template <>                                                                                               \
  struct wrt::ComponentType<Type> : wrt::detail::EnumBase<Type, wrt::ComponentType<Type>> {                \
    using Self = Type;                                                                                      \
    static constexpr const char* kNames[] = {WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_NAME, __VA_ARGS__)}; \
    static constexpr Type kValues[] = {WRT_COMPONENT_DETAIL_MAP(WRT_COMPONENT_DETAIL_ENUMERATOR, __VA_ARGS__)}; \
  };
#define WRT_COMPONENT_DETAIL_ENUMERATOR(x) Self::x

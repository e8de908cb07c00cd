// Every row of the C++ <-> component type mapping (wrt/api/component_types.hpp), round-tripped
// both ways through the public API: host -> guest (a typed export `id: func(x: T) -> T` of a
// generated component) -> host, and host -> guest -> host (a typed host function the guest's
// `fwd` export calls) -> guest -> host. The components come from the tests' generator
// (tests/support/component_gen.hpp), which lays types out independently of the runtime.
#include <wrt/wrt.hpp>

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "support/component_gen.hpp"

namespace mapping {
struct Pair {
  std::uint32_t f0;
  std::string f1;
  bool operator==(const Pair&) const = default;
};
enum class Three { l0, l1, l2 };
struct Nine {
  bool l0, l1, l2, l3, l4, l5, l6, l7, l8;
  bool operator==(const Nine&) const = default;
};
// More names than a short macro list holds (WASI 0.2's error-code has 37 cases).
enum class Forty { l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15, l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27, l28, l29, l30, l31, l32, l33, l34, l35, l36, l37, l38, l39 };
struct Thirty {
  std::uint8_t f0; std::uint8_t f1; std::uint8_t f2; std::uint8_t f3; std::uint8_t f4; std::uint8_t f5; std::uint8_t f6; std::uint8_t f7; std::uint8_t f8; std::uint8_t f9; std::uint8_t f10; std::uint8_t f11; std::uint8_t f12; std::uint8_t f13; std::uint8_t f14; std::uint8_t f15; std::uint8_t f16; std::uint8_t f17; std::uint8_t f18; std::uint8_t f19; std::uint8_t f20; std::uint8_t f21; std::uint8_t f22; std::uint8_t f23; std::uint8_t f24; std::uint8_t f25; std::uint8_t f26; std::uint8_t f27; std::uint8_t f28; std::uint8_t f29;
  bool operator==(const Thirty&) const = default;
};
struct ThirtyTwo {
  bool l0 = false; bool l1 = false; bool l2 = false; bool l3 = false; bool l4 = false; bool l5 = false; bool l6 = false; bool l7 = false; bool l8 = false; bool l9 = false; bool l10 = false; bool l11 = false; bool l12 = false; bool l13 = false; bool l14 = false; bool l15 = false; bool l16 = false; bool l17 = false; bool l18 = false; bool l19 = false; bool l20 = false; bool l21 = false; bool l22 = false; bool l23 = false; bool l24 = false; bool l25 = false; bool l26 = false; bool l27 = false; bool l28 = false; bool l29 = false; bool l30 = false; bool l31 = false;
  bool operator==(const ThirtyTwo&) const = default;
};
}  // namespace mapping
WRT_COMPONENT_ENUM(mapping::Forty, l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15, l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27, l28, l29, l30, l31, l32, l33, l34, l35, l36, l37, l38, l39)
WRT_COMPONENT_RECORD(mapping::Thirty, f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24, f25, f26, f27, f28, f29)
WRT_COMPONENT_FLAGS(mapping::ThirtyTwo, l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12, l13, l14, l15, l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27, l28, l29, l30, l31)
WRT_COMPONENT_RECORD(mapping::Pair, f0, f1)
WRT_COMPONENT_ENUM(mapping::Three, l0, l1, l2)
WRT_COMPONENT_FLAGS(mapping::Nine, l0, l1, l2, l3, l4, l5, l6, l7, l8)

namespace {

using namespace wrt;
namespace cgen = wrt::test::cgen;
using mapping::Nine;
using mapping::Pair;
using mapping::Three;

// A component with `id` and `fwd` (which calls the import `host-id`) for one type, run through
// the API: every sample comes back equal both ways, and the host function saw each one.
template <typename Cpp, typename Make>
void round_trip(Make make_type, const std::vector<Cpp>& samples) {
  cgen::ComponentGen g;
  g.import_nominal_types();  // so that the imported host-id may use records, enums...
  cgen::T t = make_type(g);
  g.identity("id", t);
  g.forward("fwd", t, "host-id");
  auto component = Component::from_bytes(g.build());
  ASSERT_TRUE(component) << to_string(component.error());

  int host_calls = 0;
  ComponentImports imports;
  imports.define("", "host-id", [&host_calls](Cpp value) {
    ++host_calls;
    return value;
  });
  auto instance = component->instantiate(imports);
  ASSERT_TRUE(instance) << to_string(instance.error());
  auto id = instance->typed_func<Cpp(Cpp)>("id");
  ASSERT_TRUE(id) << to_string(id.error());
  auto fwd = instance->typed_func<Cpp(Cpp)>("fwd");
  ASSERT_TRUE(fwd) << to_string(fwd.error());
  for (const Cpp& sample : samples) {
    auto back = (*id)(sample);
    ASSERT_TRUE(back) << to_string(back.error());
    EXPECT_TRUE(*back == sample);
    auto through_host = (*fwd)(sample);
    ASSERT_TRUE(through_host) << to_string(through_host.error());
    EXPECT_TRUE(*through_host == sample);
  }
  EXPECT_EQ(host_calls, static_cast<int>(samples.size()));
}

using cgen::Prim;

TEST(ComponentTypes, Bool) {
  round_trip<bool>([](cgen::ComponentGen& g) { return g.prim(Prim::bool_); }, {true, false});
}

TEST(ComponentTypes, Integers) {
  round_trip<std::int8_t>([](cgen::ComponentGen& g) { return g.prim(Prim::s8); }, {-128, -1, 0, 127});
  round_trip<std::uint8_t>([](cgen::ComponentGen& g) { return g.prim(Prim::u8); }, {0, 1, 255});
  round_trip<std::int16_t>([](cgen::ComponentGen& g) { return g.prim(Prim::s16); }, {-32768, -1, 32767});
  round_trip<std::uint16_t>([](cgen::ComponentGen& g) { return g.prim(Prim::u16); }, {0, 65535});
  round_trip<std::int32_t>([](cgen::ComponentGen& g) { return g.prim(Prim::s32); },
                           {std::numeric_limits<std::int32_t>::min(), -1, 0, std::numeric_limits<std::int32_t>::max()});
  round_trip<std::uint32_t>([](cgen::ComponentGen& g) { return g.prim(Prim::u32); }, {0u, 0x80000000u, 0xffffffffu});
  round_trip<std::int64_t>([](cgen::ComponentGen& g) { return g.prim(Prim::s64); },
                           {std::numeric_limits<std::int64_t>::min(), -1, std::numeric_limits<std::int64_t>::max()});
  round_trip<std::uint64_t>([](cgen::ComponentGen& g) { return g.prim(Prim::u64); }, {0u, ~std::uint64_t{0}});
}

TEST(ComponentTypes, Floats) {
  round_trip<float>([](cgen::ComponentGen& g) { return g.prim(Prim::f32); },
                    {0.0f, -0.0f, 1.5f, -3.25e38f, std::numeric_limits<float>::infinity(), std::numeric_limits<float>::denorm_min()});
  round_trip<double>([](cgen::ComponentGen& g) { return g.prim(Prim::f64); },
                     {0.0, 2.5, -1e300, -std::numeric_limits<double>::infinity(), std::numeric_limits<double>::denorm_min()});
  // A NaN comes back a NaN (canonicalized, as the canonical ABI may).
  cgen::ComponentGen g;
  g.identity("id", g.prim(Prim::f64));
  auto component = Component::from_bytes(g.build());
  ASSERT_TRUE(component);
  auto instance = component->instantiate();
  ASSERT_TRUE(instance) << to_string(instance.error());
  auto id = instance->typed_func<double(double)>("id");
  ASSERT_TRUE(id);
  auto nan = (*id)(std::numeric_limits<double>::quiet_NaN());
  ASSERT_TRUE(nan);
  EXPECT_TRUE(std::isnan(*nan));
}

TEST(ComponentTypes, Char) {
  round_trip<char32_t>([](cgen::ComponentGen& g) { return g.prim(Prim::char_); }, {U'a', U'\u00e9', U'\U0001F600', U'\U0010FFFF'});
  // A surrogate is not a char: refused before the call.
  cgen::ComponentGen g;
  g.identity("id", g.prim(Prim::char_));
  auto component = Component::from_bytes(g.build());
  auto instance = component->instantiate();
  ASSERT_TRUE(instance);
  auto id = instance->typed_func<char32_t(char32_t)>("id");
  ASSERT_TRUE(id);
  EXPECT_FALSE((*id)(char32_t{0xD800}));
}

TEST(ComponentTypes, Strings) {
  round_trip<std::string>([](cgen::ComponentGen& g) { return g.string(); },
                          {"", "plain", "gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x98\x80", std::string(100'000, 'x')});
  // string_view in, string out, and a host function taking a string_view.
  cgen::ComponentGen g;
  cgen::T s = g.string();
  g.identity("id", s);
  g.forward("fwd", s, "host-id");
  auto component = Component::from_bytes(g.build());
  ASSERT_TRUE(component);
  ComponentImports imports;
  imports.define("", "host-id", [](std::string_view text) { return std::string(text) + "!"; });
  auto instance = component->instantiate(imports);
  ASSERT_TRUE(instance) << to_string(instance.error());
  auto id = instance->typed_func<std::string(std::string_view)>("id");
  ASSERT_TRUE(id);
  EXPECT_EQ(*(*id)("view"), "view");
  auto fwd = instance->typed_func<std::string(std::string_view)>("fwd");
  ASSERT_TRUE(fwd);
  EXPECT_EQ(*(*fwd)("view"), "view!");
  // Invalid UTF-8 from the host is refused before the call.
  EXPECT_FALSE((*id)(std::string_view("\xC3\x28", 2)));
}

TEST(ComponentTypes, Lists) {
  round_trip<std::vector<std::uint8_t>>([](cgen::ComponentGen& g) { return g.list(g.prim(Prim::u8)); },
                                        {{}, {1, 2, 3}, std::vector<std::uint8_t>(70'000, 7)});
  round_trip<std::vector<std::string>>([](cgen::ComponentGen& g) { return g.list(g.string()); },
                                       {{}, {"a", "", "ccc"}});
  round_trip<std::vector<std::vector<std::int64_t>>>(
      [](cgen::ComponentGen& g) { return g.list(g.list(g.prim(Prim::s64))); }, {{}, {{}, {-1, 2}, {3}}});
  // span<const T> as a parameter.
  cgen::ComponentGen g;
  g.identity("id", g.list(g.prim(Prim::u32)));
  auto component = Component::from_bytes(g.build());
  auto instance = component->instantiate();
  ASSERT_TRUE(instance);
  auto id = instance->typed_func<std::vector<std::uint32_t>(std::span<const std::uint32_t>)>("id");
  ASSERT_TRUE(id);
  const std::uint32_t values[] = {5, 6, 7};
  EXPECT_EQ(*(*id)(values), (std::vector<std::uint32_t>{5, 6, 7}));
}

TEST(ComponentTypes, FixedLengthLists) {
  round_trip<std::array<std::uint16_t, 3>>([](cgen::ComponentGen& g) { return g.fixed_list(g.prim(Prim::u16), 3); },
                                           {{{1, 2, 3}}, {{65535, 0, 9}}});
}

TEST(ComponentTypes, OptionsAndResults) {
  round_trip<std::optional<std::uint32_t>>([](cgen::ComponentGen& g) { return g.option(g.prim(Prim::u32)); },
                                           {std::nullopt, 0u, 42u});
  round_trip<std::optional<std::string>>([](cgen::ComponentGen& g) { return g.option(g.string()); }, {std::nullopt, "x"});
  using R = ComponentResult<std::uint32_t, std::string>;
  round_trip<R>([](cgen::ComponentGen& g) { return g.result(g.prim(Prim::u32), g.string()); },
                {R::ok(7u), R::err(std::string("bad"))});
  using Unit = ComponentResult<void, void>;
  round_trip<Unit>([](cgen::ComponentGen& g) { return g.result(cgen::kNone, cgen::kNone); }, {Unit::ok(), Unit::err()});
  using ErrOnly = ComponentResult<void, std::string>;
  round_trip<ErrOnly>([](cgen::ComponentGen& g) { return g.result(cgen::kNone, g.string()); },
                      {ErrOnly::ok(), ErrOnly::err(std::string("why"))});
}

TEST(ComponentTypes, Tuples) {
  using Tup = std::tuple<std::uint8_t, std::string, double>;
  round_trip<Tup>([](cgen::ComponentGen& g) { return g.tuple({g.prim(Prim::u8), g.string(), g.prim(Prim::f64)}); },
                  {Tup{1, "one", 1.0}, Tup{255, "", -0.5}});
}

TEST(ComponentTypes, RecordsEnumsFlagsVariants) {
  round_trip<Pair>([](cgen::ComponentGen& g) { return g.record({g.prim(Prim::u32), g.string()}); },
                   {Pair{1, "a"}, Pair{0xffffffffu, ""}});
  round_trip<Three>([](cgen::ComponentGen& g) { return g.enum_(3); }, {Three::l0, Three::l1, Three::l2});
  round_trip<Nine>([](cgen::ComponentGen& g) { return g.flags(9); },
                   {Nine{}, Nine{true, false, true, false, false, false, false, false, true},
                    Nine{true, true, true, true, true, true, true, true, true}});
  using V = std::variant<std::uint32_t, std::monostate, std::string>;
  round_trip<V>([](cgen::ComponentGen& g) { return g.variant({g.prim(Prim::u32), cgen::kNone, g.string()}); },
                {V(std::uint32_t{9}), V(std::monostate{}), V(std::string("text"))});
  // Nested: a list of records in an option.
  round_trip<std::optional<std::vector<Pair>>>(
      [](cgen::ComponentGen& g) { return g.option(g.list(g.record({g.prim(Prim::u32), g.string()}))); },
      {std::nullopt, std::vector<Pair>{}, std::vector<Pair>{{1, "x"}, {2, "y"}}});
}

TEST(ComponentTypes, ManyNames) {
  using mapping::Forty;
  using mapping::Thirty;
  using mapping::ThirtyTwo;
  round_trip<Forty>([](cgen::ComponentGen& g) { return g.enum_(40); }, {Forty::l0, Forty::l24, Forty::l36, Forty::l39});
  Thirty a{};
  Thirty b{};
  b.f0 = 1;
  b.f24 = 25;
  b.f29 = 255;
  round_trip<Thirty>([](cgen::ComponentGen& g) { return g.record(std::vector<cgen::T>(30, g.prim(Prim::u8))); }, {a, b});
  ThirtyTwo none{};
  ThirtyTwo some{};
  some.l0 = some.l25 = some.l31 = true;
  round_trip<ThirtyTwo>([](cgen::ComponentGen& g) { return g.flags(32); }, {none, some});
  // An enum of 40 is not one of 39: the lookup refuses it.
  cgen::ComponentGen g;
  g.import_nominal_types();
  g.identity("id", g.enum_(39));
  auto component = Component::from_bytes(g.build());
  ASSERT_TRUE(component) << to_string(component.error());
  auto instance = component->instantiate();
  ASSERT_TRUE(instance) << to_string(instance.error());
  auto id = instance->typed_func<Forty(Forty)>("id");
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code(), ErrorCode::incompatible_import) << to_string(id.error());
}

TEST(ComponentTypes, WrongRowsAreRefusedAtLookup) {
  cgen::ComponentGen g;
  g.identity("id", g.record({g.prim(Prim::u32), g.string()}));
  auto component = Component::from_bytes(g.build());
  auto instance = component->instantiate();
  ASSERT_TRUE(instance);
  EXPECT_FALSE((instance->typed_func<std::tuple<std::uint32_t, std::string>(std::tuple<std::uint32_t, std::string>)>("id")));
  EXPECT_FALSE((instance->typed_func<std::uint32_t(Pair)>("id")));  // the result's row
  EXPECT_TRUE((instance->typed_func<Pair(Pair)>("id")));
  // A host function whose C++ type does not fit the import is refused at instantiation.
  cgen::ComponentGen h;
  h.import_nominal_types();
  cgen::T e = h.enum_(3);
  h.forward("fwd", e, "host-id");
  auto with_import = Component::from_bytes(h.build());
  ASSERT_TRUE(with_import);
  ComponentImports imports;
  imports.define("", "host-id", [](std::uint32_t v) { return v; });
  auto refused = with_import->instantiate(imports);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::incompatible_import);
}

}  // namespace

// WAVE text (wrt/api/wave.hpp) against the types of invoke.component.wasm's exports: each kind
// of value read, printed back to the same text, and bad text refused with its offset.
#include <wrt/wrt.hpp>
#include <wrt/api/wave.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace wrt;

struct Invoke {
  Component component;
  component::TypeId func(std::string_view name) const {
    const component::TypeArena& t = component.types();
    for (const auto& e : t.exports(t.peeled(component.type()))) {
      if (e.name == name) return e.type;
    }
    return component::kNoType;
  }
  component::TypeId param(std::string_view name, std::size_t i = 0) const {
    const component::TypeArena& t = component.types();
    return t.items(t.peeled(func(name)))[i].type;
  }
};

Invoke load() {
  auto c = Component::from_file(std::string(WRT_WASI_COMPONENTS_DIR) + "/invoke.component.wasm");
  if (!c) ADD_FAILURE() << to_string(c.error());
  return Invoke{std::move(*c)};
}

// Reads `text` as the first parameter of `function` and prints it: `expected` comes back.
void round_trip(const Invoke& inv, std::string_view function, std::string_view text, std::string_view expected) {
  const component::TypeArena& types = inv.component.types();
  auto v = wave::parse(text, types, inv.param(function));
  ASSERT_TRUE(v) << text << ": " << to_string(v.error());
  auto printed = wave::print(*v, types, inv.param(function));
  ASSERT_TRUE(printed) << to_string(printed.error());
  EXPECT_EQ(*printed, expected);
}

TEST(Wave, EachKindRoundTrips) {
  Invoke inv = load();
  round_trip(inv, "add", " -2147483648 ", "-2147483648");
  round_trip(inv, "mirror", "{y: 2, x: -1,}", "{x: -1, y: 2}");
  round_trip(inv, "next-color", "green", "green");
  round_trip(inv, "echo", R"("tab\t \"q\" \u{1F600} \\")", "\"tab\\t \\\"q\\\" \xF0\x9F\x98\x80 \\\\\"");
  round_trip(inv, "echo", "\"\\u{1}\"", "\"\\u{1}\"");
  round_trip(inv, "total", "[ 1,2 , 4294967295 ]", "[1, 2, 4294967295]");
  round_trip(inv, "total", "[]", "[]");
  round_trip(inv, "toggle", "{exec, read}", "{read, exec}");
  round_trip(inv, "toggle", "{}", "{}");
  round_trip(inv, "area", "circle( 7 )", "circle(7)");
  round_trip(inv, "area", "empty", "empty");
}

TEST(Wave, ArgumentListsAndResults) {
  Invoke inv = load();
  const component::TypeArena& types = inv.component.types();
  auto args = wave::parse_arguments("7, 0", types, inv.func("checked-div"));
  ASSERT_TRUE(args) << to_string(args.error());
  ASSERT_EQ(args->size(), 2u);
  EXPECT_EQ((*args)[1].as_unsigned(), 0u);
  EXPECT_FALSE(wave::parse_arguments("7", types, inv.func("checked-div")));
  EXPECT_FALSE(wave::parse_arguments("7, 1, 2", types, inv.func("checked-div")));
  EXPECT_FALSE(wave::parse_arguments("", types, inv.func("total")));
  // Results print with their labels.
  const component::TypeNode& f = types.peeled(inv.func("checked-div"));
  auto ok = ComponentValue::ok(ComponentValue::u32(3));
  ASSERT_TRUE(ok);
  EXPECT_EQ(*wave::print(*ok, types, f.a), "ok(3)");
  auto err = ComponentValue::err(*ComponentValue::string("no"));
  ASSERT_TRUE(err);
  EXPECT_EQ(*wave::print(*err, types, f.a), "err(\"no\")");
  const component::TypeNode& first = types.peeled(inv.func("first"));
  EXPECT_EQ(*wave::print(ComponentValue::none(), types, first.a), "none");
  std::string_view name;
  std::string_view inside;
  ASSERT_TRUE(wave::split_call("first([1, 2]) ", name, inside));
  EXPECT_EQ(name, "first");
  EXPECT_EQ(inside, "[1, 2]");
  EXPECT_FALSE(wave::split_call("first", name, inside));
  EXPECT_FALSE(wave::split_call("(1)", name, inside));
}

TEST(Wave, BadTextIsRefusedWithItsOffset) {
  Invoke inv = load();
  const component::TypeArena& types = inv.component.types();
  struct Case {
    const char* function;
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"add", "2147483648", "out of the type's range"},
      {"add", "1.5", "not an integer"},
      {"mirror", "{x: 1}", "a field of the record is missing"},
      {"mirror", "{x: 1, x: 2, y: 3}", "a field given twice"},
      {"mirror", "{x: 1, z: 2}", "not a field of the record"},
      {"next-color", "purple", "not a case of the enum"},
      {"echo", "\"open", "an unterminated quote"},
      {"echo", "\"\\u{d800}\"", "not a Unicode scalar value"},
      {"echo", "\"\\q\"", "an unknown escape"},
      {"total", "[1, 2", "expected ',' or the closing bracket"},
      {"area", "empty(1)", "this case has no payload"},
      {"area", "circle", "expected '(' and the case's payload"},
      {"toggle", "{read, fly}", "not a flag of the type"},
      {"add", "1 2", "unexpected text after the value"},
  };
  for (const Case& c : cases) {
    auto v = wave::parse(c.text, types, inv.param(c.function));
    ASSERT_FALSE(v) << c.text;
    std::string message = to_string(v.error());
    EXPECT_NE(message.find(c.message), std::string::npos) << c.text << ": " << message;
    EXPECT_NE(message.find("at character"), std::string::npos) << message;
  }
  // Nesting is bounded: deep text is an error, not a deep recursion.
  std::string deep(100000, '[');
  EXPECT_FALSE(wave::parse(deep, types, inv.param("total")));
}

}  // namespace

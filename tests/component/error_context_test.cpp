// error-context (CanonicalABI.md: error-context.new, .debug-message, .drop, and error-context
// values lifted and lowered: results, parameters, a future's element, a result's payload) on
// tests/component/data/error_context.wat (see its header for what each export does).
#include <gtest/gtest.h>

#include <string>

#include "support/component_file.hpp"

namespace wrt::component {
namespace {

using test::text_of;

class ErrorContexts : public test::InstantiatedComponent {
 protected:
  ErrorContexts() : InstantiatedComponent(std::string(WRT_COMPONENT_DATA_DIR) + "/error_context.component.wasm") {}
  // Calls `name` with a string and returns its string result.
  std::string call_with(std::string_view name, std::string_view text) {
    Result<ComponentValue> arg = ComponentValue::string(text, test::allocator());
    EXPECT_TRUE(arg);
    Result<ComponentValue> r = h.call(name, std::move(*arg));
    EXPECT_TRUE(r) << name << ": " << text_of(r.error());
    if (!r) return "<error>";
    EXPECT_EQ(r->kind(), ValueKind::string);
    return std::string(r->as_string());
  }
  // `name` traps, and the instance stays poisoned.
  void expect_trap(std::string_view name, std::string_view reason) {
    Result<ComponentValue> r = h.call(name);
    ASSERT_FALSE(r) << name;
    EXPECT_EQ(r.error().kind(), ErrorKind::trap) << text_of(r.error());
    EXPECT_NE(text_of(r.error()).find(reason), std::string::npos) << text_of(r.error());
    EXPECT_FALSE(h.call("drop-twice"));
  }
};

TEST_F(ErrorContexts, NewDebugMessageAndDropInOneInstance) {
  EXPECT_EQ(call_with("roundtrip", "disk full"), "disk full");
  EXPECT_EQ(call_with("roundtrip", ""), "");
  EXPECT_EQ(call_with("roundtrip", "überlauf ✓"), "überlauf ✓");
  // Handles are freed and reused: many calls leave nothing behind.
  for (int i = 0; i < 200; ++i) ASSERT_EQ(call_with("roundtrip", "again"), "again");
}

TEST_F(ErrorContexts, TheHostReceivesAndPassesErrorContexts) {
  Result<ComponentValue> arg = ComponentValue::string("no such file", test::allocator());
  ASSERT_TRUE(arg);
  Result<ComponentValue> made = h.call("make", std::move(*arg));
  ASSERT_TRUE(made) << text_of(made.error());
  ASSERT_EQ(made->kind(), ValueKind::error_context);
  EXPECT_EQ(made->debug_message(), "no such file");
  // Back into the component: a new handle with the same message.
  Result<ComponentValue> message = h.call("message", std::move(*made));
  ASSERT_TRUE(message) << text_of(message.error());
  EXPECT_EQ(message->as_string(), "no such file");
  // One the host made.
  Result<ComponentValue> hosts = ComponentValue::string("from the host", test::allocator());
  ASSERT_TRUE(hosts);
  message = h.call("message", ComponentValue::error_context(std::move(*hosts)));
  ASSERT_TRUE(message) << text_of(message.error());
  EXPECT_EQ(message->as_string(), "from the host");
  // A value of another kind is refused before the call.
  EXPECT_FALSE(h.call("message", ComponentValue::u32(1)));
}

TEST_F(ErrorContexts, AnErrorContextComesBackFromAnotherInstance) {
  EXPECT_EQ(call_with("from-child", "child failed"), "child failed");
  EXPECT_EQ(call_with("from-child", "twice"), "twice");
}

TEST_F(ErrorContexts, AnErrorContextIsAFuturesElement) {
  EXPECT_EQ(call_with("via-future", "sent through a future"), "sent through a future");
  EXPECT_EQ(call_with("via-future", "and again"), "and again");
}

TEST_F(ErrorContexts, AnErrorContextInAResultPayload) {
  Result<ComponentValue> arg = ComponentValue::string("bad input", test::allocator());
  ASSERT_TRUE(arg);
  Result<ComponentValue> r = h.call("fail", std::move(*arg));
  ASSERT_TRUE(r) << text_of(r.error());
  ASSERT_EQ(r->kind(), ValueKind::result);
  ASSERT_EQ(r->case_index(), 1u);
  ASSERT_TRUE(r->has_payload());
  EXPECT_EQ(r->payload().kind(), ValueKind::error_context);
  EXPECT_EQ(r->payload().debug_message(), "bad input");
}

TEST_F(ErrorContexts, DroppingTwiceTraps) { expect_trap("drop-twice", "unknown handle"); }
TEST_F(ErrorContexts, DebugMessageOfAnotherHandleTraps) { expect_trap("debug-not-ec", "not an error context"); }
TEST_F(ErrorContexts, AMessageOutOfBoundsTraps) { expect_trap("new-out-of-bounds", "out of bounds"); }
TEST_F(ErrorContexts, AMessageThatIsNotUtf8Traps) { expect_trap("new-bad-utf8", "invalid UTF-8"); }

TEST(ErrorContextValues, CloneCompareAndCheck) {
  Result<ComponentValue> a = ComponentValue::string("x", test::allocator());
  Result<ComponentValue> b = ComponentValue::string("x", test::allocator());
  Result<ComponentValue> c = ComponentValue::string("y", test::allocator());
  ASSERT_TRUE(a && b && c);
  ComponentValue ea = ComponentValue::error_context(std::move(*a));
  ComponentValue eb = ComponentValue::error_context(std::move(*b));
  ComponentValue ec = ComponentValue::error_context(std::move(*c));
  EXPECT_TRUE(ea.equals(eb));
  EXPECT_FALSE(ea.equals(ec));
  Result<ComponentValue> s = ComponentValue::string("x", test::allocator());
  ASSERT_TRUE(s);
  EXPECT_FALSE(ea.equals(*s));  // a string is not an error context
  Result<ComponentValue> copy = ea.clone();
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->kind(), ValueKind::error_context);
  EXPECT_EQ(copy->debug_message(), "x");
  Result<ComponentValue> text = ea.clone_debug_message();
  ASSERT_TRUE(text);
  EXPECT_EQ(text->kind(), ValueKind::string);
  EXPECT_EQ(text->as_string(), "x");
  EXPECT_FALSE(s->clone_debug_message());
  EXPECT_EQ(ComponentValue::error_context(ComponentValue::u32(3)).debug_message(), "");  // not a string: empty
}

}  // namespace
}  // namespace wrt::component

#include <wrt/error.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>

namespace wrt {
namespace {

Result<int> parse_digit(char c) {
  if (c < '0' || c > '9') return Error(ErrorCode::invalid_argument, "not a digit").at(0);
  return c - '0';
}

Result<int> sum_of_two(const char* s) {
  int a = WRT_TRY(parse_digit(s[0]).with_context("first digit"));
  int b = WRT_TRY(parse_digit(s[1]).with_context("second digit"));
  return a + b;
}

Result<void> check_positive(int x) {
  if (x <= 0) return Error(ErrorCode::invalid_argument, "not positive");
  return ok();
}

Result<int> double_if_positive(int x) {
  WRT_TRY(check_positive(x));
  return 2 * x;
}

TEST(Result, ValueAndError) {
  Result<int> good = parse_digit('7');
  ASSERT_TRUE(good.has_value());
  EXPECT_TRUE(static_cast<bool>(good));
  EXPECT_EQ(*good, 7);
  EXPECT_EQ(good.value(), 7);
  EXPECT_EQ(good.value_or(-1), 7);

  Result<int> bad = parse_digit('x');
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), ErrorCode::invalid_argument);
  EXPECT_STREQ(bad.error().message(), "not a digit");
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(Result, TryPropagatesWithContext) {
  Result<int> ok_sum = sum_of_two("34");
  ASSERT_TRUE(ok_sum);
  EXPECT_EQ(*ok_sum, 7);

  Result<int> bad = sum_of_two("3x");
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().context_count(), 1u);
  EXPECT_STREQ(bad.error().context_text(0), "second digit");
}

TEST(Result, TryOnVoid) {
  EXPECT_EQ(*double_if_positive(4), 8);
  Result<int> bad = double_if_positive(-1);
  ASSERT_FALSE(bad);
  EXPECT_STREQ(bad.error().message(), "not positive");
  Result<void> fine = check_positive(1);
  EXPECT_TRUE(fine.has_value());
  Result<void> with_ctx = check_positive(0).with_context("outer");
  ASSERT_FALSE(with_ctx);
  EXPECT_EQ(with_ctx.error().context_count(), 1u);
}

Result<std::unique_ptr<int>> make_boxed(int v) {
  if (v < 0) return Error(ErrorCode::invalid_argument);
  return std::make_unique<int>(v);
}

Result<int> unbox(int v) {
  std::unique_ptr<int> p = WRT_TRY(make_boxed(v));
  return *p + 1;
}

TEST(Result, MoveOnlyValues) {
  EXPECT_EQ(*unbox(41), 42);
  EXPECT_FALSE(unbox(-1));
  Result<std::unique_ptr<int>> r = make_boxed(5);
  Result<std::unique_ptr<int>> moved = std::move(r);
  ASSERT_TRUE(moved);
  EXPECT_EQ(**moved, 5);
}

struct Counted {
  static inline int alive = 0;
  Counted() { ++alive; }
  Counted(const Counted&) { ++alive; }
  Counted(Counted&&) noexcept { ++alive; }
  ~Counted() { --alive; }
};

TEST(Result, DestroysItsValueExactlyOnce) {
  {
    Result<Counted> a{Counted{}};
    Result<Counted> b = a;
    Result<Counted> c = Error(ErrorCode::trap);
    c = b;
    EXPECT_EQ(Counted::alive, 3);
    c = Error(ErrorCode::trap);
    EXPECT_EQ(Counted::alive, 2);
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(Result, InPlaceConstruction) {
  Result<std::string> s(std::in_place, 3, 'a');
  EXPECT_EQ(*s, "aaa");
  EXPECT_EQ(s->size(), 3u);
}

TEST(Result, ValueOfAnErrorPanics) {
  // Hosted panics print the message; freestanding ones trap silently (no stdio).
  const char* value_message = WRT_HAS_OS ? "value\\(\\) called on an error" : "";
  const char* error_message = WRT_HAS_OS ? "error\\(\\) called on a value" : "";
  Result<int> bad = Error(ErrorCode::trap);
  EXPECT_DEATH({ (void)bad.value(); }, value_message);
  Result<int> good = 1;
  EXPECT_DEATH({ (void)good.error(); }, error_message);
}

}  // namespace
}  // namespace wrt

// Exception handling through the embedding API (exceptions.wat): exceptions thrown several
// frames deep and caught by tag, rethrown, delegated, caught by catch_all; a host function
// that throws into WebAssembly (caught there, or not); uncaught exceptions reaching the
// embedder as uncaught_exception with their tag and payload; traps that no handler catches.
#include <wrt/wrt.hpp>
#include <wrt/error/fmt.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

std::vector<std::uint8_t> wasm(const std::string& name) {
  std::ifstream in(std::string(WRT_TEST_WASM_DIR) + "/" + name + ".wasm", std::ios::binary);
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Exceptions : ::testing::Test {
  void SetUp() override {
    auto m = wrt::Module::from_bytes(bytes);
    ASSERT_TRUE(m) << wrt::to_string(m.error());
    module.emplace(std::move(*m));
    wrt::ImportMap imports;
    // Throws the caller's tag "error" with x + 1.
    imports.define("env", "host_throw", [](wrt::Caller& caller, std::int32_t x) -> wrt::Result<void> {
      auto tag = caller.tag("error");
      if (!tag) return tag.error();
      wrt::Value payload[] = {wrt::Value::i32(x + 1)};
      return caller.throw_exception(*tag, payload);
    });
    auto i = wrt::ModuleInstance::create(*module, imports);
    ASSERT_TRUE(i) << wrt::to_string(i.error());
    instance.emplace(std::move(*i));
  }
  std::int32_t i32(const char* name, std::int32_t x) {
    auto r = instance->invoke(name, {wrt::Value::i32(x)});
    EXPECT_TRUE(r) << name << ": " << (r ? "" : wrt::to_string(r.error()));
    if (!r || r->results().empty()) return 0x0DEAD;
    return (*r)[0].as_i32();
  }

  std::vector<std::uint8_t> bytes = wasm("exceptions");
  std::optional<wrt::Module> module;
  std::optional<wrt::ModuleInstance> instance;
};

TEST_F(Exceptions, CaughtByTagSeveralFramesDeep) {
  EXPECT_EQ(i32("catch_deep", 1), 102);         // nothing thrown
  EXPECT_EQ(i32("catch_deep", 5), 1000 + 50);   // thrown in depth3, caught in the caller of depth1
  EXPECT_EQ(i32("catch_deep", -3), 98);
}

TEST_F(Exceptions, RethrowCatchAllDelegate) {
  EXPECT_EQ(i32("rethrow", 4), 2000 + 40);
  EXPECT_EQ(i32("rethrow", 0), 101);
  EXPECT_EQ(i32("catch_all", 9), -7);
  EXPECT_EQ(i32("catch_all", 1), 102);
  EXPECT_EQ(i32("delegate", 6), 3000 + 60);  // past the catch_all the delegate skips
  EXPECT_EQ(i32("delegate", 2), 103);
}

TEST_F(Exceptions, CaughtExceptionsAreFreed) {
  // More than the store's limit of live exceptions: each is freed as it is caught.
  wrt::Store& store = instance->raw().store();
  const std::uint32_t n = store.limits().max_exceptions + 10;
  EXPECT_EQ(static_cast<std::uint32_t>(i32("throw_loop", static_cast<std::int32_t>(n))), n * 30u);
  EXPECT_EQ(store.live_exceptions(), 0u);
}

TEST_F(Exceptions, ExceptionsHeldForRethrowAreFreedWhenTheirCatchEnds) {
  // A cleanup pad (catch_all; rethrow 0) and a catch body that can rethrow hold the exception;
  // leaving the pad by its rethrow and the body by its end let it go, so a loop of more
  // throws than the limit runs.
  wrt::Store& store = instance->raw().store();
  const std::uint32_t n = store.limits().max_exceptions + 10;
  EXPECT_EQ(static_cast<std::uint32_t>(i32("rethrow_loop", static_cast<std::int32_t>(n))), n * 30u);
  EXPECT_EQ(store.live_exceptions(), 0u);
}

TEST_F(Exceptions, TrapsAreNotCaught) {
  auto r = instance->invoke("trap_in_try");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wrt::ErrorCode::unreachable_executed) << wrt::to_string(r.error());
  EXPECT_FALSE(instance->uncaught_exception());
}

TEST_F(Exceptions, UncaughtReachesTheEmbedderWithTagAndPayload) {
  auto r = instance->invoke("uncaught", {wrt::Value::i32(7)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wrt::ErrorCode::uncaught_exception) << wrt::to_string(r.error());
  EXPECT_EQ(r.error().kind(), wrt::ErrorKind::exception);
  auto exception = instance->uncaught_exception();
  ASSERT_TRUE(exception);
  auto error_tag = instance->tag("error");
  ASSERT_TRUE(error_tag);
  EXPECT_TRUE(exception->tag == *error_tag);
  ASSERT_EQ(exception->payload.size(), 1u);
  EXPECT_EQ(exception->payload[0].as_i32(), 70);

  // The next call forgets it; a two-value payload of another tag.
  EXPECT_EQ(i32("catch_deep", 1), 102);
  EXPECT_FALSE(instance->uncaught_exception());
  r = instance->invoke("uncaught_other");
  ASSERT_FALSE(r);
  exception = instance->uncaught_exception();
  ASSERT_TRUE(exception);
  EXPECT_TRUE(exception->tag == *instance->tag("other"));
  EXPECT_FALSE(exception->tag == *error_tag);
  ASSERT_EQ(exception->payload.size(), 2u);
  EXPECT_EQ(exception->payload[0].as_i64(), -5);
  EXPECT_EQ(exception->payload[1].as_f64(), 2.5);
}

TEST_F(Exceptions, HostThrowsIntoWebAssembly) {
  EXPECT_EQ(i32("host_caught", 41), 42);  // caught by the guest's catch $error
  auto r = instance->invoke("host_uncaught", {wrt::Value::i32(8)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), wrt::ErrorCode::uncaught_exception) << wrt::to_string(r.error());
  auto exception = instance->uncaught_exception();
  ASSERT_TRUE(exception);
  EXPECT_TRUE(exception->tag == *instance->tag("error"));
  ASSERT_EQ(exception->payload.size(), 1u);
  EXPECT_EQ(exception->payload[0].as_i32(), 9);
}

TEST_F(Exceptions, HostPayloadMustMatchTheTag) {
  wrt::ImportMap imports;
  imports.define("env", "host_throw", [](wrt::Caller& caller, std::int32_t) -> wrt::Result<void> {
    wrt::Value wrong[] = {wrt::Value::i64(1)};
    return caller.throw_exception(*caller.tag("error"), wrong);
  });
  auto i = wrt::ModuleInstance::create(*module, imports);
  ASSERT_TRUE(i) << wrt::to_string(i.error());
  auto r = i->invoke("host_caught", {wrt::Value::i32(1)});
  ASSERT_FALSE(r);  // a host error, not an exception the guest could catch
  EXPECT_EQ(r.error().code(), wrt::ErrorCode::invalid_argument) << wrt::to_string(r.error());
  EXPECT_FALSE(i->uncaught_exception());
}

TEST_F(Exceptions, FuelKeepsWorkingAcrossThrows) {
  instance->set_fuel(1'000'000);
  EXPECT_EQ(i32("catch_deep", 5), 1050);
  const std::uint64_t left = instance->fuel();
  EXPECT_LT(left, 1'000'000u);
  EXPECT_GT(left, 0u);
  // Too little fuel: the execution suspends inside the loop of throws, and resumes.
  instance->set_fuel(500);
  auto r = instance->invoke("throw_loop", {wrt::Value::i32(100)});
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  EXPECT_TRUE(r->out_of_fuel());
  for (int k = 0; k < 1000 && r && r->out_of_fuel(); ++k) {
    instance->add_fuel(500);
    r = instance->resume();
  }
  ASSERT_TRUE(r) << wrt::to_string(r.error());
  ASSERT_TRUE(r->completed());
  EXPECT_EQ((*r)[0].as_i32(), 3000);
}

TEST_F(Exceptions, TagExports) {
  auto tag = instance->tag("error");
  ASSERT_TRUE(tag);
  EXPECT_EQ(tag->type().params.size(), 1u);
  EXPECT_TRUE(tag->type().results.empty());
  EXPECT_FALSE(instance->tag("catch_deep"));  // a function, not a tag
}

}  // namespace

// The C++ API's typed forms for what issue 15 added after its first part: host streams of
// elements that are not numbers (ComponentStream<std::string>, of records), error-context as
// wrt::ErrorContext, and async host functions (ComponentImports::define_async with
// ComponentReply<R>, told of the caller's cancellation), on the components of
// tests/component/data (value_streams.wat, error_context.wat, cancel_host_call.wat).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>
#include <wrt/wrt.hpp>

namespace values {
struct Person {
  std::string name;
  std::uint32_t age = 0;
};
}  // namespace values

WRT_COMPONENT_RECORD(values::Person, name, age)

namespace {

using Status = wrt::component::HostCopy::Status;

std::string text_of(const wrt::Error& e) { return wrt::to_string(e); }

wrt::Component load(const char* name) {
  auto component = wrt::Component::from_file(std::string(WRT_COMPONENT_DATA_DIR) + "/" + name + ".component.wasm");
  EXPECT_TRUE(component) << text_of(component.error());
  return std::move(*component);
}

wrt::ComponentInstance instantiate(const char* name) {
  auto instance = load(name).instantiate(wrt::ComponentImports{});
  EXPECT_TRUE(instance) << text_of(instance.error());
  return std::move(*instance);
}

TEST(ComponentAsyncValues, StringsToAComponentThroughATypedStream) {
  wrt::ComponentInstance instance = instantiate("value_streams");
  wrt::ComponentValue readable;
  EXPECT_FALSE(instance.new_stream<std::uint8_t>("total", 0, readable));    // strings, not u8
  EXPECT_FALSE(instance.new_stream<values::Person>("total", 0, readable));  // strings, not records
  auto in = instance.new_stream<std::string>("total", 0, readable);
  ASSERT_TRUE(in) << text_of(in.error());
  std::vector<std::string> texts = {"abc", "de"};
  auto wrote = in->write(texts);
  ASSERT_TRUE(wrote) << text_of(wrote.error());
  EXPECT_EQ(wrote->status, Status::pending);
  texts.clear();  // written items were converted at once
  auto total = instance.typed_func<std::uint32_t(wrt::ComponentValue)>("total");
  ASSERT_TRUE(total) << text_of(total.error());
  auto r = (*total)(std::move(readable));
  ASSERT_TRUE(r) << text_of(r.error());
  EXPECT_EQ(*r, (2u << 24) | (5u << 8) | 'a');
  auto done = in->poll();
  ASSERT_TRUE(done) << text_of(done.error());
  EXPECT_EQ(done->count, 2u);
}

TEST(ComponentAsyncValues, RecordsFromAComponentThroughATypedStream) {
  wrt::ComponentInstance instance = instantiate("value_streams");
  auto call = instance.start("people", {});
  ASSERT_TRUE(call) << text_of(call.error());
  ASSERT_TRUE(call->done());
  auto results = call->results();
  ASSERT_TRUE(results) << text_of(results.error());
  ASSERT_EQ(results->size(), 1u);
  EXPECT_FALSE(instance.open_stream<std::string>((*results)[0]));  // records, not strings: dropped
  ASSERT_TRUE(instance.run_until_idle());
}

TEST(ComponentAsyncValues, RecordsFromAComponentAreReadAsStructs) {
  wrt::ComponentInstance instance = instantiate("value_streams");
  auto call = instance.start("people", {});
  ASSERT_TRUE(call) << text_of(call.error());
  auto results = call->results();
  ASSERT_TRUE(results) << text_of(results.error());
  auto out = instance.open_stream<values::Person>((*results)[0]);
  ASSERT_TRUE(out) << text_of(out.error());
  std::vector<values::Person> people;
  values::Person buffer[2];
  for (int round = 0; round < 8; ++round) {
    auto got = out->read(buffer);
    ASSERT_TRUE(got) << text_of(got.error());
    if (got->status == Status::pending) {
      ASSERT_TRUE(instance.run_until_idle());
      got = out->poll();
      ASSERT_TRUE(got) << text_of(got.error());
    }
    for (std::uint32_t i = 0; i < got->count; ++i) people.push_back(buffer[i]);
    if (got->status == Status::dropped) break;
  }
  ASSERT_EQ(people.size(), 3u);
  EXPECT_EQ(people[0].name, "ann");
  EXPECT_EQ(people[0].age, 20u);
  EXPECT_EQ(people[1].name, "bob");
  EXPECT_EQ(people[2].name, "cy");
  EXPECT_EQ(people[2].age, 42u);
}

TEST(ComponentAsyncValues, ARecordThroughATypedFuture) {
  wrt::ComponentInstance instance = instantiate("value_streams");
  wrt::ComponentValue readable;
  auto f = instance.new_stream<values::Person>("first-name", 0, readable);
  ASSERT_TRUE(f) << text_of(f.error());
  values::Person zed{"zed", 7};
  ASSERT_TRUE(f->write(std::span<const values::Person>(&zed, 1)));
  auto name = instance.call("first-name", {std::move(readable)});
  ASSERT_TRUE(name) << text_of(name.error());
  EXPECT_EQ((*name)[0].as_string(), "zed");
}

TEST(ComponentAsyncValues, ErrorContextsAsTypedValues) {
  wrt::ComponentInstance instance = instantiate("error_context");
  auto make = instance.typed_func<wrt::ErrorContext(std::string)>("make");
  ASSERT_TRUE(make) << text_of(make.error());
  auto e = (*make)("timed out");
  ASSERT_TRUE(e) << text_of(e.error());
  EXPECT_EQ(e->message, "timed out");
  auto message = instance.typed_func<std::string(wrt::ErrorContext)>("message");
  ASSERT_TRUE(message) << text_of(message.error());
  auto text = (*message)(wrt::ErrorContext{"from C++"});
  ASSERT_TRUE(text) << text_of(text.error());
  EXPECT_EQ(*text, "from C++");
  auto fail = instance.typed_func<wrt::ComponentResult<std::uint32_t, wrt::ErrorContext>(std::string)>("fail");
  ASSERT_TRUE(fail) << text_of(fail.error());
  auto failed = (*fail)("bad");
  ASSERT_TRUE(failed) << text_of(failed.error());
  ASSERT_FALSE(failed->is_ok());
  EXPECT_EQ(failed->error().message, "bad");
  EXPECT_FALSE((instance.typed_func<std::string(std::string)>("make")));  // error-context, not string
}

struct SlowHost {
  std::optional<wrt::ComponentReply<std::uint32_t>> reply;
  std::uint32_t x = 0;
  int cancels = 0;
};

wrt::ComponentImports slow_imports(SlowHost& host, bool resolve_when_cancelled) {
  wrt::ComponentImports imports;
  imports.define_async(
      "host", "slow",
      [&host](wrt::ComponentReply<std::uint32_t> reply, std::uint32_t x) {
        host.reply = reply;
        host.x = x;
      },
      [&host, resolve_when_cancelled](wrt::ComponentReply<std::uint32_t> reply) {
        ++host.cancels;
        if (resolve_when_cancelled) {
          EXPECT_TRUE(reply.cancelled());
        }
      });
  return imports;
}

TEST(ComponentAsyncValues, AnAsyncHostFunctionIsCancelledByItsCaller) {
  SlowHost host;
  auto instance = load("cancel_host_call").instantiate(slow_imports(host, true));
  ASSERT_TRUE(instance) << text_of(instance.error());
  auto run = instance->start("run", {wrt::ComponentValue::u32(5)});
  ASSERT_TRUE(run) << text_of(run.error());
  EXPECT_EQ(host.x, 5u);
  EXPECT_EQ(host.cancels, 1);
  ASSERT_TRUE(instance->run_until_idle());
  ASSERT_TRUE(run->done());
  auto results = run->results();
  ASSERT_TRUE(results) << text_of(results.error());
  EXPECT_EQ((*results)[0].as_unsigned(), 4000u);  // cancelled before returning
  ASSERT_TRUE(host.reply);
  EXPECT_FALSE(host.reply->complete(1u));  // resolved already
}

TEST(ComponentAsyncValues, AnAsyncHostFunctionCompletesLater) {
  SlowHost host;
  auto instance = load("cancel_host_call").instantiate(slow_imports(host, false));
  ASSERT_TRUE(instance) << text_of(instance.error());
  auto run = instance->start("run", {wrt::ComponentValue::u32(5)});
  ASSERT_TRUE(run) << text_of(run.error());
  ASSERT_TRUE(instance->run_until_idle());
  EXPECT_FALSE(run->done());  // subtask.cancel waits for the host
  ASSERT_TRUE(host.reply);
  EXPECT_TRUE(host.reply->cancel_requested());
  ASSERT_TRUE(host.reply->complete(host.x + 2));  // it may still return
  ASSERT_TRUE(instance->run_until_idle());
  ASSERT_TRUE(run->done());
  auto results = run->results();
  ASSERT_TRUE(results) << text_of(results.error());
  EXPECT_EQ((*results)[0].as_unsigned(), 2007u);
}

TEST(ComponentAsyncValues, AnAsyncHostFunctionsSignatureIsChecked) {
  wrt::ComponentImports imports;
  imports.define_async("host", "slow", [](wrt::ComponentReply<std::string>, std::uint32_t) {});
  auto instance = load("cancel_host_call").instantiate(imports);
  ASSERT_FALSE(instance);
  EXPECT_EQ(instance.error().code(), wrt::ErrorCode::incompatible_import) << text_of(instance.error());
}

}  // namespace

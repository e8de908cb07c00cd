// The C++ API's async wrappers (ComponentInstance::start/step/run_until_idle, ComponentCall,
// ComponentStream<T>) on the component of examples/async_streams: upper(in: stream<u8>) ->
// stream<u8> copies `in` in upper case; spin(rounds: u32) -> u32 computes.
#include <gtest/gtest.h>

#include <string>
#include <wrt/wrt.hpp>

namespace {

using Status = wrt::component::HostCopy::Status;

std::string text_of(const wrt::Error& e) { return wrt::to_string(e); }

wrt::ComponentInstance instantiate_upper() {
  auto component = wrt::Component::from_file(std::string(WRT_EXAMPLES_DIR) + "/async_streams/upper.component.wasm");
  EXPECT_TRUE(component) << text_of(component.error());
  auto instance = component->instantiate(wrt::ComponentImports{});
  EXPECT_TRUE(instance) << text_of(instance.error());
  return std::move(*instance);
}

TEST(ComponentAsyncApi, StreamsThroughAnExportWhileAnotherCallRuns) {
  wrt::ComponentInstance instance = instantiate_upper();
  wrt::ComponentValue readable;
  auto in = instance.new_stream<std::uint8_t>("upper", 0, readable);
  ASSERT_TRUE(in) << text_of(in.error());
  EXPECT_FALSE(instance.new_stream<std::uint32_t>("upper", 0, readable));  // u8 elements
  EXPECT_FALSE(instance.new_stream<std::uint8_t>("upper", 1, readable));   // no such parameter

  auto upper = instance.start("upper", {std::move(readable)});
  ASSERT_TRUE(upper) << text_of(upper.error());
  auto spin = instance.start("spin", {wrt::ComponentValue::u32(3000)});
  ASSERT_TRUE(spin) << text_of(spin.error());
  ASSERT_TRUE(upper->done());
  EXPECT_FALSE(spin->done());
  EXPECT_FALSE(spin->results());  // not done yet
  auto returned = upper->results();
  ASSERT_TRUE(returned) << text_of(returned.error());
  ASSERT_EQ(returned->size(), 1u);
  auto out = instance.open_stream<std::uint8_t>((*returned)[0]);
  ASSERT_TRUE(out) << text_of(out.error());

  const std::string text = "hello, async world";
  std::string back;
  std::uint8_t buffer[8];
  auto bytes = [&](const std::string& s) {
    return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  std::size_t written = 0;
  bool writing = false, reading = false, closed = false, ended = false;
  for (int steps = 0; !ended && steps < 1000; ++steps) {
    if (!writing && !closed) {
      if (written == text.size()) {
        ASSERT_TRUE(in->close());
        closed = true;
      } else {
        auto w = in->write(bytes(text).subspan(written));
        ASSERT_TRUE(w) << text_of(w.error());
        writing = w->status == Status::pending;
        if (!writing) written += w->count;
      }
    }
    if (!reading) {
      auto r = out->read(buffer);
      ASSERT_TRUE(r) << text_of(r.error());
      reading = r->status == Status::pending;
      if (!reading) {
        back.append(reinterpret_cast<const char*>(buffer), r->count);
        ended = r->status == Status::dropped;
      }
    }
    instance.set_fuel(500);
    ASSERT_TRUE(instance.step());
    if (writing) {
      auto w = in->poll();
      ASSERT_TRUE(w);
      if (w->status != Status::pending) {
        writing = false;
        written += w->count;
      }
    }
    if (reading) {
      auto r = out->poll();
      ASSERT_TRUE(r);
      if (r->status != Status::pending) {
        reading = false;
        back.append(reinterpret_cast<const char*>(buffer), r->count);
        ended = r->status == Status::dropped;
      }
    }
  }
  EXPECT_TRUE(ended);
  EXPECT_EQ(back, "HELLO, ASYNC WORLD");
  instance.set_fuel(1'000'000);
  auto idle = instance.run_until_idle();
  ASSERT_TRUE(idle) << text_of(idle.error());
  ASSERT_TRUE(spin->done());
  auto value = spin->results();
  ASSERT_TRUE(value) << text_of(value.error());
  EXPECT_NE((*value)[0].as_unsigned(), 0u);
  EXPECT_FALSE(spin->results());  // once
  EXPECT_FALSE(spin->cancel());   // over
}

}  // namespace

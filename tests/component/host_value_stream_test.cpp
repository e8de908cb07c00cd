// Host ends of streams and futures whose elements are not numbers (ComponentRuntime::copy_values)
// on tests/component/data/value_streams.wat: strings to a component, records from one, a
// record through a future.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/component_file.hpp"

namespace wrt::component {
namespace {

using test::text_of;
using Status = HostCopy::Status;

ComponentValue text(std::string_view s) {
  Result<ComponentValue> v = ComponentValue::string(s, test::allocator());
  EXPECT_TRUE(v);
  return v ? std::move(*v) : ComponentValue();
}

ComponentValue person(std::string_view name, std::uint32_t age) {
  Result<ComponentValue> r = ComponentValue::record(2, test::allocator());
  EXPECT_TRUE(r);
  if (!r) return ComponentValue();
  (*r)[0] = text(name);
  (*r)[1] = ComponentValue::u32(age);
  return std::move(*r);
}

class HostValueStreams : public test::InstantiatedComponent {
 protected:
  HostValueStreams() : InstantiatedComponent(std::string(WRT_COMPONENT_DATA_DIR) + "/value_streams.component.wasm") {}
};

TEST_F(HostValueStreams, StringsGoToAComponent) {
  ComponentRuntime& rt = h.runtime();
  ComponentValue readable;
  Result<HostEnd> w = rt.new_stream(param_type("total"), readable);
  ASSERT_TRUE(w) << text_of(w.error());
  EXPECT_NE(rt.element_type(*w), kNoType);
  char bytes[8] = {};
  EXPECT_FALSE(rt.copy(*w, bytes, 1));  // strings are not copied as bytes
  std::vector<ComponentValue> wrong;
  wrong.push_back(ComponentValue::u32(1));
  EXPECT_FALSE(rt.copy_values(*w, wrong));  // not a string: refused before anything is copied

  std::vector<ComponentValue> values;
  values.push_back(text("hello"));
  values.push_back(text("wo"));
  values.push_back(text("x"));
  Result<HostCopy> wrote = rt.copy_values(*w, values);
  ASSERT_TRUE(wrote) << text_of(wrote.error());
  EXPECT_EQ(wrote->status, Status::pending);  // nobody reads yet

  Result<ComponentValue> total = h.call("total", std::move(readable));
  ASSERT_TRUE(total) << text_of(total.error());
  EXPECT_EQ(total->as_unsigned(), (3u << 24) | (8u << 8) | 'h');
  Result<HostCopy> done = rt.poll(*w);
  ASSERT_TRUE(done) << text_of(done.error());
  // All three were copied, then the component dropped its end before the host heard of the
  // copy: the outcome is `dropped` with the count (as definitions.py reports it).
  EXPECT_EQ(done->status, Status::dropped);
  EXPECT_EQ(done->count, 3u);
  EXPECT_NE(values[0].kind(), ValueKind::string);  // written values are the component's now
  EXPECT_FALSE(rt.copy_values(*w, values));        // the other end is gone
  EXPECT_TRUE(rt.drop_end(*w));
}

TEST_F(HostValueStreams, RecordsComeFromAComponent) {
  ComponentRuntime& rt = h.runtime();
  const RuntimeEntity* people = h.find("people");
  ASSERT_NE(people, nullptr);
  ComponentValue result[1];
  Result<AsyncCall> call = rt.start_async(*people, {}, result);
  ASSERT_TRUE(call) << text_of(call.error());
  ASSERT_TRUE(rt.resolved(*call));  // task.return before the first write
  ASSERT_TRUE(rt.finish(*call));
  Result<HostEnd> r = rt.open_readable(result[0]);
  ASSERT_TRUE(r) << text_of(r.error());
  EXPECT_FALSE(rt.copy(*r, nullptr, 0));  // records are not copied as bytes

  std::vector<ComponentValue> got(2);
  Result<HostCopy> first = rt.copy_values(*r, got);  // the writer waits with 3: 2 come at once
  ASSERT_TRUE(first) << text_of(first.error());
  ASSERT_EQ(first->status, Status::completed);
  ASSERT_EQ(first->count, 2u);
  ASSERT_EQ(got[0].kind(), ValueKind::record);
  EXPECT_EQ(got[0][0].as_string(), "ann");
  EXPECT_EQ(got[0][1].as_unsigned(), 20u);
  EXPECT_EQ(got[1][0].as_string(), "bob");
  EXPECT_EQ(got[1][1].as_unsigned(), 31u);

  Result<HostCopy> second = rt.copy_values(*r, got);
  ASSERT_TRUE(second) << text_of(second.error());
  ASSERT_EQ(second->status, Status::completed);
  ASSERT_EQ(second->count, 1u);
  EXPECT_EQ(got[0][0].as_string(), "cy");
  EXPECT_EQ(got[0][1].as_unsigned(), 42u);

  // The writer sees its three written, drops its end: the next read reports it.
  Result<HostCopy> third = rt.copy_values(*r, got);
  ASSERT_TRUE(third) << text_of(third.error());
  if (third->status == Status::pending) {
    ASSERT_TRUE(rt.run_until_idle());
    third = rt.poll(*r);
    ASSERT_TRUE(third) << text_of(third.error());
  }
  EXPECT_EQ(third->status, Status::dropped);
  EXPECT_EQ(third->count, 0u);
  EXPECT_TRUE(rt.drop_end(*r));
}

TEST_F(HostValueStreams, ARecordThroughAFuture) {
  ComponentRuntime& rt = h.runtime();
  ComponentValue readable;
  Result<HostEnd> w = rt.new_stream(param_type("first-name"), readable);
  ASSERT_TRUE(w) << text_of(w.error());
  std::vector<ComponentValue> none;
  EXPECT_FALSE(rt.copy_values(*w, none));  // a future copies one value
  std::vector<ComponentValue> value;
  value.push_back(person("zed", 7));
  Result<HostCopy> wrote = rt.copy_values(*w, value);
  ASSERT_TRUE(wrote) << text_of(wrote.error());
  EXPECT_EQ(wrote->status, Status::pending);
  Result<ComponentValue> name = h.call("first-name", std::move(readable));
  ASSERT_TRUE(name) << text_of(name.error());
  EXPECT_EQ(name->as_string(), "zed");
  Result<HostCopy> done = rt.poll(*w);
  ASSERT_TRUE(done) << text_of(done.error());
  EXPECT_EQ(done->status, Status::completed);
  EXPECT_EQ(done->count, 1u);
  EXPECT_TRUE(rt.drop_end(*w));
}

}  // namespace
}  // namespace wrt::component

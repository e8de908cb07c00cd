// Streams between the host and a component (ComponentRuntime::new_stream, open_readable, copy,
// poll, cancel_copy, drop_end) and the host's cancellation of a call, on the component of
// examples/async_streams: upper(in: stream<u8>) -> stream<u8> copies `in` in upper case;
// spin(rounds: u32) -> u32 computes; next(f: future<u32>) -> u32 returns f's value plus one.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "support/component_file.hpp"

namespace wrt::component {
namespace {

using test::text_of;
using Status = HostCopy::Status;

// The component loaded and instantiated once per test; start_upper() and start_next() begin
// the calls most tests drive.
class UpperComponent : public test::InstantiatedComponent {
 protected:
  UpperComponent() : InstantiatedComponent(std::string(WRT_EXAMPLES_DIR) + "/async_streams/upper.component.wasm") {}
  ComponentRuntime& runtime() { return h.runtime(); }
  const RuntimeEntity* find(std::string_view name) {
    const RuntimeEntity* f = h.find(name);
    EXPECT_NE(f, nullptr) << name;
    return f;
  }

  // Starts upper with a stream of the host's (`in`) and takes the stream it returns (`out`).
  void start_upper() {
    ComponentRuntime& rt = runtime();
    const RuntimeEntity* upper = find("upper");
    ASSERT_NE(upper, nullptr);
    ComponentValue readable;
    Result<HostEnd> made = rt.new_stream(param_type("upper"), readable);
    ASSERT_TRUE(made) << text_of(made.error());
    in = *made;
    EXPECT_EQ(rt.element_size(in), 1u);
    Result<AsyncCall> call = rt.start_async(*upper, std::span<const ComponentValue>(&readable, 1), upper_result);
    ASSERT_TRUE(call) << text_of(call.error());
    ASSERT_TRUE(rt.resolved(*call));  // task.return before the first read
    ASSERT_TRUE(rt.finish(*call));
    Result<HostEnd> opened = rt.open_readable(upper_result[0]);
    ASSERT_TRUE(opened) << text_of(opened.error());
    out = *opened;
    EXPECT_FALSE(rt.open_readable(upper_result[0]));  // emptied
  }

  // Starts next() with a future of the host's (`writer`): the call waits in its read of it.
  void start_next() {
    ComponentRuntime& rt = runtime();
    const RuntimeEntity* next = find("next");
    ASSERT_NE(next, nullptr);
    ComponentValue readable;
    Result<HostEnd> made = rt.new_stream(param_type("next"), readable);
    ASSERT_TRUE(made) << text_of(made.error());
    writer = *made;
    EXPECT_EQ(rt.element_size(writer), 4u);
    Result<AsyncCall> c = rt.start_async(*next, std::span<const ComponentValue>(&readable, 1), std::span<ComponentValue>(&next_result, 1));
    ASSERT_TRUE(c) << text_of(c.error());
    next_call = *c;
    EXPECT_FALSE(rt.resolved(next_call));
  }

  HostEnd in;
  HostEnd out;
  ComponentValue upper_result[1];
  HostEnd writer;
  ComponentValue next_result;
  AsyncCall next_call;
};

using HostStreams = UpperComponent;
using HostFutures = UpperComponent;
using HostCancel = UpperComponent;

TEST_F(HostStreams, TypesAreChecked) {
  ComponentRuntime& rt = runtime();
  const RuntimeEntity* spin = find("spin");
  ASSERT_NE(spin, nullptr);
  const TypeId u32_type = rt.types().items(rt.types().peeled(spin->type))[0].type;
  ComponentValue readable;
  EXPECT_FALSE(rt.new_stream(u32_type, readable));  // not a stream type
  ComponentValue number = ComponentValue::u32(1);
  EXPECT_FALSE(rt.open_readable(number));
  EXPECT_FALSE(rt.copy(HostEnd{}, nullptr, 0));
}

TEST_F(HostStreams, BytesGoThroughWithPartialZeroLengthAndCancelledCopies) {
  ASSERT_NO_FATAL_FAILURE(start_upper());
  ComponentRuntime& rt = runtime();
  char buf[16] = {};

  // upper waits in its read of `in`: nothing to read yet. A zero-length read waits for a
  // writer; cancelling it reports nothing copied.
  Result<HostCopy> zero = rt.copy(out, buf, 0);
  ASSERT_TRUE(zero) << text_of(zero.error());
  EXPECT_EQ(zero->status, Status::pending);
  EXPECT_FALSE(rt.copy(out, buf, 4));  // one copy at a time
  Result<HostCopy> cancelled = rt.cancel_copy(out);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->status, Status::cancelled);
  EXPECT_EQ(cancelled->count, 0u);
  EXPECT_FALSE(rt.poll(out));  // no copy to poll

  // The write goes straight into upper's pending read.
  char text[] = "abc";
  Result<HostCopy> w = rt.copy(in, text, 3);
  ASSERT_TRUE(w) << text_of(w.error());
  EXPECT_EQ(w->status, Status::completed);
  EXPECT_EQ(w->count, 3u);
  ASSERT_TRUE(rt.run_until_idle());  // upper converts and waits in its write

  // A read of 2 takes part of upper's write, the next read the rest.
  Result<HostCopy> r = rt.copy(out, buf, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::completed);
  EXPECT_EQ(r->count, 2u);
  EXPECT_EQ(std::string(buf, 2), "AB");
  r = rt.copy(out, buf, sizeof buf);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::completed);
  EXPECT_EQ(r->count, 1u);
  EXPECT_EQ(buf[0], 'C');

  // A read that waits is completed by the component while the event loop runs.
  r = rt.copy(out, buf, sizeof buf);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::pending);
  char more[] = "de";
  w = rt.copy(in, more, 2);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, Status::pending);  // upper yields between chunks before reading again
  ASSERT_TRUE(rt.run_until_idle());
  Result<HostCopy> wp = rt.poll(in);
  ASSERT_TRUE(wp);
  EXPECT_EQ(wp->status, Status::completed);
  EXPECT_EQ(wp->count, 2u);
  Result<HostCopy> rp = rt.poll(out);
  ASSERT_TRUE(rp);
  EXPECT_EQ(rp->status, Status::completed);
  EXPECT_EQ(rp->count, 2u);
  EXPECT_EQ(std::string(buf, 2), "DE");

  // Closing the input ends upper, which closes its output: the reader sees it dropped and
  // cannot read again.
  ASSERT_TRUE(rt.drop_end(in));
  ASSERT_TRUE(rt.run_until_idle());
  r = rt.copy(out, buf, sizeof buf);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, Status::dropped);
  EXPECT_EQ(r->count, 0u);
  EXPECT_FALSE(rt.copy(out, buf, sizeof buf));
  ASSERT_TRUE(rt.drop_end(out));
  EXPECT_FALSE(rt.drop_end(out));  // once
}

TEST_F(HostStreams, AWriterSeesTheReaderDrop) {
  ASSERT_NO_FATAL_FAILURE(start_upper());
  ComponentRuntime& rt = runtime();
  char text[] = "xyz";
  ASSERT_TRUE(rt.copy(in, text, 3));
  ASSERT_TRUE(rt.run_until_idle());  // upper waits in its write of "XYZ"
  ASSERT_TRUE(rt.drop_end(out));   // its write ends dropped: upper stops and drops `in`
  ASSERT_TRUE(rt.run_until_idle());
  Result<HostCopy> w = rt.copy(in, text, 3);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, Status::dropped);
  EXPECT_EQ(w->count, 0u);
  EXPECT_FALSE(rt.copy(in, text, 3));  // the reader is gone
  ASSERT_TRUE(rt.drop_end(in));
}

TEST_F(HostFutures, TheHostWritesAFuturesValueOnce) {
  ASSERT_NO_FATAL_FAILURE(start_next());
  ComponentRuntime& rt = runtime();
  EXPECT_FALSE(rt.drop_end(writer));  // a future's writer writes before it drops
  std::uint32_t value = 41;
  Result<HostCopy> w = rt.copy(writer, &value, 7);  // a future copies one value, whatever the count
  ASSERT_TRUE(w) << text_of(w.error());
  EXPECT_EQ(w->status, Status::completed);
  EXPECT_EQ(w->count, 1u);
  EXPECT_FALSE(rt.copy(writer, &value, 1));  // once
  ASSERT_TRUE(rt.run_until_idle());
  ASSERT_TRUE(rt.resolved(next_call));
  ASSERT_TRUE(rt.finish(next_call));
  EXPECT_EQ(next_result.as_unsigned(), 42u);
  ASSERT_TRUE(rt.drop_end(writer));
}

TEST_F(HostFutures, AWriteBeforeTheReaderWaitsAndCanBeCancelled) {
  ComponentRuntime& rt = runtime();
  const RuntimeEntity* next = find("next");
  ASSERT_NE(next, nullptr);
  ComponentValue readable;
  Result<HostEnd> made = rt.new_stream(rt.types().items(rt.types().peeled(next->type))[0].type, readable);
  ASSERT_TRUE(made) << text_of(made.error());
  // No reader yet: the write waits; cancelled, it copied nothing and may be tried again.
  std::uint32_t value = 6;
  Result<HostCopy> w = rt.copy(*made, &value, 1);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, Status::pending);
  Result<HostCopy> c = rt.cancel_copy(*made);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->status, Status::cancelled);
  EXPECT_EQ(c->count, 0u);
  EXPECT_FALSE(rt.cancel_copy(*made));  // nothing pending now
  w = rt.copy(*made, &value, 1);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, Status::pending);
  // The reader comes: its read takes the pending value at once.
  ComponentValue result;
  Result<AsyncCall> call = rt.start_async(*next, std::span<const ComponentValue>(&readable, 1), std::span<ComponentValue>(&result, 1));
  ASSERT_TRUE(call) << text_of(call.error());
  Result<HostCopy> p = rt.poll(*made);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, Status::completed);
  EXPECT_EQ(p->count, 1u);
  ASSERT_TRUE(rt.run_until_idle());
  ASSERT_TRUE(rt.resolved(*call));
  ASSERT_TRUE(rt.finish(*call));
  EXPECT_EQ(result.as_unsigned(), 7u);
  ASSERT_TRUE(rt.drop_end(*made));
}

TEST_F(HostCancel, ACallThatDoesNotWaitCancellablyStillReturns) {
  ComponentRuntime& rt = runtime();
  const RuntimeEntity* spin = find("spin");
  ASSERT_NE(spin, nullptr);
  ComponentValue arg = ComponentValue::u32(3000);
  ComponentValue result;
  Result<AsyncCall> call = rt.start_async(*spin, std::span<const ComponentValue>(&arg, 1), std::span<ComponentValue>(&result, 1));
  ASSERT_TRUE(call) << text_of(call.error());
  ASSERT_FALSE(rt.resolved(*call));  // it yielded after 1000 rounds
  // spin only yields non-cancellably: the request stays pending and the call returns.
  ASSERT_TRUE(rt.cancel(*call));
  ASSERT_TRUE(rt.cancel(*call));  // again: nothing more
  ASSERT_TRUE(rt.run_until_idle());
  ASSERT_TRUE(rt.resolved(*call));
  ASSERT_TRUE(rt.cancel(*call));  // resolved: nothing to do
  ASSERT_TRUE(rt.finish(*call));
  EXPECT_NE(result.as_unsigned(), 0u);
  EXPECT_FALSE(rt.cancel(AsyncCall{}));
}

}  // namespace
}  // namespace wrt::component

// Streams between a C++ host and a component, with a second task running alongside, in slices
// of fuel (the Component Model's async ABI; docs/component.md, "Async" and "Host streams").
//
// upper.component.wasm (upper.wat, made by regenerate.sh) exports
//   upper: async func(in: stream<u8>) -> stream<u8>   (copies `in` in ASCII upper case)
//   spin:  async func(rounds: u32) -> u32             (computes, yielding every 1000 rounds)
// The host makes a stream, passes its readable end to `upper`, writes text into it in chunks
// and reads the stream `upper` returns, while `spin` runs. Every step of the event loop gets
// a slice of fuel; a thread that uses it up pauses and the next step continues it.
//
//   wrt_async_streams upper.component.wasm
#include <wrt/wrt.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace wc = wrt::component;

namespace {

int fail(const char* what, const wrt::Error& e) {
  std::fprintf(stderr, "error: %s: %s\n", what, wrt::to_string(e).c_str());
  return 1;
}

std::uint32_t xorshift_rounds(std::uint32_t rounds) {
  std::uint32_t x = 2463534242u;
  for (std::uint32_t i = 0; i < rounds; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
  }
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s upper.component.wasm\n", argv[0]);
    return 2;
  }
  auto component = wrt::Component::from_file(argv[1]);
  if (!component) return fail("loading the component", component.error());
  auto instance = component->instantiate(wrt::ComponentImports{});
  if (!instance) return fail("instantiating", instance.error());
  wc::ComponentRuntime& rt = instance->runtime();
  auto upper = instance->function("upper");
  auto spin = instance->function("spin");
  if (!upper || !spin) return fail("the exports", (!upper ? upper : spin).error());

  // A stream<u8> of the host: its type is `upper`'s parameter type. The host keeps the
  // writable end; the readable end goes to `upper` as its argument.
  const wc::TypeArena& types = rt.types();
  const wc::TypeId stream_type = types.items(types.peeled(upper->type))[0].type;
  wc::ComponentValue in_readable;
  auto in = rt.new_stream(stream_type, in_readable);
  if (!in) return fail("new_stream", in.error());

  // Start both calls (with enough fuel to reach their first block), then run in slices.
  instance->set_fuel(1'000'000);
  wc::ComponentValue upper_result[1];
  auto upper_call = rt.start_async(*upper, std::span<const wc::ComponentValue>(&in_readable, 1), upper_result);
  if (!upper_call) return fail("starting upper", upper_call.error());
  const std::uint32_t rounds = 20'000;
  wc::ComponentValue spin_args[1] = {wc::ComponentValue::u32(rounds)};
  wc::ComponentValue spin_result[1];
  auto spin_call = rt.start_async(*spin, spin_args, spin_result);
  if (!spin_call) return fail("starting spin", spin_call.error());

  // `upper` returns its stream at once (task.return before it reads): the host reads it.
  if (!rt.resolved(*upper_call)) return std::fprintf(stderr, "error: upper did not return its stream\n"), 1;
  auto out = rt.open_readable(upper_result[0]);
  if (!out) return fail("open_readable", out.error());
  if (auto r = rt.finish(*upper_call); !r) return fail("upper", r.error());

  std::string text;
  for (int i = 0; i < 200; ++i) text += "streams flow between the host and the component, line " + std::to_string(i) + "\n";
  std::string echoed;
  std::size_t written = 0;
  bool writing = false, reading = false, input_closed = false, output_ended = false, spin_done = false;
  std::size_t echoed_when_spin_finished = 0;
  std::uint8_t read_buffer[256];
  const std::uint64_t slice = 2'000;
  int slices = 0;

  // A zero-length write: completes or waits for a reader, and copies nothing.
  if (auto z = rt.copy(*in, nullptr, 0); !z) {
    return fail("zero-length write", z.error());
  } else if (z->status == wc::HostCopy::Status::pending) {
    writing = true;
  }

  while (!output_ended || !spin_done) {
    // Offer the next chunk of input (100 bytes) and a buffer for output.
    if (!writing && !input_closed) {
      if (written == text.size()) {
        if (auto r = rt.drop_end(*in); !r) return fail("closing the input", r.error());
        input_closed = true;
      } else {
        std::size_t n = text.size() - written < 100 ? text.size() - written : 100;
        auto w = rt.copy(*in, text.data() + written, static_cast<std::uint32_t>(n));
        if (!w) return fail("write", w.error());
        if (w->status == wc::HostCopy::Status::pending) writing = true;
        else written += w->count;
      }
    }
    if (!reading && !output_ended) {
      auto r = rt.copy(*out, read_buffer, sizeof read_buffer);
      if (!r) return fail("read", r.error());
      if (r->status == wc::HostCopy::Status::pending) {
        reading = true;
      } else {
        echoed.append(reinterpret_cast<const char*>(read_buffer), r->count);
        output_ended = r->status == wc::HostCopy::Status::dropped;
      }
    }

    // One slice of the event loop.
    instance->set_fuel(slice);
    auto status = rt.step();
    if (!status) return fail("step", status.error());
    ++slices;

    if (writing) {
      auto w = rt.poll(*in);
      if (!w) return fail("poll (write)", w.error());
      if (w->status != wc::HostCopy::Status::pending) {
        writing = false;
        written += w->count;
        if (w->status == wc::HostCopy::Status::dropped) return std::fprintf(stderr, "error: upper dropped its input\n"), 1;
      }
    }
    if (reading) {
      auto r = rt.poll(*out);
      if (!r) return fail("poll (read)", r.error());
      if (r->status != wc::HostCopy::Status::pending) {
        reading = false;
        echoed.append(reinterpret_cast<const char*>(read_buffer), r->count);
        output_ended = r->status == wc::HostCopy::Status::dropped;
      }
    }
    if (!spin_done && rt.resolved(*spin_call)) {
      spin_done = true;
      echoed_when_spin_finished = echoed.size();
      if (auto r = rt.finish(*spin_call); !r) return fail("spin", r.error());
    }
    if (*status == wc::LoopStatus::idle && !writing && !reading && input_closed && !output_ended) {
      return std::fprintf(stderr, "error: nothing can run and the output has not ended\n"), 1;
    }
  }

  // The stream has ended: reading again is refused, and the host drops its end.
  bool refused = !rt.copy(*out, read_buffer, sizeof read_buffer);
  if (auto r = rt.drop_end(*out); !r) return fail("dropping the output", r.error());

  std::string expected = text;
  for (char& c : expected) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  const bool upper_ok = echoed == expected;
  const bool spin_ok = spin_result[0].as_unsigned() == xorshift_rounds(rounds);
  std::printf("host: wrote %zu bytes, read back %zu: %s\n", written, echoed.size(), upper_ok ? "upper case, as expected" : "WRONG");
  std::printf("host: first line back: %.*s", static_cast<int>(echoed.find('\n') + 1), echoed.c_str());
  std::printf("host: spin(%u) = %llu: %s\n", rounds, static_cast<unsigned long long>(spin_result[0].as_unsigned()),
              spin_ok ? "as expected" : "WRONG");
  const bool interleaved = echoed_when_spin_finished > 0 && echoed_when_spin_finished < echoed.size();
  std::printf("host: spin finished when %zu of %zu bytes had come back (%s)\n", echoed_when_spin_finished, echoed.size(),
              interleaved ? "the tasks interleaved" : "no interleaving");
  std::printf("host: %d event-loop steps of %llu fuel\n", slices, static_cast<unsigned long long>(slice));
  std::printf("host: a read after the end: %s\n", refused ? "refused" : "ACCEPTED");
  return upper_ok && spin_ok && interleaved && refused ? 0 : 1;
}

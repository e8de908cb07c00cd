// wasi:clocks (monotonic-clock, wall-clock) and wasi:random (random, insecure, insecure-seed).
#include <ctime>

#include <sys/random.h>

#include "wasi/preview2/types.hpp"

namespace wrt::wasi::preview2 {

namespace {

std::uint64_t resolution_ns(clockid_t clock) {
  timespec ts{};
  if (::clock_getres(clock, &ts) != 0) return 1;
  std::uint64_t ns = static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u + static_cast<std::uint64_t>(ts.tv_nsec);
  return ns == 0 ? 1 : ns;
}

Result<std::vector<std::uint8_t>> random_bytes(std::uint64_t len) {
  // The length comes from the component: bounded, as every allocation it asks for must be.
  if (len > (std::uint64_t{1} << 26)) return Error(ErrorCode::invalid_argument, "wasi:random: more than 64 MiB asked for at once");
  std::vector<std::uint8_t> out(static_cast<std::size_t>(len));
  std::size_t done = 0;
  while (done < out.size()) {
    ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error(ErrorCode::io_error, "getrandom failed");
    }
    done += static_cast<std::size_t>(n);
  }
  return out;
}

// splitmix64: the insecure generator (fast, not for secrets, as the interface says).
std::uint64_t next_insecure(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

}  // namespace

void define_clocks_random(ComponentImports& imports, const StatePtr& state) {
  StatePtr s = state;

  const char* monotonic = "wasi:clocks/monotonic-clock";
  imports.define_resource(monotonic, "pollable", s->pollables);
  imports.define(monotonic, "now", []() { return monotonic_now_ns(); });
  imports.define(monotonic, "resolution", []() { return resolution_ns(CLOCK_MONOTONIC); });
  imports.define(monotonic, "subscribe-instant", [s](std::uint64_t when) {
    Pollable p;
    p.kind = Pollable::Kind::deadline;
    p.deadline_ns = when;
    return Resource<Pollable>::make(s->pollables, std::move(p));
  });
  imports.define(monotonic, "subscribe-duration", [s](std::uint64_t duration) {
    Pollable p;
    p.kind = Pollable::Kind::deadline;
    std::uint64_t now = monotonic_now_ns();
    p.deadline_ns = duration > UINT64_MAX - now ? UINT64_MAX : now + duration;
    return Resource<Pollable>::make(s->pollables, std::move(p));
  });

  const char* wall = "wasi:clocks/wall-clock";
  imports.define(wall, "now", []() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return Datetime{static_cast<std::uint64_t>(ts.tv_sec), static_cast<std::uint32_t>(ts.tv_nsec)};
  });
  imports.define(wall, "resolution", []() {
    std::uint64_t ns = resolution_ns(CLOCK_REALTIME);
    return Datetime{ns / 1000000000u, static_cast<std::uint32_t>(ns % 1000000000u)};
  });

  imports.define("wasi:random/random", "get-random-bytes", [](std::uint64_t len) { return random_bytes(len); });
  imports.define("wasi:random/random", "get-random-u64", []() -> Result<std::uint64_t> {
    std::vector<std::uint8_t> b = WRT_TRY(random_bytes(8));
    std::uint64_t v = 0;
    for (std::uint8_t byte : b) v = (v << 8) | byte;
    return v;
  });
  imports.define("wasi:random/insecure", "get-insecure-random-bytes", [s](std::uint64_t len) -> Result<std::vector<std::uint8_t>> {
    if (len > (std::uint64_t{1} << 26)) return Error(ErrorCode::invalid_argument, "wasi:random: more than 64 MiB asked for at once");
    std::vector<std::uint8_t> out(static_cast<std::size_t>(len));
    for (std::size_t i = 0; i < out.size(); i += 8) {
      std::uint64_t v = next_insecure(s->insecure_state);
      for (std::size_t k = 0; k < 8 && i + k < out.size(); ++k) out[i + k] = static_cast<std::uint8_t>(v >> (8 * k));
    }
    return out;
  });
  imports.define("wasi:random/insecure", "get-insecure-random-u64", [s]() { return next_insecure(s->insecure_state); });
  imports.define("wasi:random/insecure-seed", "insecure-seed", []() -> Result<std::tuple<std::uint64_t, std::uint64_t>> {
    std::vector<std::uint8_t> b = WRT_TRY(random_bytes(16));
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    for (int i = 0; i < 8; ++i) {
      lo = (lo << 8) | b[static_cast<std::size_t>(i)];
      hi = (hi << 8) | b[static_cast<std::size_t>(i + 8)];
    }
    return std::make_tuple(lo, hi);
  });
}

}  // namespace wrt::wasi::preview2

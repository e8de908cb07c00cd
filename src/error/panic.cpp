// The platform-specific end of the error layer: what a panic does in each profile.
#include <wrt/platform.hpp>

#if WRT_HAS_OS
#include <cstdio>
#include <cstdlib>
#endif

// Weak, so that an embedder can define its own handler (firmware: log and reset).
extern "C" __attribute__((weak, noreturn)) void wrt_panic_handler(const char* message) noexcept {
#if WRT_HAS_OS
  std::fputs("wrt: internal error: ", stderr);
  std::fputs(message, stderr);
  std::fputc('\n', stderr);
  std::abort();
#else
  (void)message;
  __builtin_trap();
#endif
}

namespace wrt {
[[noreturn]] void panic(const char* message) noexcept { wrt_panic_handler(message); }
}  // namespace wrt

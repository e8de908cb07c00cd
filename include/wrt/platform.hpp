// The one place where the build profile and the compiler turn into code.
//
// Everything profile- or compiler-specific that the rest of WRT needs is derived here from the
// generated <wrt/config.hpp>; other files test only the WRT_HAS_* capability macros below, never
// compiler or OS macros, so the set of places that differ between builds stays small.
#pragma once

#include <wrt/config.hpp>

#if (WRT_PROFILE_HOSTED + WRT_PROFILE_FREESTANDING_ALLOC + WRT_PROFILE_FREESTANDING) != 1
#error "exactly one WRT profile must be selected (see cmake/WrtOptions.cmake)"
#endif

// A default allocator exists: the global heap (hosted) or the allocator the embedder
// installs (freestanding-alloc). The pure freestanding profile has none: every allocation
// comes from an arena the embedder hands in explicitly.
#define WRT_HAS_DEFAULT_ALLOCATOR (WRT_PROFILE_HOSTED || WRT_PROFILE_FREESTANDING_ALLOC)

// An operating system with a C library, stdio and files (WASI, the CLI).
#define WRT_HAS_OS WRT_PROFILE_HOSTED

// Address space that can be reserved and committed in steps (mmap/mprotect): linear memories
// reserve their maximum and grow in place (<wrt/foundation/virtual_memory.hpp>). Without it
// they grow through their allocator.
#define WRT_HAS_VIRTUAL_MEMORY WRT_PROFILE_HOSTED

#if defined(__GNUC__) || defined(__clang__)
#define WRT_LIKELY(x) __builtin_expect(!!(x), 1)
#define WRT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define WRT_ALWAYS_INLINE inline __attribute__((always_inline))
#define WRT_NOINLINE __attribute__((noinline))
#define WRT_COLD __attribute__((cold))
#else
#error "WRT needs GCC or Clang (statement expressions, computed goto, __builtin_*_overflow)"
#endif

namespace wrt {

enum class Profile { hosted, freestanding_alloc, freestanding };

inline constexpr Profile kProfile =
#if WRT_PROFILE_HOSTED
    Profile::hosted;
#elif WRT_PROFILE_FREESTANDING_ALLOC
    Profile::freestanding_alloc;
#else
    Profile::freestanding;
#endif

inline constexpr const char* kVersion = WRT_VERSION_STRING;

// Called when WRT detects a broken internal invariant or an API misuse that cannot be reported
// as an Error (for example, reading the value of a failed Result). It never returns.
// Hosted: prints the message to stderr and aborts. Freestanding: calls wrt_panic_handler(),
// which the embedder may define (the default traps).
[[noreturn]] void panic(const char* message) noexcept;

}  // namespace wrt

extern "C" {
// Freestanding profiles: define this function in the firmware to report panics (for example
// over a debug UART) before resetting. It must not return. A weak default traps.
[[noreturn]] void wrt_panic_handler(const char* message) noexcept;
}

// Checks an internal invariant in every build. The condition must be cheap.
#define WRT_CHECK(cond, message)                    \
  do {                                              \
    if (WRT_UNLIKELY(!(cond))) ::wrt::panic(message); \
  } while (0)

// Checks only in debug builds; used on hot paths where the check is implied by validation.
#ifdef NDEBUG
#define WRT_DEBUG_CHECK(cond, message) ((void)0)
#else
#define WRT_DEBUG_CHECK(cond, message) WRT_CHECK(cond, message)
#endif

// ARM semihosting: the firmware's console and exit, through the debugger (or QEMU's
// -semihosting). Only the three operations the demo needs.
#pragma once

#include <cstdint>

namespace semihosting {

inline int call(int operation, const void* argument) {
  register int r0 asm("r0") = operation;
  register const void* r1 asm("r1") = argument;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

// Writes a NUL-terminated string to the host's console.
inline void write(const char* text) { call(0x04, text); }  // SYS_WRITE0

// Ends the program: QEMU exits with status 0 for success, 1 otherwise.
[[noreturn]] inline void exit(bool success) {
  constexpr std::uintptr_t kApplicationExit = 0x20026;  // ADP_Stopped_ApplicationExit
  constexpr std::uintptr_t kRunTimeError = 0x20023;     // ADP_Stopped_RunTimeErrorUnknown
  call(0x18, reinterpret_cast<const void*>(success ? kApplicationExit : kRunTimeError));  // SYS_EXIT
  for (;;) {
  }
}

}  // namespace semihosting

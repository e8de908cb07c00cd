// Reset and vector table for the MPS2 AN385/AN386 boards (Cortex-M3 / Cortex-M4F) as QEMU
// models them: code at 0x00000000, RAM at 0x20000000 (see mps2-an386.ld).
#include <cstdint>
#include <cstring>

#include "semihosting.hpp"

extern "C" {
extern std::uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main();

[[noreturn]] void reset_handler() {
  std::memcpy(__data_start, __data_load, static_cast<std::size_t>(__data_end - __data_start) * 4);
  std::memset(__bss_start, 0, static_cast<std::size_t>(__bss_end - __bss_start) * 4);
#if defined(__ARM_FP)
  // The FPU: full access for CP10 and CP11 (CPACR), before any floating-point instruction.
  *reinterpret_cast<volatile std::uint32_t*>(0xE000ED88) |= 0xFu << 20;
  asm volatile("dsb\n isb" ::: "memory");
#endif
  for (auto* init = __init_array_start; init != __init_array_end; ++init) (*init)();
  semihosting::exit(main() == 0);
}

[[noreturn]] void fault_handler() {
  semihosting::write("fault: the firmware crashed\n");
  semihosting::exit(false);
}

// Initial stack pointer, then the exception handlers (reset, NMI, hard fault, mem manage, bus
// fault, usage fault).
__attribute__((section(".vectors"), used)) void (*const vector_table[])() = {
    reinterpret_cast<void (*)()>(__stack_top), reset_handler, fault_handler, fault_handler,
    fault_handler, fault_handler, fault_handler,
};
}

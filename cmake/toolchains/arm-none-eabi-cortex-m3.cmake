# Cross build for Arm Cortex-M3 (no FPU: floating point in software, from libgcc) with the GNU
# Arm Embedded toolchain and newlib-nano. QEMU models it as the mps2-an385 board.
set(WRT_ARM_CPU_FLAGS "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft"
    CACHE STRING "CPU flags of the Cortex-M3 build")
# The QEMU board the demo firmware runs on (empty: build only).
set(WRT_QEMU_BOARD "mps2-an385" CACHE STRING "qemu-system-arm -M board for the firmware test")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)

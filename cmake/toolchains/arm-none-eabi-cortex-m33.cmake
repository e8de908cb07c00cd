# Cross build for Arm Cortex-M33 (Armv8-M Mainline, single-precision FPU) with the GNU Arm
# Embedded toolchain and newlib-nano. Built, not run: QEMU's M33 boards (mps2-an505) have a
# different memory map from the demo firmware's linker script.
set(WRT_ARM_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16"
    CACHE STRING "CPU flags of the Cortex-M33 build")
# The QEMU board the demo firmware runs on (empty: build only).
set(WRT_QEMU_BOARD "" CACHE STRING "qemu-system-arm -M board for the firmware test")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)

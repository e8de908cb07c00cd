# Cross build for Arm Cortex-M4 (with FPU, as on the M4F parts WRT is compared on) using the
# GNU Arm Embedded toolchain and newlib-nano. Debian: gcc-arm-none-eabi,
# libstdc++-arm-none-eabi-newlib, libnewlib-arm-none-eabi.
set(WRT_ARM_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16"
    CACHE STRING "CPU flags of the Cortex-M4 build")
# The QEMU board the demo firmware runs on (empty: build only).
set(WRT_QEMU_BOARD "mps2-an386" CACHE STRING "qemu-system-arm -M board for the firmware test")
include(${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi-common.cmake)

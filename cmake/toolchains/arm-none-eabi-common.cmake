# Shared part of the arm-none-eabi toolchain files; the including file sets WRT_ARM_CPU_FLAGS.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)

# There is no OS to link test executables against while probing the compiler.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "${WRT_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections")
# -Wno-psabi: GCC notes an ABI change of GCC 7.1 for passing std::span; nothing to act on.
set(CMAKE_CXX_FLAGS_INIT "${WRT_ARM_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-threadsafe-statics -Wno-psabi")
set(CMAKE_ASM_FLAGS_INIT "${WRT_ARM_CPU_FLAGS}")
set(CMAKE_EXE_LINKER_FLAGS_INIT "${WRT_ARM_CPU_FLAGS} --specs=nano.specs -Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

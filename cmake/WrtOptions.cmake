# Build options of WRT. Every option that changes what the code compiles to ends up in the
# generated header <wrt/config.hpp>, so an installed WRT carries its configuration with it and
# the code branches on one set of macros (see include/wrt/platform.hpp).

set(WRT_PROFILE "hosted" CACHE STRING "hosted | freestanding-alloc | freestanding")
set_property(CACHE WRT_PROFILE PROPERTY STRINGS hosted freestanding-alloc freestanding)

set(WRT_PROFILE_HOSTED 0)
set(WRT_PROFILE_FREESTANDING_ALLOC 0)
set(WRT_PROFILE_FREESTANDING 0)
if(WRT_PROFILE STREQUAL "hosted")
  set(WRT_PROFILE_HOSTED 1)
elseif(WRT_PROFILE STREQUAL "freestanding-alloc")
  set(WRT_PROFILE_FREESTANDING_ALLOC 1)
elseif(WRT_PROFILE STREQUAL "freestanding")
  set(WRT_PROFILE_FREESTANDING 1)
else()
  message(FATAL_ERROR "WRT_PROFILE must be hosted, freestanding-alloc or freestanding (got '${WRT_PROFILE}')")
endif()

# What a plain configure builds: the libraries an application links, and, at the top level of a
# native hosted build, the wrt-run command. Tests, examples and benchmarks are WRT's own and are
# built only when asked for (the presets ask), so that an application using WRT through
# find_package or add_subdirectory builds the library alone.
if(WRT_PROFILE_HOSTED AND NOT CMAKE_CROSSCOMPILING AND PROJECT_IS_TOP_LEVEL)
  set(_wrt_cli_default ON)
else()
  set(_wrt_cli_default OFF)
endif()

option(WRT_BUILD_TESTS "Build the unit and spec tests (needs GoogleTest, wabt, clang for wasm32-wasi)" OFF)
option(WRT_BUILD_EXAMPLES "Build the examples" OFF)
option(WRT_BUILD_BENCHMARKS "Build the benchmarks (Google Benchmark)" OFF)
option(WRT_BUILD_CLI "Build the wrt-run command (hosted; needs fmt, CLI11 and nlohmann_json)" ${_wrt_cli_default})
if(CMAKE_CROSSCOMPILING AND CMAKE_SYSTEM_PROCESSOR STREQUAL "arm" AND PROJECT_IS_TOP_LEVEL)
  set(_wrt_firmware_default ON)
else()
  set(_wrt_firmware_default OFF)
endif()
option(WRT_BUILD_FIRMWARE "Build the Cortex-M demo firmware (examples/cortex-m) and its QEMU test" ${_wrt_firmware_default})
set(WRT_DISPATCH "goto" CACHE STRING "Interpreter dispatch: goto (computed goto, GCC/Clang) or switch")
set_property(CACHE WRT_DISPATCH PROPERTY STRINGS goto switch)
if(WRT_DISPATCH STREQUAL "goto")
  set(WRT_DISPATCH_COMPUTED_GOTO 1)
elseif(WRT_DISPATCH STREQUAL "switch")
  set(WRT_DISPATCH_COMPUTED_GOTO 0)
else()
  message(FATAL_ERROR "WRT_DISPATCH must be goto or switch")
endif()
# option() that the config header also sees, as <NAME>_VALUE = 1 or 0.
macro(wrt_config_option name doc default)
  option(${name} "${doc}" ${default})
  if(${name})
    set(${name}_VALUE 1)
  else()
    set(${name}_VALUE 0)
  endif()
endmacro()
wrt_config_option(WRT_ENABLE_SIMD "Compile in the SIMD instructions (off: a smaller interpreter that rejects SIMD modules)" ON)
# WebAssembly 3.0 proposals (issue 16): compiled in by default; a build can leave one out (the
# firmware presets do), and the decoder then rejects modules that use it.
wrt_config_option(WRT_ENABLE_TAIL_CALL "Compile in tail calls (return_call, ...)" ON)
wrt_config_option(WRT_ENABLE_EXCEPTIONS "Compile in exception handling (tags, throw, try_table, exnref; legacy try/catch)" ON)
wrt_config_option(WRT_ENABLE_FUNCTION_REFERENCES "Compile in typed function references ((ref null? ht), call_ref, ...)" ON)
wrt_config_option(WRT_ENABLE_WIDE_ARITHMETIC "Compile in wide arithmetic (i64.add128, i64.sub128, i64.mul_wide_s/u)" ON)
wrt_config_option(WRT_ENABLE_EXTENDED_CONST "Compile in extended constant expressions (i32/i64 add, sub, mul)" ON)
wrt_config_option(WRT_MEMORY_PROPOSALS "Compile in multi-memory, memory64/table64 and custom page sizes (off: firmware without them)" ON)
wrt_config_option(WRT_FUSED_OPS "Interpreter fused operations and constant pool (off: about 11 KB smaller on Cortex-M4, slower)" ON)
wrt_config_option(WRT_OPCODE_NAMES "Compile in the opcode names for error messages (off: about 5 KB smaller)" ON)
wrt_config_option(WRT_NAME_SECTION "Decode the name section, for names in backtraces (off: smaller)" ON)
option(WRT_STATIC_CLI "Link wrt-run statically and build its command-line layers for size (faster start, less memory)" OFF)
option(WRT_FUZZ "Build the fuzz targets as libFuzzer binaries (needs clang)" OFF)
option(WRT_WARNINGS_AS_ERRORS "Treat warnings in WRT's own code as errors" ON)
set(WRT_SANITIZE "" CACHE STRING "Sanitizers for everything built here, e.g. 'address;undefined'")

# Capacities of the error type. They bound the size of every Result<T>, so embedded builds
# may want them smaller.
set(WRT_ERROR_MAX_CONTEXTS 4 CACHE STRING "Context entries an Error keeps (with_context)")
# Hosted builds keep room for two component types in a signature mismatch; embedded ones stay small.
if(WRT_PROFILE_HOSTED)
  set(WRT_ERROR_DETAIL_DEFAULT 112)
else()
  set(WRT_ERROR_DETAIL_DEFAULT 48)
endif()
set(WRT_ERROR_DETAIL_CAPACITY ${WRT_ERROR_DETAIL_DEFAULT} CACHE STRING "Bytes of dynamic detail text an Error keeps")
set(WRT_BACKTRACE_FRAMES 32 CACHE STRING "Frames a trap's backtrace keeps (part of every Thread)")

# Where the shared test data (spec tests, component-model tests) lives.
set(WRT_SHARED_DIR "${PROJECT_SOURCE_DIR}/../shared" CACHE PATH "The shared data directory beside the project")

# One place that turns the options into code: the generated config header.
set(WRT_GENERATED_INCLUDE_DIR "${PROJECT_BINARY_DIR}/generated/include")
configure_file("${PROJECT_SOURCE_DIR}/cmake/config.hpp.in"
               "${WRT_GENERATED_INCLUDE_DIR}/wrt/config.hpp" @ONLY)

find_program(WRT_CCACHE ccache)
if(WRT_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${WRT_CCACHE}")
  set(CMAKE_C_COMPILER_LAUNCHER "${WRT_CCACHE}")
endif()

message(STATUS "WRT ${PROJECT_VERSION}: profile ${WRT_PROFILE}, wrt-run ${WRT_BUILD_CLI}, tests ${WRT_BUILD_TESTS}, "
               "examples ${WRT_BUILD_EXAMPLES}, benchmarks ${WRT_BUILD_BENCHMARKS}, SIMD ${WRT_ENABLE_SIMD}, "
               "sanitizers '${WRT_SANITIZE}'")

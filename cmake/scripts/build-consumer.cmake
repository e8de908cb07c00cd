cmake_minimum_required(VERSION 3.25)
# Builds examples/quickstart as an outside project would, and runs it.
#
#   cmake -DMODE=subdirectory|package -DWRT_SOURCE_DIR=... -DWRT_BUILD_DIR=... -DWORK_DIR=...
#         -DGENERATOR=... -DCXX=... -DBUILD_TYPE=... [-DSANITIZE=address,undefined] -DRUN_ARG=<wasm>
#         -P build-consumer.cmake
#
# subdirectory: the consumer adds the WRT source tree with add_subdirectory().
# package:      WRT is installed from WRT_BUILD_DIR into a prefix; the consumer uses
#               find_package(wrt CONFIG). A sanitized WRT needs a sanitized consumer, so the
#               same -fsanitize flags are passed on.

foreach(var MODE WRT_SOURCE_DIR WORK_DIR GENERATOR CXX RUN_ARG)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build-consumer.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

set(flags "")
if(SANITIZE)
  set(flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer -fno-sanitize=vptr")
endif()
set(configure_args
  -S "${WRT_SOURCE_DIR}/examples/quickstart" -B "${WORK_DIR}/build" -G "${GENERATOR}"
  "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}")

if(MODE STREQUAL "package")
  execute_process(COMMAND "${CMAKE_COMMAND}" --install "${WRT_BUILD_DIR}" --prefix "${WORK_DIR}/prefix"
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  if(NOT EXISTS "${WORK_DIR}/prefix/lib/cmake/wrt/wrtConfig.cmake" AND
     NOT EXISTS "${WORK_DIR}/prefix/lib64/cmake/wrt/wrtConfig.cmake")
    message(FATAL_ERROR "the install has no wrtConfig.cmake")
  endif()
  list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
elseif(MODE STREQUAL "subdirectory")
  list(APPEND configure_args "-DWRT_SOURCE_DIR=${WRT_SOURCE_DIR}")
else()
  message(FATAL_ERROR "MODE must be subdirectory or package")
endif()

execute_process(COMMAND "${CMAKE_COMMAND}" ${configure_args} OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" -j 2 OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${WORK_DIR}/build/wrt_quickstart" "${RUN_ARG}"
                OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
if(NOT out MATCHES "primes below 100000: 9592")
  message(FATAL_ERROR "unexpected output from the consumer:\n${out}")
endif()
message("${out}")

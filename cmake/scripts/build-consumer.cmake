cmake_minimum_required(VERSION 3.25)
# Builds the examples as outside projects would, with WRT as a dependency, and runs them.
#
#   cmake -DMODE=subdirectory|package -DWRT_SOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=...
#         -DCXX=... -DBUILD_TYPE=... [-DSANITIZE=address,undefined] -DEXAMPLES_DIR=<built wasm>
#         -P build-consumer.cmake
#
# subdirectory: examples/walkthrough adds the WRT source tree with add_subdirectory(), which
#               must give it the library alone (the walkthrough checks that no command, test or
#               example target came with it).
# package:      WRT is configured from its source with the defaults a find_package user gets
#               (the library alone: no tests, examples or benchmarks; -DWRT_BUILD_CLI=OFF as
#               the README says), built and installed into a prefix; the quickstart (which
#               uses fmt) and the walkthrough (wrt::wrt alone) are built with find_package(wrt).
# A sanitized test build passes its -fsanitize flags on to every build here.

foreach(var MODE WRT_SOURCE_DIR WORK_DIR GENERATOR CXX EXAMPLES_DIR)
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
set(common_args -G "${GENERATOR}" "-DCMAKE_CXX_COMPILER=${CXX}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
  "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}")

# build(<example> <extra configure args>...): configures and builds examples/<example>.
function(build example)
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WRT_SOURCE_DIR}/examples/${example}" -B "${WORK_DIR}/${example}"
                          ${common_args} ${ARGN}
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/${example}" -j 2 OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
endfunction()

# run(<example> <regex> <args>...): runs it; its output must match.
function(run example regex)
  execute_process(COMMAND "${WORK_DIR}/${example}/wrt_${example}" ${ARGN}
                  OUTPUT_VARIABLE out COMMAND_ERROR_IS_FATAL ANY)
  message("${out}")
  if(NOT out MATCHES "${regex}")
    message(FATAL_ERROR "unexpected output from the ${example} consumer, expected: ${regex}")
  endif()
endfunction()

set(walkthrough_output "as expected: missing-plugin.wasm: cannot read the file: No such file or directory\nplugin says: hello, Ada!\ntrapped: .*require_positive: not positive.*\n  at 0x[0-9a-f]+ .*checked_double.*hello from WebAssembly\narg 1: from\narg 2: the\narg 3: API\n.*hello.wasm exited with 0")

if(MODE STREQUAL "subdirectory")
  build(walkthrough "-DWRT_SOURCE_DIR=${WRT_SOURCE_DIR}")
  run(walkthrough "${walkthrough_output}" "${EXAMPLES_DIR}/plugin.wasm" "${EXAMPLES_DIR}/hello.wasm")
elseif(MODE STREQUAL "package")
  execute_process(COMMAND "${CMAKE_COMMAND}" -S "${WRT_SOURCE_DIR}" -B "${WORK_DIR}/wrt" ${common_args} -DWRT_BUILD_CLI=OFF
                  OUTPUT_VARIABLE configured COMMAND_ERROR_IS_FATAL ANY)
  if(NOT configured MATCHES "wrt-run OFF, tests OFF, examples OFF, benchmarks OFF")
    message(FATAL_ERROR "a plain configure of WRT builds more than the library:\n${configured}")
  endif()
  execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/wrt" -j 2 OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND "${CMAKE_COMMAND}" --install "${WORK_DIR}/wrt" --prefix "${WORK_DIR}/prefix"
                  OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  if(NOT EXISTS "${WORK_DIR}/prefix/lib/cmake/wrt/wrtConfig.cmake" AND
     NOT EXISTS "${WORK_DIR}/prefix/lib64/cmake/wrt/wrtConfig.cmake")
    message(FATAL_ERROR "the install has no wrtConfig.cmake")
  endif()
  build(walkthrough "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
  run(walkthrough "${walkthrough_output}" "${EXAMPLES_DIR}/plugin.wasm" "${EXAMPLES_DIR}/hello.wasm")
  build(quickstart "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
  run(quickstart "primes below 100000: 9592" "${EXAMPLES_DIR}/primes.wasm")
else()
  message(FATAL_ERROR "MODE must be subdirectory or package")
endif()

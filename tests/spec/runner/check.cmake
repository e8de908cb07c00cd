cmake_minimum_required(VERSION 3.25)
# The spec runner reads the WebAssembly 3.0 manifest forms, and a bad manifest fails only its
# command: assembles the modules, runs manifest.json and compares every FAIL line and the counts.
#   cmake -DWRT_RUN=<wrt-run> -DWAT2WASM=<wat2wasm> -DSRC=<this folder> -DOUT=<dir> -P check.cmake
file(MAKE_DIRECTORY "${OUT}")
foreach(name exporter other importer)
  execute_process(COMMAND "${WAT2WASM}" "${SRC}/${name}.wat" -o "${OUT}/${name}.wasm" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wat2wasm failed on ${name}.wat")
  endif()
endforeach()
configure_file("${SRC}/manifest.json" "${OUT}/manifest.json" COPYONLY)
execute_process(COMMAND "${WRT_RUN}" wast "${OUT}/manifest.json" OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}${err}")
string(REGEX MATCHALL "FAIL runner.wast:[0-9]+ [a-z_]+" fails "${out}")
set(expected_fails
  "FAIL runner.wast:3 assert_return"       # a null is not "any non-null funcref"
  "FAIL runner.wast:6 assert_return"       # expected i32 without a value: bad manifest
  "FAIL runner.wast:8 assert_return"       # none of the alternatives
  "FAIL runner.wast:16 assert_return"      # no "expected": no results expected, one returned
  "FAIL runner.wast:17 assert_trap"        # no action: bad manifest
  "FAIL runner.wast:18 assert_exception")  # returned normally
if(NOT "${fails}" STREQUAL "${expected_fails}")
  message(FATAL_ERROR "FAIL lines differ:\n  got      ${fails}\n  expected ${expected_fails}")
endif()
foreach(pattern "runner.wast:6 assert_return: bad manifest" "runner.wast:17 assert_trap: bad manifest"
                "assert_return: 7/11" "assert_exception: 0/1" "assert_trap: 0/1" "7 passed, 6 failed")
  string(FIND "${out}" "${pattern}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "output lacks \"${pattern}\"")
  endif()
endforeach()
if(rc EQUAL 0)
  message(FATAL_ERROR "wrt-run wast exited 0 although commands failed")
endif()

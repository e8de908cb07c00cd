cmake_minimum_required(VERSION 3.25)
# Runs one folder of the official spec tests through `wrt-run wast`.
#
#   cmake -DWAST2JSON=<wast2json> -DWRT_RUN=<wrt-run> -DSUITE=<testsuite dir> -DFOLDER=<core|core/simd|...>
#         -DOUT=<dir> [-DFLAGS=<wast2json flags>] [-DKINDS=<kind,kind>] [-DKNOWN=<known failures file>]
#         [-DRUN_FLAGS=<wrt-run wast options>]
#         -P run-spec.cmake
#
# Each .wast is converted with wast2json (at test time, into OUT) from inside SUITE, so the
# scripts name their sources like "core/i32.wast". The folder passes when every FAIL line that
# wrt-run prints is listed in KNOWN (lines "<file>:<line> <reason>"), and every listed failure
# still fails: the list can only shrink.

# With -DCONVERTED=ON the folder holds scripts converted already (SUITE/FOLDER/<name>/<name>.json,
# as ../shared/component-model/json and ../shared/testsuite/wasm-3.0 do).
#
# With -DSCRIPT_LIST=<file> (lines: a script's path relative to SUITE, '#' comments), a converted
# folder runs only the scripts in the list (-DSCRIPT_LIST_MODE=only) or all but those
# (-DSCRIPT_LIST_MODE=except); -DALL_FOLDERS=ON takes the listed scripts from every folder
# (FOLDER then only names the test). The WebAssembly 3.0 suite counts the scripts that need
# garbage collection apart this way.
#
# A known failure belongs to this run when its file is the source_filename of a script that
# ran; only those must still fail.
if(CONVERTED)
  set(required WRT_RUN SUITE FOLDER)
else()
  set(required WAST2JSON WRT_RUN SUITE FOLDER OUT)
endif()
foreach(var ${required})
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-spec.cmake: ${var} is not set")
  endif()
endforeach()
if(NOT ALL_FOLDERS AND NOT IS_DIRECTORY "${SUITE}/${FOLDER}")
  message(FATAL_ERROR "spec tests not found: ${SUITE}/${FOLDER} (the shared data must be beside the project)")
endif()

file(GLOB wasts RELATIVE "${SUITE}" "${SUITE}/${FOLDER}/*.wast")
# EXCLUDE: scripts (file names) wast2json cannot convert; printed, never silently left out.
set(excluded_note "")
foreach(name IN LISTS EXCLUDE)
  list(REMOVE_ITEM wasts "${FOLDER}/${name}")
  string(APPEND excluded_note "not run (wast2json cannot convert it): ${FOLDER}/${name}\n")
endforeach()
if(CONVERTED)
  set(wasts "")
endif()
list(SORT wasts)
separate_arguments(flag_list UNIX_COMMAND "${FLAGS}")
set(jsons "")
foreach(wast IN LISTS wasts)
  get_filename_component(name "${wast}" NAME_WE)
  set(dir "${OUT}/${FOLDER}/${name}")
  set(json "${dir}/${name}.json")
  if(NOT EXISTS "${json}" OR "${SUITE}/${wast}" IS_NEWER_THAN "${json}")
    file(REMOVE_RECURSE "${dir}")
    file(MAKE_DIRECTORY "${dir}")
    execute_process(COMMAND "${WAST2JSON}" ${flag_list} "${wast}" -o "${json}"
                    WORKING_DIRECTORY "${SUITE}" RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "wast2json failed on ${wast}: ${err}")
    endif()
  endif()
  list(APPEND jsons "${json}")
endforeach()
if(CONVERTED)
  file(GLOB jsons "${SUITE}/${FOLDER}/*/*.json")
  if(SCRIPT_LIST)
    file(STRINGS "${SCRIPT_LIST}" listed REGEX "^[^#]")
    list(TRANSFORM listed STRIP)
    list(TRANSFORM listed PREPEND "${SUITE}/")
    if(ALL_FOLDERS)
      set(jsons ${listed})
    elseif(SCRIPT_LIST_MODE STREQUAL "only")
      list(FILTER jsons INCLUDE REGEX ".")  # keep the glob's order, then intersect
      set(kept "")
      foreach(json IN LISTS jsons)
        if(json IN_LIST listed)
          list(APPEND kept "${json}")
        endif()
      endforeach()
      set(jsons ${kept})
    else()
      list(REMOVE_ITEM jsons ${listed})
    endif()
    foreach(json IN LISTS jsons)
      if(NOT EXISTS "${json}")
        message(FATAL_ERROR "${SCRIPT_LIST} lists ${json}, which does not exist")
      endif()
    endforeach()
  endif()
  list(SORT jsons)
endif()
list(LENGTH jsons count)

# The source names the scripts report (their "source_filename").
set(sources "")
foreach(json IN LISTS jsons)
  file(READ "${json}" head LIMIT 400)
  if(head MATCHES "\"source_filename\": *\"([^\"]*)\"")
    list(APPEND sources "${CMAKE_MATCH_1}")
  endif()
endforeach()

set(kind_args "")
if(KINDS)
  set(kind_args "--kinds=${KINDS}")
endif()
# RUN_FLAGS: more options for `wrt-run wast`, e.g. "--disable=3.0" (a WebAssembly 2.0 engine).
separate_arguments(run_flag_list UNIX_COMMAND "${RUN_FLAGS}")
execute_process(COMMAND "${WRT_RUN}" wast ${kind_args} ${run_flag_list} ${jsons}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# Kept for the tests that compare other ways of running the same scripts (compare-wast.cmake).
if(SAVE_OUTPUT)
  file(WRITE "${SAVE_OUTPUT}" "${out}")
endif()

# FAIL lines found, as "<file>:<line>".
string(REGEX MATCHALL "FAIL [^ \n]+" fail_tokens "${out}")
set(failed "")
foreach(token IN LISTS fail_tokens)
  string(REPLACE "FAIL " "" where "${token}")
  list(APPEND failed "${where}")
endforeach()

set(known "")
if(KNOWN AND EXISTS "${KNOWN}")
  file(STRINGS "${KNOWN}" known_lines REGEX "^[^#]")
  foreach(line IN LISTS known_lines)
    string(REGEX MATCH "^[^ ]+" where "${line}")
    list(APPEND known "${where}")
  endforeach()
endif()

set(unexpected "")
foreach(where IN LISTS failed)
  if(NOT where IN_LIST known)
    list(APPEND unexpected "${where}")
  endif()
endforeach()
set(fixed "")
foreach(where IN LISTS known)
  string(REGEX REPLACE ":[0-9]+$" "" known_source "${where}")
  if(known_source IN_LIST sources AND NOT where IN_LIST failed)
    list(APPEND fixed "${where}")
  endif()
endforeach()

# The log shows the failures and the folder's counts.
string(REGEX MATCHALL "FAIL [^\n]*\n" fail_lines "${out}")
list(LENGTH fail_lines fail_count)
if(fail_count GREATER 50)
  list(SUBLIST fail_lines 0 50 fail_lines)
  list(APPEND fail_lines "... and more FAIL lines\n")
endif()
# The count lines: those that start with a kind (FAIL lines mention kinds too).
string(REPLACE ";" "\\;" out_escaped "${out}")
string(REPLACE "\n" ";" out_lines "${out_escaped}")
set(summary "")
foreach(line IN LISTS out_lines)
  if(line MATCHES "^(assert_[a-z_]+|component|[0-9]+ passed)")
    string(APPEND summary "${line}\n")
  endif()
endforeach()
string(JOIN "" fail_text ${fail_lines})
set(summary_text "${summary}")
message("${fail_text}${excluded_note}spec folder ${FOLDER} (${count} scripts${KINDS_NOTE}):\n${summary_text}")
if(err)
  message("stderr: ${err}")
endif()

if(unexpected)
  list(LENGTH unexpected n)
  message(FATAL_ERROR "${n} failure(s) not in the known-failures list")
endif()
if(fixed)
  list(JOIN fixed "\n  " fixed_text)
  message(FATAL_ERROR "these known failures now pass; remove them from ${KNOWN}:\n  ${fixed_text}")
endif()
if(NOT rc EQUAL 0 AND NOT failed)
  message(FATAL_ERROR "wrt-run wast exited with ${rc} without FAIL lines")
endif()

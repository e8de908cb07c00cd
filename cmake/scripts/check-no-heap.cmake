cmake_minimum_required(VERSION 3.25)
# Checks that object files, archives or linked images reference no heap function.
#
#   cmake -DNM=<nm> -DFILES=<file;file> [-DEXPECT_HEAP=ON] -P check-no-heap.cmake
#
# The pure freestanding profile promises an image without malloc/free/operator new/delete;
# this looks at every symbol of each file: undefined ones (what an object or archive calls) and
# defined ones (what a statically linked image contains). With EXPECT_HEAP the check is
# inverted, to show on a hosted build that it does detect heap use.

if(NOT NM OR NOT FILES)
  message(FATAL_ERROR "usage: cmake -DNM=<nm> -DFILES=<files> [-DEXPECT_HEAP=ON] -P check-no-heap.cmake")
endif()

# C allocation functions, and operator new/new[]/delete/delete[] in all their overloads
# (the size argument mangles as m on 64-bit hosts and j on 32-bit ARM).
set(_heap_regex "^(malloc|calloc|realloc|free|aligned_alloc|posix_memalign|memalign|valloc|pvalloc|_Znw[jmy].*|_Zna[jmy].*|_ZdlPv.*|_ZdaPv.*)$")

set(_found "")
foreach(_file IN LISTS FILES)
  if(NOT EXISTS "${_file}")
    message(FATAL_ERROR "no such file: ${_file}")
  endif()
  execute_process(COMMAND "${NM}" "${_file}" OUTPUT_VARIABLE _out ERROR_VARIABLE _err RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${NM} failed on ${_file}: ${_err}")
  endif()
  string(REPLACE "\n" ";" _lines "${_out}")
  foreach(_line IN LISTS _lines)
    string(STRIP "${_line}" _line)
    if(_line MATCHES "^([0-9a-fA-F]+[ \t]+)?[A-Za-z][ \t]+([^ \t@]+)$")
      set(_symbol "${CMAKE_MATCH_2}")
      if(_symbol MATCHES "${_heap_regex}")
        get_filename_component(_name "${_file}" NAME)
        list(APPEND _found "${_name}: ${_symbol}")
      endif()
    endif()
  endforeach()
endforeach()

list(REMOVE_DUPLICATES _found)
list(LENGTH FILES _count)
if(EXPECT_HEAP)
  if(NOT _found)
    message(FATAL_ERROR "expected heap references in ${FILES}, found none: the check would be vacuous")
  endif()
  list(JOIN _found ", " _list)
  message(STATUS "heap references detected as expected: ${_list}")
else()
  if(_found)
    list(JOIN _found "\n  " _list)
    message(FATAL_ERROR "heap references in a no-heap build:\n  ${_list}")
  endif()
  message(STATUS "no heap references in ${_count} file(s)")
endif()

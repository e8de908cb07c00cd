# Runs the Cortex-M demo firmware under QEMU (mps2-an386, semihosting), checks that it passed,
# and prints the runtime's footprint from the linker map:
#
#   runtime flash: <bytes>   code and read-only data of the WRT libraries in the image
#                            (.text, .rodata, .ARM.exidx/.ARM.extab, and the .data initializers)
#   runtime ram: <bytes>     their static data (.data, .bss), plus what the firmware reports it
#                            used: the module and store arenas (high-water marks), the value and
#                            frame stacks, and the Store/Thread/ModuleDescription objects; the
#                            module's linear memory is not counted
#
#   cmake -DQEMU=qemu-system-arm -DIMAGE=firmware.elf -DMAP=firmware.map -P run-firmware.cmake
execute_process(
  COMMAND ${QEMU} -M mps2-an386 -nographic -monitor none -serial none
          -semihosting-config enable=on,target=native -kernel ${IMAGE}
  OUTPUT_VARIABLE output ERROR_VARIABLE output RESULT_VARIABLE status TIMEOUT 60)
message("${output}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the firmware exited with status ${status}")
endif()
if(NOT output MATCHES "all results are right")
  message(FATAL_ERROR "the firmware did not report success")
endif()

# What the firmware used at run time.
set(used 0)
foreach(item "arena module" "arena store" "stacks" "runtime objects")
  if(NOT output MATCHES "${item}: ([0-9]+)")
    message(FATAL_ERROR "the firmware did not report '${item}'")
  endif()
  math(EXPR used "${used} + ${CMAKE_MATCH_1}")
endforeach()

# Input sections that come from the WRT libraries (libwrt_*.a), by kind. In the map, a long
# section name is on its own line and its address, size and file on the next.
file(STRINGS ${MAP} lines)
# Only what was linked: the map first lists the input sections --gc-sections discarded.
list(FIND lines "Linker script and memory map" start)
if(start LESS 0)
  message(FATAL_ERROR "${MAP} is not a GNU ld map")
endif()
list(SUBLIST lines ${start} -1 lines)
set(flash 0)
set(static_ram 0)
set(pending "")
foreach(line IN LISTS lines)
  if(line MATCHES "^ (\\.[^ ]+)$")
    set(pending "${CMAKE_MATCH_1}")
    continue()
  endif()
  set(section "")
  set(rest "")
  if(line MATCHES "^ (\\.[^ ]+) +0x[0-9a-f]+ +0x([0-9a-f]+) +(.*)$")
    set(section "${CMAKE_MATCH_1}")
    set(size_hex "${CMAKE_MATCH_2}")
    set(file "${CMAKE_MATCH_3}")
  elseif(pending AND line MATCHES "^ +0x[0-9a-f]+ +0x([0-9a-f]+) +(.*)$")
    set(section "${pending}")
    set(size_hex "${CMAKE_MATCH_1}")
    set(file "${CMAKE_MATCH_2}")
  endif()
  set(pending "")
  if(NOT section OR NOT file MATCHES "libwrt_[a-z_]+\\.a\\(")
    continue()
  endif()
  math(EXPR size "0x${size_hex}")
  if(section MATCHES "^\\.(text|rodata|ARM\\.exidx|ARM\\.extab)")
    math(EXPR flash "${flash} + ${size}")
  elseif(section MATCHES "^\\.data")
    math(EXPR flash "${flash} + ${size}")
    math(EXPR static_ram "${static_ram} + ${size}")
  elseif(section MATCHES "^\\.bss")
    math(EXPR static_ram "${static_ram} + ${size}")
  endif()
endforeach()
math(EXPR ram "${static_ram} + ${used}")
message("runtime flash: ${flash}")
message("runtime ram: ${ram}")

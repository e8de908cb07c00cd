# Runs the Cortex-M demo firmware under QEMU (an MPS2 board, semihosting), checks that it passed,
# and prints the runtime's footprint from the linker map:
#
#   runtime flash: <bytes>   code and read-only data of the WRT libraries in the image
#                            (.text, .rodata, .ARM.exidx/.ARM.extab, and the .data initializers)
#   runtime ram: <bytes>     their static data (.data, .bss), plus what the firmware reports it
#                            used: the module and store arenas (high-water marks), the value and
#                            frame stacks, and the Store/Thread/ModuleDescription objects; the
#                            module's linear memory is not counted
#
#   cmake -DQEMU=qemu-system-arm -DBOARD=mps2-an386 -DIMAGE=firmware.elf -DMAP=firmware.map -P run-firmware.cmake
execute_process(
  COMMAND ${QEMU} -M ${BOARD} -nographic -monitor none -serial none
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

# The WRT libraries' share of the image: the output sections' sizes minus every input section
# that does not come from a libwrt_*.a archive. (Summing WRT's own input sections instead would
# count the string literals that the linker merges once per object.) In the map, a long input
# section name is on its own line, with its address, size and file on the next.
file(READ ${MAP} map)
# Only what was linked: the map first lists the input sections --gc-sections discarded.
string(FIND "${map}" "Linker script and memory map" start)
if(start LESS 0)
  message(FATAL_ERROR "${MAP} is not a GNU ld map")
endif()
string(SUBSTRING "${map}" ${start} -1 map)
# Into a CMake list of lines: brackets and semicolons (in demangled names) would break it.
string(REGEX REPLACE "[][;\\]" "_" map "${map}")
string(REPLACE "\n" ";" lines "${map}")
set(flash_total 0)
set(ram_total 0)
set(flash_other 0)
set(ram_other 0)
set(pending "")
set(fill 0)
foreach(line IN LISTS lines)
  # Output sections start in column 0.
  if(line MATCHES "^(\\.[A-Za-z_.]+) +0x[0-9a-f]+ +0x([0-9a-f]+)")
    set(output_section "${CMAKE_MATCH_1}")
    math(EXPR size "0x${CMAKE_MATCH_2}")
    if(output_section MATCHES "^\\.(text|ARM\\.exidx|ARM\\.extab)$")
      math(EXPR flash_total "${flash_total} + ${size}")
    elseif(output_section STREQUAL ".data")
      math(EXPR flash_total "${flash_total} + ${size}")  # its initial values are in flash
      math(EXPR ram_total "${ram_total} + ${size}")
    elseif(output_section STREQUAL ".bss")
      math(EXPR ram_total "${ram_total} + ${size}")
    endif()
    set(pending "")
    continue()
  endif()
  if(line MATCHES "^ (\\.[^ ]+)$")
    set(pending "${CMAKE_MATCH_1}")
    continue()
  endif()
  # Alignment padding belongs to the section after it, whose alignment asked for it: newlib's
  # strlen is 64-byte aligned, and the gap before it would otherwise count as WRT's and make
  # the figure move in steps that have nothing to do with WRT's code.
  if(line MATCHES "^ \\*fill\\* +0x[0-9a-f]+ +0x([0-9a-f]+)")
    math(EXPR fill "0x${CMAKE_MATCH_1}")
    continue()
  endif()
  set(section "")
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
  if(NOT section)
    continue()
  endif()
  set(padding ${fill})
  set(fill 0)
  if(file MATCHES "libwrt_[a-z_]+\\.a\\(")
    continue()
  endif()
  math(EXPR size "0x${size_hex} + ${padding}")
  if(section MATCHES "^\\.(text|rodata|ARM\\.exidx|ARM\\.extab|init_array)")
    math(EXPR flash_other "${flash_other} + ${size}")
  elseif(section MATCHES "^\\.data")
    math(EXPR flash_other "${flash_other} + ${size}")
    math(EXPR ram_other "${ram_other} + ${size}")
  elseif(section MATCHES "^\\.bss|^COMMON")
    math(EXPR ram_other "${ram_other} + ${size}")
  endif()
endforeach()
math(EXPR flash "${flash_total} - ${flash_other}")
math(EXPR static_ram "${ram_total} - ${ram_other}")
math(EXPR ram "${static_ram} + ${used}")
message("image flash: ${flash_total} (runtime ${flash}, firmware and C library ${flash_other})")
message("runtime static data: ${static_ram}")
message("runtime flash: ${flash}")
message("runtime ram: ${ram}")

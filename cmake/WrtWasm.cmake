# Compiling C to WebAssembly at build time (examples, WASI tests, benchmark workloads).
#
# Needs a clang that targets wasm32-wasi with a WASI sysroot (Debian: clang, lld, wasi-libc,
# libclang-rt-14-dev-wasm32; scripts/setup-debian.sh installs them). WRT_HAVE_WASM_CLANG tells
# whether one works; nothing here is required to build the libraries.

find_program(WRT_WASM_CLANG NAMES clang clang-14 DOC "clang used to compile C to wasm32-wasi")
if(NOT DEFINED WRT_HAVE_WASM_CLANG AND WRT_WASM_CLANG)
  set(_probe_dir "${CMAKE_BINARY_DIR}/CMakeFiles/wrt-wasm-probe")
  file(MAKE_DIRECTORY "${_probe_dir}")
  file(WRITE "${_probe_dir}/probe.c" "#include <stdio.h>\nint main(void) { puts(\"ok\"); return 0; }\n")
  execute_process(
    COMMAND "${WRT_WASM_CLANG}" --target=wasm32-wasi -O2 "${_probe_dir}/probe.c" -o "${_probe_dir}/probe.wasm"
    RESULT_VARIABLE _probe_rc OUTPUT_QUIET ERROR_QUIET)
  if(_probe_rc EQUAL 0)
    set(WRT_HAVE_WASM_CLANG ON CACHE INTERNAL "clang can build wasm32-wasi programs")
    message(STATUS "WRT: C to wasm32-wasi compiler: ${WRT_WASM_CLANG}")
  endif()
endif()
if(NOT WRT_HAVE_WASM_CLANG)
  # Not cached, so that installing the toolchain and reconfiguring finds it.
  message(STATUS "WRT: no clang for wasm32-wasi (scripts/setup-debian.sh installs one)")
endif()

find_program(WRT_WASM_CLANGXX NAMES clang++ clang++-14 DOC "clang++ used to compile C++ to wasm32-wasi")

# wrt_add_wasm_program(<name> SOURCES <c or c++ files> [FLAGS <clang flags>] [OUTPUT <path>])
# C++ sources are compiled with clang++ (Debian: libc++-14-dev-wasm32), without exceptions.
# Builds <name>.wasm (in the current binary dir unless OUTPUT is given) as part of `all`;
# the path is in the target property WASM_FILE of the target <name>.
function(wrt_add_wasm_program name)
  cmake_parse_arguments(ARG "" "OUTPUT" "SOURCES;FLAGS" ${ARGN})
  if(NOT WRT_HAVE_WASM_CLANG)
    message(FATAL_ERROR "wrt_add_wasm_program(${name}): no clang for wasm32-wasi; run scripts/setup-debian.sh")
  endif()
  if(ARG_OUTPUT)
    set(out "${ARG_OUTPUT}")
  else()
    set(out "${CMAKE_CURRENT_BINARY_DIR}/${name}.wasm")
  endif()
  set(sources "")
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE)
    list(APPEND sources "${abs}")
  endforeach()
  set(compiler "${WRT_WASM_CLANG}")
  set(language_flags "")
  foreach(src IN LISTS sources)
    if(src MATCHES "\\.(cpp|cc)$")
      set(compiler "${WRT_WASM_CLANGXX}")
      set(language_flags -fno-exceptions)
    endif()
  endforeach()
  add_custom_command(OUTPUT "${out}"
    COMMAND "${compiler}" --target=wasm32-wasi -O2 -Wl,--strip-debug ${language_flags} ${ARG_FLAGS} ${sources} -o "${out}"
    DEPENDS ${sources}
    COMMENT "Compiling ${name}.wasm"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS "${out}")
  set_target_properties(${name} PROPERTIES WASM_FILE "${out}")
endfunction()

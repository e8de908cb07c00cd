include(GNUInstallDirs)

# How WRT's own libraries are built.
#
# Core layers (error ... component) compile without exceptions and RTTI in every profile and
# with a strict warning set, so one code base serves a Linux server and a Cortex-M. Hosted-only
# layers (wasi, cli) may use the full standard library but keep the same warnings.

if(WRT_SANITIZE)
  string(REPLACE ";" "," _wrt_sanitizers "${WRT_SANITIZE}")
  add_compile_options(-fsanitize=${_wrt_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_wrt_sanitizers})
  if("undefined" IN_LIST WRT_SANITIZE)
    # The vptr check needs RTTI, which the core layers are built without on purpose.
    add_compile_options(-fno-sanitize=vptr)
    add_link_options(-fno-sanitize=vptr)
  endif()
endif()

if(WRT_FUZZ)
  # Coverage instrumentation for everything, so the fuzzer sees inside the libraries.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

set(WRT_WARNING_FLAGS
  -Wall -Wextra -Wpedantic
  -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast -Wcast-align
  -Wnon-virtual-dtor -Woverloaded-virtual -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough -Wmissing-declarations -Wundef)
if(WRT_WARNINGS_AS_ERRORS)
  list(APPEND WRT_WARNING_FLAGS -Werror)
endif()

# -ffp-contract=off: WebAssembly rounds every float operation; a compiler contracting a * b + c
# inside a handler (the fused multiply-add handlers, on a target with FMA) would round once.
set(WRT_CORE_FLAGS -fno-exceptions -fno-rtti -ffp-contract=off -ffunction-sections -fdata-sections)

# Flags for any code of ours (core, hosted layers, tools); tests get the warnings without -Werror
# being forced on third-party headers because those are included as SYSTEM.
function(wrt_apply_warnings target)
  target_compile_options(${target} PRIVATE ${WRT_WARNING_FLAGS})
endfunction()

# wrt_add_library(<layer> [CORE] SOURCES ... [DEPENDS ...])
# Creates the static library wrt_<layer>, exported as wrt::<layer>.
function(wrt_add_library layer)
  cmake_parse_arguments(ARG "CORE" "" "SOURCES;DEPENDS" ${ARGN})
  set(target wrt_${layer})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(wrt::${layer} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${layer} OUTPUT_NAME wrt_${layer})
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_include_directories(${target}
    PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
      $<BUILD_INTERFACE:${WRT_GENERATED_INCLUDE_DIR}>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
    PRIVATE
      ${PROJECT_SOURCE_DIR}/src)
  if(ARG_DEPENDS)
    target_link_libraries(${target} PUBLIC ${ARG_DEPENDS})
  endif()
  wrt_apply_warnings(${target})
  if(ARG_CORE)
    target_compile_options(${target} PRIVATE ${WRT_CORE_FLAGS})
    set_property(GLOBAL APPEND PROPERTY WRT_CORE_LIBRARIES ${target})
  endif()
  set_property(GLOBAL APPEND PROPERTY WRT_ALL_LIBRARIES ${target})
endfunction()

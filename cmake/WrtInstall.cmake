# `cmake --install` gives headers, the static libraries and a package config, so that a
# consumer writes find_package(wrt CONFIG REQUIRED) and links wrt::wrt.

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

get_property(_wrt_libraries GLOBAL PROPERTY WRT_ALL_LIBRARIES)

install(TARGETS ${_wrt_libraries} wrt
  EXPORT wrtTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/wrt" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${WRT_GENERATED_INCLUDE_DIR}/wrt/config.hpp" DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wrt)

set(WRT_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/wrt)
install(EXPORT wrtTargets NAMESPACE wrt:: DESTINATION ${WRT_INSTALL_CMAKEDIR})

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/wrtConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/wrtConfig.cmake"
  INSTALL_DESTINATION ${WRT_INSTALL_CMAKEDIR})
write_basic_package_version_file("${PROJECT_BINARY_DIR}/wrtConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/wrtConfig.cmake" "${PROJECT_BINARY_DIR}/wrtConfigVersion.cmake"
  DESTINATION ${WRT_INSTALL_CMAKEDIR})

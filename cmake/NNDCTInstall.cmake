# Install rules and the exported CMake package: find_package(NNDCT) gives a
# consumer the NNDCT::NNDCTIR, NNDCT::NNDCTPasses, ... targets.
include(CMakePackageConfigHelpers)
get_property(nndct_libs GLOBAL PROPERTY NNDCT_EXPORTED_LIBS)
install(TARGETS ${nndct_libs} EXPORT NNDCTTargets
        ARCHIVE DESTINATION lib LIBRARY DESTINATION lib
        INCLUDES DESTINATION include/nndct)
install(FILES ${PROJECT_SOURCE_DIR}/tools/Registration.h DESTINATION include/nndct/tools)
install(EXPORT NNDCTTargets NAMESPACE NNDCT:: DESTINATION lib/cmake/nndct)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/NNDCTConfig.cmake.in
  ${PROJECT_BINARY_DIR}/NNDCTConfig.cmake INSTALL_DESTINATION lib/cmake/nndct)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/NNDCTConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/NNDCTConfig.cmake
              ${PROJECT_BINARY_DIR}/NNDCTConfigVersion.cmake
        DESTINATION lib/cmake/nndct)

# Thin wrappers so every folder declares its library the same way.
#
# nndct_add_library(NAME SOURCES... [LINK libs...]) — a static library whose
# headers sit beside its sources and install under include/nndct/<folder>.
function(nndct_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}>
    $<INSTALL_INTERFACE:include/nndct>)
  # MLIR/LLVM headers are a usage requirement of every nndct library.
  target_include_directories(${name} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
  # A sanitized static library needs the sanitizer runtimes wherever it is
  # linked, also in projects that use the installed package.
  if(NNDCT_ENABLE_FUZZING)
    target_link_options(${name} INTERFACE -fsanitize=address,undefined)
  endif()
  if(ARG_LINK)
    target_link_libraries(${name} PUBLIC ${ARG_LINK})
  endif()
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  set_property(GLOBAL APPEND PROPERTY NNDCT_EXPORTED_LIBS ${name})
endfunction()

# Installs the headers of the current folder, and the .inc files tablegen
# generates for it, under include/nndct/<rel>.
function(nndct_install_headers)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  file(GLOB hdrs ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  install(FILES ${hdrs} DESTINATION include/nndct/${rel})
  install(DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/ DESTINATION include/nndct/${rel}
          FILES_MATCHING PATTERN "*.inc" PATTERN "CMakeFiles" EXCLUDE)
endfunction()

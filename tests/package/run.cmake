# SPDX-License-Identifier: MIT
# Installs veille to a temporary prefix, then builds and runs consumers of the installed
# package: examples/embed with find_package(Veille CONFIG), and the same source with pkg-config;
# then the same source with veille added by add_subdirectory.
set(work ${VEILLE_BINARY_DIR}/package-test)
file(REMOVE_RECURSE ${work})
set(prefix ${work}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${VEILLE_BINARY_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${VEILLE_SOURCE_DIR}/examples/embed -B ${work}/cmake-build
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${work}/cmake-build)
run(${work}/cmake-build/embed ${work}/db-cmake)
if(NOT last_output MATCHES "1 \\| L’intelligence artificielle au cinéma \\| .*<b>réalisateur</b>")
  message(FATAL_ERROR "the find_package consumer printed:\n${last_output}")
endif()

# pkg-config: the same program, compiled by hand.
find_program(PKG_CONFIG pkg-config REQUIRED)
find_program(CXX NAMES c++ g++ REQUIRED)
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig:${prefix}/lib/x86_64-linux-gnu/pkgconfig)
run(${PKG_CONFIG} --cflags --libs veille)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
run(${CXX} -std=c++20 ${VEILLE_SOURCE_DIR}/examples/embed/main.cpp -o ${work}/embed-pc ${flags})
run(${work}/embed-pc ${work}/db-pc)
if(NOT last_output MATCHES "<b>réalisateur</b>")
  message(FATAL_ERROR "the pkg-config consumer printed:\n${last_output}")
endif()
# add_subdirectory: the source tree inside a consumer's build, as fmt's tests do; veille is not
# the top-level project there, so it builds no tests, examples nor benchmarks, and looks for
# no allocator.
run(${CMAKE_COMMAND} -S ${VEILLE_SOURCE_DIR}/tests/package/subdir -B ${work}/subdir-build
    -DVEILLE_SOURCE_DIR=${VEILLE_SOURCE_DIR} -DCMAKE_BUILD_TYPE=Release)
file(READ ${work}/subdir-build/CMakeCache.txt cache)
if(cache MATCHES "JEMALLOC_FOUND")
  message(FATAL_ERROR "veille added with add_subdirectory looked for jemalloc")
endif()
run(${CMAKE_COMMAND} --build ${work}/subdir-build -j 2)
run(${work}/subdir-build/embed ${work}/db-subdir)
if(NOT last_output MATCHES "<b>réalisateur</b>")
  message(FATAL_ERROR "the add_subdirectory consumer printed:\n${last_output}")
endif()
message(STATUS "package consumers built and ran with find_package, pkg-config and add_subdirectory")

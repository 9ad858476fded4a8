# SPDX-License-Identifier: MIT
# The allocator of the programs built here (the veille command, the benchmark): jemalloc.
# Xapian's writer keeps a tree node per posting until each commit, and analysis builds a map
# per document; glibc's malloc spreads those nodes over the heap, jemalloc packs them by size
# (bulk indexing 17 % faster from empty, 25 % on a large index: bench/README.md, "The
# allocator"). The library itself leaves the allocator to the application that links it, and
# sanitizers bring their own.
# Only the programs' option: a project that adds veille with add_subdirectory and builds none of
# them needs no jemalloc.
option(VEILLE_JEMALLOC "Link the programs with jemalloc" ON)
if(VEILLE_JEMALLOC AND NOT VEILLE_SANITIZE AND (VEILLE_BUILD_EXAMPLES OR VEILLE_BUILD_BENCH))
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()

function(veille_use_allocator target)
  if(TARGET PkgConfig::JEMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()

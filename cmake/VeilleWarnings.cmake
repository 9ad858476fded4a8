# SPDX-License-Identifier: MIT
# One place sets the warnings of every target of the project.
function(veille_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wold-style-cast -Wcast-align -Woverloaded-virtual)
  if(VEILLE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

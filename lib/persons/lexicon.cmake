# SPDX-License-Identifier: MIT
# Person lexicons derived at build time from Debian's hunspell-fr-comprehensive
# (/usr/share/hunspell/fr.dic, Grammalecte French dictionary, MPL-2.0): given names (po:prn),
# surnames (po:patr), other proper nouns (po:npr) and lower-case common words. Nothing derived
# is committed; the generated lexicon.inc lives in the build tree.
set(VEILLE_FR_DIC "/usr/share/hunspell/fr.dic" CACHE FILEPATH
    "hunspell French dictionary the person lexicons are derived from")
if(NOT EXISTS "${VEILLE_FR_DIC}")
  message(FATAL_ERROR "${VEILLE_FR_DIC} not found: install the Debian package "
                      "hunspell-fr-comprehensive (person lexicons are derived from it)")
endif()
# What the lexicons were derived from, for persons_eval: its thresholds hold for one version of
# the dictionary (tests/data/persons_lexicon.txt), and another one is told, not measured.
file(SHA256 "${VEILLE_FR_DIC}" VEILLE_FR_DIC_SHA256)
set(VEILLE_FR_DIC_SHA256 "${VEILLE_FR_DIC_SHA256}" PARENT_SCOPE)
set(VEILLE_FR_DIC_VERSION "unknown")
find_program(VEILLE_DPKG_QUERY dpkg-query)
if(VEILLE_DPKG_QUERY)
  execute_process(COMMAND ${VEILLE_DPKG_QUERY} -W -f=\${Version} hunspell-fr-comprehensive
                  OUTPUT_VARIABLE version RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND version)
    set(VEILLE_FR_DIC_VERSION "${version}")
  endif()
endif()
set(VEILLE_FR_DIC_VERSION "${VEILLE_FR_DIC_VERSION}" PARENT_SCOPE)
message(STATUS "Person lexicons from ${VEILLE_FR_DIC}: hunspell-fr-comprehensive "
               "${VEILLE_FR_DIC_VERSION}, sha256 ${VEILLE_FR_DIC_SHA256}")
set(VEILLE_LEXICON_INC ${CMAKE_CURRENT_BINARY_DIR}/persons/lexicon.inc)
add_custom_command(
  OUTPUT ${VEILLE_LEXICON_INC}
  COMMAND ${CMAKE_COMMAND} -DDIC=${VEILLE_FR_DIC} -DOUT=${VEILLE_LEXICON_INC}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/persons/lexicon_gen.cmake
  DEPENDS ${VEILLE_FR_DIC} ${CMAKE_CURRENT_SOURCE_DIR}/persons/lexicon_gen.cmake
  COMMENT "Deriving person lexicons from ${VEILLE_FR_DIC}"
  VERBATIM)
add_custom_target(veille_lexicon DEPENDS ${VEILLE_LEXICON_INC})
add_dependencies(veille veille_lexicon)
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/persons/lexicon.cpp
                            PROPERTIES OBJECT_DEPENDS ${VEILLE_LEXICON_INC})

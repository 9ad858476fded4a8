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

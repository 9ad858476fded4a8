# SPDX-License-Identifier: MIT
# cmake -DDIC=fr.dic -DOUT=lexicon.inc -P lexicon_gen.cmake
# Writes four arrays of raw string literals, one word per line: given names (po:prn),
# surnames (po:patr), other proper nouns (po:npr) and common words (entries that start with a
# lower-case letter). Source: hunspell French dictionary (Grammalecte), MPL-2.0. Literals are
# cut below 60,000 bytes, the length -Woverlength-strings accepts. The arrays are const, not
# constexpr: measuring such literals at compile time exceeds clang's constexpr step limit.
file(STRINGS ${DIC} lines ENCODING UTF-8)
foreach(kind prn patr npr common)
  set(${kind} "")
  set(${kind}_len 0)
endforeach()
macro(add_word kind word)
  string(LENGTH "${word}" n)
  math(EXPR ${kind}_len "${${kind}_len} + ${n} + 1")
  if(${kind}_len GREATER 60000)
    string(APPEND ${kind} ")lex\",\n    R\"lex(")
    set(${kind}_len 0)
  endif()
  string(APPEND ${kind} "${word}\n")
endmacro()
foreach(l IN LISTS lines)
  if(l MATCHES "^([^/ \t]+)[^ \t]*[ \t]+po:(prn|patr|npr)")
    add_word(${CMAKE_MATCH_2} "${CMAKE_MATCH_1}")
  elseif(l MATCHES "^(([a-z]|à|â|é|è|ê|î|ô|œ)[^/ \t]*)")
    add_word(common "${CMAKE_MATCH_1}")
  endif()
endforeach()
file(WRITE ${OUT}.tmp
  "// Generated from ${DIC} (hunspell-fr-comprehensive, MPL-2.0) by lexicon_gen.cmake.\n"
  "const std::string_view fr_given_names[] = {R\"lex(${prn})lex\"};\n"
  "const std::string_view fr_surnames[] = {R\"lex(${patr})lex\"};\n"
  "const std::string_view fr_proper_nouns[] = {R\"lex(${npr})lex\"};\n"
  "const std::string_view fr_common_words[] = {R\"lex(${common})lex\"};\n")
file(RENAME ${OUT}.tmp ${OUT})

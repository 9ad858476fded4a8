// SPDX-License-Identifier: MIT
// Unicode helpers shared by analysis, search, facets and persons: UTF-8 checking and repair,
// NFC, the folding that makes matching ignore case, accents and ligatures, and the one
// definition of what a word character, an apostrophe and an elided article are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace veille::analysis {

/// Whether @p s is well-formed UTF-8.
bool valid_utf8(std::string_view s) noexcept;

/// Replaces every ill-formed UTF-8 sequence of @p s by U+FFFD.
/// @return how many sequences were replaced.
std::size_t repair_utf8(std::string& s);

/// @p s in Unicode normalisation form C (ICU). @p s must be valid UTF-8.
std::string nfc(std::string_view s);

/// Appends @p s lower-cased (simple case folding), accents kept: what the stemmer sees.
void append_lower(std::string& out, std::string_view s);

/// Appends @p s case-folded, without accents, with ligatures and special letters spelled out
/// (é->e, ç->c, œ->oe, æ->ae, ß->ss, ø->o, ﬁ->fi).
void append_folded(std::string& out, std::string_view s);

inline std::string folded(std::string_view s) {
    std::string out;
    append_folded(out, s);
    return out;
}

/// The key under which facet values and persons are matched: folded, and only letters and
/// digits kept, so case, accents, hyphens, apostrophes and spaces do not matter
/// ("Gordon-Levitt" and "gordon levitt" give "gordonlevitt").
std::string facet_key(std::string_view s);

/// Collapses runs of white space to one space and trims the ends (for display values).
std::string collapse_spaces(std::string_view s);

/// Decodes the code point at @p i of @p s and advances @p i; ill-formed input gives U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) noexcept;

/// Where scraped text glued two words into @p word (letters only), as byte offsets inside it:
/// before a capital that follows a small letter and is followed by one ("KutcherQuel",
/// "DeepMind", "iPhone"), and after two capitals or more followed by two small letters
/// ("IAdans"). Empty for almost every word: at most 7 points, leftmost first.
/// Lucene's WordDelimiterGraphFilter cuts at the same case changes.
std::vector<std::size_t> glue_points(std::string_view word);

/// @p text with a space at each glue point of its words and after a full stop glued between
/// a small letter and a capital followed by a small letter ("domaine.Il" -> "domaine. Il",
/// "M.Dupont" kept): what the person extractor reads, so that a name glued to the next word
/// is not taken for a longer name.
std::string unglue(std::string_view text);

/// Whether @p c is written for an apostrophe in French text: ' ’ ‘ ʼ ′ ` ´ ‛, all read as '.
bool is_apostrophe(char32_t c) noexcept;

/// Whether @p c belongs to a word: a letter, a digit or a combining mark, but not an
/// apostrophe (ʼ is a letter to Unicode).
bool is_word_char(char32_t c) noexcept;

/// Whether @p word is an article or conjunction French elides before an apostrophe
/// (l m t qu n s j d c jusqu quoiqu lorsqu puisqu), in any case.
bool is_elision(std::string_view word) noexcept;

/// @p word after the elided articles it starts with, each followed by a plain apostrophe
/// ("l'avion" and "qu'l'x" give "avion" and "x"); an apostrophe last stays.
std::string_view strip_elisions(std::string_view word) noexcept;

/// Appends the UTF-8 encoding of @p c.
void append_utf8(std::string& out, char32_t c);

}  // namespace veille::analysis

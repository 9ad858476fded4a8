// SPDX-License-Identifier: MIT
// The first pass of person extraction (persons/extractor.cpp): the text cut into tokens,
// words (elisions split off, hyphenated and apostrophe names kept whole) and punctuation,
// each with what the later passes ask of it (case, sentence start, line break, inside the
// title of a work). Linear in the text; folded forms are computed on first use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/text.hpp"

namespace veille::detail {

enum class Kind : std::uint8_t { word, punct };

struct Tok {
    std::uint32_t begin = 0, end = 0;  // bytes in the text
    // Folded form in Scan::folds, computed on first use: most words are never looked up.
    mutable std::uint32_t fold_begin = 0, fold_end = 0;
    mutable bool folded = false;
    char32_t punct = 0;  // the character of a punct token
    Kind kind = Kind::word;
    bool cap = false;           // first letter upper case
    bool allcaps = false;       // no lower-case letter
    bool elision = false;       // an elided article: l' d' qu'...
    bool break_before = false;  // a line break separates it from the previous token
    bool sent_start = false;    // first word of a sentence, a line or a quotation
    bool in_title = false;      // inside a short quotation: the title of a work
};

struct Scan {
    std::vector<Tok> toks;
    mutable std::string folds;
    std::string_view text;

    [[nodiscard]] std::string_view fold(const Tok& t) const {
        if (!t.folded) {
            t.fold_begin = static_cast<std::uint32_t>(folds.size());
            analysis::append_folded(folds, text.substr(t.begin, t.end - t.begin));
            t.fold_end = static_cast<std::uint32_t>(folds.size());
            t.folded = true;
        }
        return std::string_view(folds).substr(t.fold_begin, t.fold_end - t.fold_begin);
    }
    [[nodiscard]] std::string_view raw(const Tok& t) const {
        return text.substr(t.begin, t.end - t.begin);
    }
    [[nodiscard]] bool is_word(std::size_t i) const {
        return i < toks.size() && toks[i].kind == Kind::word;
    }
    [[nodiscard]] bool is_punct(std::size_t i, char32_t c) const {
        return i < toks.size() && toks[i].kind == Kind::punct && toks[i].punct == c;
    }
};

/// Cuts @p text into @p out's tokens (@p text must outlive @p out).
void scan(std::string_view text, Scan& out);

/// A title abbreviation before a name: M., Mme, Dr, Me... (folded, without the period).
bool is_title_abbreviation(std::string_view folded);

/// A verb of speech after a quotation (« ... », dit Botrel), folded.
bool is_speech_verb(std::string_view folded);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// The writer's side of spelling suggestions: keeps Xapian's spelling table in step with the
// documents (schema/schema.hpp says what it holds). Changes are summed per word and handed
// to Xapian once per commit, which costs much less than once per document and word.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "analysis/french.hpp"
#include "veille/document.hpp"

#include <xapian.h>

namespace veille::detail {

/// Longest word put in the spelling table (longer words are not typed in queries).
inline constexpr std::size_t max_spelling_bytes = 40;

class SpellingTable {
public:
    explicit SpellingTable(bool enabled) : enabled_(enabled) {}

    /// Before document @p did is replaced or removed: takes its words out.
    void before_replace(const Xapian::Database& db, Xapian::docid did);
    /// After @p doc is added: puts its words in.
    void added(const Document& doc);
    /// Writes the changes since the last flush into @p db (call just before committing).
    void flush(Xapian::WritableDatabase& db);

    /// The words of @p doc for the table, with their counts: surface words of the title and
    /// body, elided article removed, case- and accent-folded ("l'Intelligence" ->
    /// "intelligence"); stopwords, words with digits, words under 3 bytes or over
    /// max_spelling_bytes are left out.
    template <class F>
    void for_each_word(const Document& doc, F&& f);

private:
    bool enabled_;
    analysis::Analyzer analyzer_;
    std::unordered_map<std::string, long> delta_;
};

}  // namespace veille::detail

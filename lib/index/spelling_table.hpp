// SPDX-License-Identifier: MIT
// The writer's side of spelling suggestions: the word list of the index (schema/schema.hpp).
// Each folded surface word is written once, when a writer first meets it; nothing is counted
// and nothing removed, because suggestions rank words by the document frequency of their
// term, which the index keeps anyway, and drop words no document holds any more. So it costs
// the writer a hash look-up per distinct word of a document and, per new word, one entry
// written in key order at the commit (Xapian's synonym table reads and rewrites an entry per
// key changed: in document order, that was a random B-tree access per word, a sixth of the
// indexing time on generated news). The words themselves are
// taken during the analysis the workers make (DocumentBuilder), not by reading the text
// again: Xapian's spelling table, which this replaces, keeps n-gram fragments of every word
// and up to doubled the indexing time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <xapian.h>

namespace veille::detail {

/// One word of a document for the list (analysis::Token::spelling) and its FNV-1a hash.
using SpellingWord = std::pair<std::uint64_t, std::string>;

/// Words an automatic commit lets wait for the next one (about 2 MB).
inline constexpr std::size_t max_pending_words = 1U << 17;

class SpellingWords {
public:
    /// Takes the words of @p words (one document's, each once) this writer has not taken.
    void record(const std::vector<SpellingWord>& words);
    /// Writes the words taken since the last flush into @p db (call just before committing).
    void flush(Xapian::WritableDatabase& db);
    /// Words taken and not written yet.
    [[nodiscard]] std::size_t pending() const noexcept { return pending_.size(); }

private:
    std::unordered_set<std::uint64_t> taken_;  // the hashes of the words
    std::vector<std::string> pending_;
};

}  // namespace veille::detail

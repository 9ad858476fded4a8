// SPDX-License-Identifier: MIT
// The accent map: accent-insensitive matching in both directions, Snowball's conflations kept.
//
// A word is indexed as the folded stem of its accented spelling (its term) and, where it
// differs, the folded stem of its accent-less spelling (its alt): "aimée" gives "aim" and
// "aime". A query word written without accents only knows the second ("aimee" -> "aime"), so
// it would miss the rest of the family the accented word reaches ("aimer", "aimé": "aim").
// The index therefore keeps, for each alt, the terms of the accented words that gave it
// (Xapian's synonym table: key "aime", synonyms "aim"); a query word w is read as the
// synonym group of its term, its alt, and what the map holds for that alt. "aimée" and
// "aimee" then give the same group {aim, aime}, and so the same documents, whichever spelling
// the documents use. Xapian's OP_SYNONYM weighs the group as one word. Phrases keep the
// exact terms (slot 7 holds one term per position and word).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace veille::analysis {

/// The pairs of one document: (alt, term) of each accented word whose two stems differ.
using AccentPairs = std::vector<std::pair<std::string, std::string>>;

/// Writes the accent map: each pair once per writer (a set of the pairs it took), in key
/// order at the commit (index/spelling_table.hpp says why).
class AccentRecorder {
public:
    void record(const AccentPairs& pairs);
    /// Writes the pairs taken since the last flush into @p db (call just before committing).
    void flush(Xapian::WritableDatabase& db);
    /// The pairs the next flush writes.
    [[nodiscard]] const AccentPairs& pending() const noexcept { return pending_; }

private:
    std::unordered_set<std::uint64_t> taken_;  // hashes of the pairs
    AccentPairs pending_;
};

/// The terms the map gives for @p alt (without field prefix), in the synonym table of @p db.
std::vector<std::string> accented_terms(const Xapian::Database& db, std::string_view alt);

}  // namespace veille::analysis

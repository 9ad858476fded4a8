// SPDX-License-Identifier: MIT
// Spelling suggestions (« Vouliez-vous dire : réalisateur ? »). The spelling table holds the
// folded surface words of the documents (index/document_builder.hpp), so a query word is
// looked up folded and without its elided article: `réalisatuer` and `realisatuer` both
// give "realisateur", which is shown with its accents as the documents write it.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/french.hpp"

#include <xapian.h>

namespace veille::detail {

/// Suggestions are looked for when a query finds fewer documents than this.
inline constexpr std::uint64_t suggest_below = 5;

/// A word is replaced when the suggested word is in at least this many times as many
/// documents (or in any document when the word is in none).
inline constexpr unsigned suggestion_ratio = 10;

/// @p query with its misspelt words replaced, or "" when no word needs it. Filters
/// (source:, person:, date:), operators, stopwords, numbers and wildcards are left alone;
/// elided articles are kept as written (`l'intelligense` -> `l'intelligence`).
std::string spelling_suggestion(const Xapian::Database& db, analysis::Analyzer& analyzer,
                                const std::string& query);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// Related articles (« À lire aussi »): Xapian's relevance feedback picks the most telling
// terms of a document (an ESet over a relevance set of that one document); the documents
// that best match them, less the document itself and its near-duplicates (the same article
// republished by another source: most of the words of the shorter one are in the other),
// are its related articles.
#pragma once

#include <cstddef>

#include <xapian.h>

namespace veille::detail {

/// Terms of the ESet used.
inline constexpr Xapian::termcount related_terms = 25;

/// The query that finds the documents related to @p did within @p filter (an empty Query
/// for none), without @p did and without the near-duplicates found among the best
/// @p limit + 20 candidates: those that share at least @p duplicate_overlap of the distinct
/// words of the shorter of the two.
Xapian::Query related_query(const Xapian::Database& db, Xapian::docid did,
                            const Xapian::Query& filter, std::size_t limit,
                            double duplicate_overlap);

}  // namespace veille::detail

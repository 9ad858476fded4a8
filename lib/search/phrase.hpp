// SPDX-License-Identifier: MIT
// Phrase and NEAR queries over the positions value (index/positions.hpp), since the index
// has no Xapian positions. The QueryParser builds OP_PHRASE and OP_NEAR as for any Xapian
// index ("a b", a-b, a NEAR b, a ADJ b); positional() turns each into the AND of its terms,
// which weighs and counts like Xapian's own phrase, filtered by a PostingSource that reads
// the candidates' positions with the semantics of Xapian's: PHRASE, the terms in order within
// the window; NEAR, in any order within it (the window spans last - first + 1 positions).
// The index's unposted stopwords (index/positions.hpp, Unposted) have no posting to join:
// the positions value alone says whether a document holds one, so a phrase of them only
// ("de la") reads the positions of every document, where other phrases read those of the
// documents holding their other words.
#pragma once

#include <memory>

#include "index/positions.hpp"

#include <xapian.h>

namespace veille::detail {

/// @p q with its OP_PHRASE and OP_NEAR subqueries replaced as above; a term of @p unposted
/// (the index's, null for none) is left out of the AND, and alone becomes the documents
/// whose positions hold it.
/// @throws veille::Error (query_syntax) for a positional subquery of other than terms.
Xapian::Query positional(const Xapian::Query& q,
                         const std::shared_ptr<const positions::Unposted>& unposted);

}  // namespace veille::detail

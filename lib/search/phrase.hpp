// SPDX-License-Identifier: MIT
// Phrase and NEAR queries over the positions value (index/positions.hpp), since the index
// has no Xapian positions. The QueryParser builds OP_PHRASE and OP_NEAR as for any Xapian
// index ("a b", a-b, a NEAR b, a ADJ b); positional() turns each into the AND of its terms,
// which weighs and counts like Xapian's own phrase, filtered by a PostingSource that reads
// the candidates' positions with the semantics of Xapian's: PHRASE, the terms in order within
// the window; NEAR, in any order within it (the window spans last - first + 1 positions).
#pragma once

#include <xapian.h>

namespace veille::detail {

/// @p q with its OP_PHRASE and OP_NEAR subqueries replaced as above.
/// @throws veille::Error (query_syntax) for a positional subquery of other than terms.
Xapian::Query positional(const Xapian::Query& q);

}  // namespace veille::detail

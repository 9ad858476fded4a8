// SPDX-License-Identifier: MIT
// Query explain: how a query was understood, as a value and as readable text.
#pragma once

#include "search/query.hpp"
#include "veille/search.hpp"

#include <xapian.h>

namespace veille::detail {

/// Explains @p pq, parsed from @p request; @p total and @p suggestion as the search found.
QueryExplanation explain_query(analysis::Analyzer& analyzer, const SearchRequest& request,
                               const ParsedQuery& pq, const Xapian::Query& query,
                               std::uint64_t total, std::string suggestion);

/// The readable form of @p e (QueryExplanation::text).
std::string explanation_text(const QueryExplanation& e);

}  // namespace veille::detail

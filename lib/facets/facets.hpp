// SPDX-License-Identifier: MIT
// Facet counting: exact counts of source, date and person values over a whole match set,
// with drill-sideways for fields that have an active filter.
#pragma once

#include <xapian.h>

#include <vector>

#include "search/query.hpp"
#include "veille/search.hpp"

namespace veille::detail {

/// The facets of the default request: source, date by year, person; top 10 each.
std::vector<FacetRequest> default_facets();

/// Counts @p requests over the documents matching @p query.
/// @throws veille::Error (invalid_argument) for an unknown field or a bad `within`.
std::vector<FacetResult> count_facets(const Xapian::Database& db, const ParsedQuery& query,
                                      const std::vector<FacetRequest>& requests);

}  // namespace veille::detail

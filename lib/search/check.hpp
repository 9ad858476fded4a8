// SPDX-License-Identifier: MIT
// Searcher::check(): Xapian's check of every table, then every document's own values decoded.
#pragma once

#include <string>
#include <vector>

#include "veille/search.hpp"

#include <xapian.h>

namespace veille::detail {

/// Checks the databases at @p paths (each one Xapian database: the index, or its shards), and
/// every document of @p db, the index they make.
CheckReport check_index(const std::vector<std::string>& paths, const Xapian::Database& db);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// Figures about a whole index (Searcher::stats), read from term lists and value bounds rather
// than by visiting documents, so they cost little even on a large index.
#pragma once

#include <string>

#include "veille/search.hpp"

#include <xapian.h>

namespace veille::detail {

/// Stats of @p db, whose directory is @p path. Xapian errors pass through (the caller wraps
/// the call in xapian_read).
/// @throws veille::Error (io) if the directory cannot be listed.
IndexStats index_stats(const Xapian::Database& db, const std::string& path);

}  // namespace veille::detail

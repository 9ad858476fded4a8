// SPDX-License-Identifier: MIT
/// @file
/// Alerts: stored queries matched against every new article (percolation). The writer stores
/// them (Index::set_alert) and records each match when it commits the article; readers list
/// the matches from a sequence number on (Searcher::alert_matches).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace veille {

/// A stored query. A plain value type.
struct Alert {
    std::string name;   ///< unique in the index, at most max_alert_name_bytes, no control chars
    std::string query;  ///< the query language of SearchRequest::query, filters included
};

/// Longest alert name accepted.
inline constexpr std::size_t max_alert_name_bytes = 200;

/// One article an alert matched. A plain value type.
struct AlertMatch {
    /// Increasing with each match recorded, never reused, never 0: a consumer that stores the
    /// last one it handled and asks for the matches after it gets each match once.
    std::uint64_t sequence = 0;
    std::string alert;  ///< the alert's name
    std::string id;     ///< the article's id
    /// The article's title, source, date, url and snippet, read from the article as the index
    /// holds it when the match is read (Searcher::alert_matches): empty once it is removed.
    std::string title;
    std::string source;
    std::string date;
    std::string url;
    /// The persons of the article that the alert's person: filters named (display forms).
    std::vector<std::string> persons;
    /// The article's text around the alert's words (stored with the match), marked with « »
    /// (no HTML).
    std::string snippet;
    /// When the commit that recorded the match ran, UTC, "2026-12-07T17:45:02Z".
    std::string recorded;
};

}  // namespace veille

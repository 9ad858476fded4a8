// SPDX-License-Identifier: MIT
// Everything `veille` prints: the human forms (for a terminal or a pipe) and the JSON forms
// (one object on stdout, for scripts), plus error reports on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "inputs.hpp"
#include "veille/document.hpp"
#include "veille/index.hpp"
#include "veille/search.hpp"

#include <nlohmann/json.hpp>

namespace cli {

/// Whether @p fd is a terminal and NO_COLOR (https://no-color.org) is unset or empty: then
/// bold marks are used.
bool use_bold(int fd);

/// A skipped record or a repair, where it happened.
struct Problem {
    Location where;
    std::string message;
};

/// The outcome of `veille index`. read = indexed + skipped, always.
struct Summary {
    std::uint64_t read = 0;
    std::uint64_t indexed = 0;
    std::uint64_t skipped = 0;
    std::vector<Problem> errors;    ///< one per skipped record
    std::vector<Problem> warnings;  ///< one per repair
    double seconds = 0;
};

void print_summary(const Summary& summary, bool json);

/// How a facet panel is named: its key in the JSON form ("source"; a second facet of the
/// same field is keyed by its spec, "date:month:2024") and its heading in the human form
/// ("date by month in 2024").
struct FacetName {
    std::string key;
    std::string heading;
    std::string unit;  ///< date facets by month or day: "month" or "day", for the coarser line
};

/// The --json form of a search:
/// {"query", "total", "exact", "hits": [...], "facets": {key: {"values", "missing"}}};
/// date facets also carry "coarser" (documents dated less precisely than the granularity).
/// @p names: one per facet of @p results, in order (missing ones are named by their field).
nlohmann::ordered_json search_json(const std::string& query, const veille::SearchResults& results,
                                   const std::vector<FacetName>& names);

/// The human form: the total, each hit, then the facet panels. @p bold: the snippet's marks
/// are terminal bold sequences (otherwise the text is plain).
void print_search(const std::string& query, std::size_t offset,
                  const veille::SearchResults& results, const std::vector<FacetName>& names,
                  bool bold);

void print_stats(const std::string& db, const veille::IndexStats& stats,
                 const std::vector<veille::SourceHygiene>& hygiene, bool json);

void print_document(const veille::Document& doc, const std::vector<veille::SkippedPart>& skipped,
                    bool json);

/// What `veille clean` did.
void print_clean(const std::string& db, const veille::CleanReport& report, bool json);
/// Prints what compact() did.
void print_compact(const std::string& db, const veille::CompactReport& r, bool as_json);
/// The JSON form of one alert match: {"sequence", "alert", "id", "title", "source", "date",
/// "url", "persons", "snippet", "recorded"}.
nlohmann::ordered_json match_json(const veille::AlertMatch& m);
/// One match, one line: as JSON, or "#sequence [alert] id: title (source, date)" and the snippet.
void print_match(const veille::AlertMatch& m, bool as_json);
/// The alerts, one line each: as JSON {"name", "query"}, or "name: query".
void print_alerts(const std::vector<veille::Alert>& alerts, bool as_json);

/// Prints what check() found.
void print_check(const std::string& db, const veille::CheckReport& r, bool as_json);

}  // namespace cli

// SPDX-License-Identifier: MIT
// The commands of the `veille` program and what they share: exit codes and option sets.
// Each command is one function taking its parsed options and returning an exit code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "veille/error.hpp"

namespace cli {

/// Exit codes of every command (docs/README-cli.md).
enum Exit : int {
    ok = 0,           ///< success
    skipped = 1,      ///< done, but some input was skipped (or an id was not found)
    usage = 2,        ///< the command line or the query could not be used
    index_error = 3,  ///< the index is missing, locked or corrupt, or could not be written
};

/// The exit code of a failure of the library.
int exit_code(const veille::Error& e) noexcept;

/// Prints "veille: <message>" and the hint of @p e on stderr; returns exit_code(e).
int report(const veille::Error& e);

struct IndexOptions {
    std::string db;
    std::string aliases;  ///< alias file, or empty
    std::string source;   ///< source of documents that name none
    bool json = false;
    bool no_progress = false;
    std::size_t batch = 1000;  ///< documents per commit
    std::vector<std::string> inputs;
    bool keep_repeated = false;     ///< index repeated lines too (hygiene off)
    bool keep_boilerplate = false;  ///< index site boilerplate too (hygiene off)
    bool spelling = true;           ///< keep the word list, for suggestions
    unsigned shards = 1;            ///< shards of a new index (IndexOptions::shards)
    bool alerts = false;            ///< print the alerts' matches after each commit
};

struct SearchOptions {
    std::string db;
    bool json = false;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string sort = "auto";
    std::vector<std::string> facets;  ///< NAME[:GRANULARITY[:WITHIN]][=TOP]
    bool no_facets = false;
    std::string synonyms;  ///< synonym file, or empty: the French news list shipped
    bool no_synonyms = false;
    std::string today;               ///< reference day of relative dates (YYYY-MM-DD), or empty
    bool explain = false;            ///< show how the query is understood instead of the hits
    std::vector<std::string> query;  ///< words, joined with spaces
};

struct RelatedOptions {
    std::string db;
    bool json = false;
    std::size_t limit = 5;
    std::string id;
};

struct StatsOptions {
    std::string db;
    bool json = false;
};

struct ShowOptions {
    std::string db;
    bool json = false;
    std::string id;
};

struct CleanOptions {
    std::string db;
    bool json = false;
    bool keep_repeated = false;
    bool keep_boilerplate = false;
};

struct CheckOptions {
    std::string db;
    bool json = false;
};

struct CompactOptions {
    std::string db;
    bool json = false;
};

struct AlertsOptions {
    std::string db;
    std::string action;              ///< add, list, remove, matches
    std::string name;                ///< the alert (matches: only its matches, if given)
    std::vector<std::string> query;  ///< add: the query, words joined with spaces
    std::uint64_t since = 0;         ///< matches: after this sequence number
    std::size_t limit = 0;           ///< matches: at most this many (0: all)
    bool json = false;
};

struct DeleteOptions {
    std::string db;
    std::vector<std::string> ids;
};

int run_index(const IndexOptions& options);
int run_search(const SearchOptions& options);
int run_related(const RelatedOptions& options);
int run_stats(const StatsOptions& options);
int run_show(const ShowOptions& options);
int run_delete(const DeleteOptions& options);
int run_clean(const CleanOptions& options);
int run_compact(const CompactOptions& options);
int run_check(const CheckOptions& options);
int run_alerts(const AlertsOptions& options);

}  // namespace cli

// SPDX-License-Identifier: MIT
// The commands of the `veille` program and what they share: exit codes and option sets.
// Each command is one function taking its parsed options and returning an exit code.
#pragma once

#include <cstddef>
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
};

struct SearchOptions {
    std::string db;
    bool json = false;
    std::size_t limit = 10;
    std::size_t offset = 0;
    std::string sort = "auto";
    std::vector<std::string> facets;  ///< NAME[:GRANULARITY[:WITHIN]][=TOP]
    bool no_facets = false;
    std::vector<std::string> query;  ///< words, joined with spaces
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

struct DeleteOptions {
    std::string db;
    std::vector<std::string> ids;
};

int run_index(const IndexOptions& options);
int run_search(const SearchOptions& options);
int run_stats(const StatsOptions& options);
int run_show(const ShowOptions& options);
int run_delete(const DeleteOptions& options);

}  // namespace cli

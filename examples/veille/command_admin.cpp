// SPDX-License-Identifier: MIT
// veille stats, show and delete: the small commands around an index.
#include "veille/index.hpp"
#include "veille/search.hpp"

#include "cli.hpp"
#include "output.hpp"
#include <fmt/core.h>

namespace cli {

int run_stats(const StatsOptions& options) {
    veille::Searcher searcher(options.db);
    print_stats(options.db, searcher.stats(), options.json);
    return ok;
}

int run_show(const ShowOptions& options) {
    veille::Searcher searcher(options.db);
    const auto doc = searcher.get(options.id);
    if (!doc) {
        fmt::print(stderr, "veille show: no document with id '{}'\n", options.id);
        return skipped;
    }
    print_document(*doc, options.json);
    return ok;
}

int run_delete(const DeleteOptions& options) {
    // Index would create a missing index; open a reader first so that a wrong --db is an
    // error (not_found, exit 3) rather than an empty new index.
    { veille::Searcher exists(options.db); }
    veille::Index index(options.db);
    std::size_t missing = 0;
    for (const auto& id : options.ids) {
        if (index.remove(id)) continue;
        fmt::print(stderr, "veille delete: no document with id '{}'\n", id);
        ++missing;
    }
    index.commit();
    fmt::print("deleted {} of {}\n", options.ids.size() - missing, options.ids.size());
    return missing > 0 ? skipped : ok;
}

}  // namespace cli

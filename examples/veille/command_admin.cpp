// SPDX-License-Identifier: MIT
// veille stats, show and delete: the small commands around an index.
#include "cli.hpp"
#include "output.hpp"
#include "veille/index.hpp"
#include "veille/search.hpp"

#include <fmt/core.h>

namespace cli {

int run_stats(const StatsOptions& options) {
    veille::Searcher searcher(options.db);
    print_stats(options.db, searcher.stats(), searcher.hygiene_stats(), options.json);
    return ok;
}

int run_show(const ShowOptions& options) {
    veille::Searcher searcher(options.db);
    const auto doc = searcher.get(options.id);
    if (!doc) {
        fmt::print(stderr, "veille show: no document with id '{}'\n", options.id);
        return skipped;
    }
    print_document(*doc,
                   searcher.skipped_parts(options.id).value_or(std::vector<veille::SkippedPart>{}),
                   options.json);
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

int run_clean(const CleanOptions& options) {
    { veille::Searcher exists(options.db); }  // a wrong --db is an error, not a new index
    veille::IndexOptions index_options;
    index_options.hygiene.skip_repeated = !options.keep_repeated;
    index_options.hygiene.skip_boilerplate = !options.keep_boilerplate;
    veille::Index index(options.db, index_options);
    const veille::CleanReport report = index.clean(1000);  // bounded memory on large indexes
    index.commit();
    print_clean(options.db, report, options.json);
    return ok;
}

int run_compact(const CompactOptions& options) {
    { veille::Searcher exists(options.db); }  // a wrong --db is an error, not a new index
    veille::Index index(options.db);
    print_compact(options.db, index.compact(), options.json);
    return ok;
}

int run_check(const CheckOptions& options) {
    veille::Searcher searcher(options.db);
    const veille::CheckReport report = searcher.check();
    print_check(options.db, report, options.json);
    return report.problems.empty() ? ok : index_error;
}

}  // namespace cli

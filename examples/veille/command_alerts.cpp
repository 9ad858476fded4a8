// SPDX-License-Identifier: MIT
// veille alerts: store, list and remove the stored queries of an index, and read what they
// matched (include/veille/alerts.hpp).
#include "cli.hpp"
#include "output.hpp"
#include "veille/index.hpp"
#include "veille/search.hpp"

#include <fmt/core.h>

namespace cli {

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string q;
    for (const auto& w : words) q += (q.empty() ? "" : " ") + w;
    return q;
}

}  // namespace

int run_alerts(const AlertsOptions& options) {
    if (options.action == "list" || options.action == "matches") {
        veille::Searcher searcher(options.db);
        if (options.action == "list") {
            print_alerts(searcher.alerts(), options.json);
            return ok;
        }
        for (const auto& m : searcher.alert_matches(options.since, options.limit, options.name))
            print_match(m, options.json);
        return ok;
    }
    { veille::Searcher exists(options.db); }  // a wrong --db is an error, not a new index
    veille::Index index(options.db);
    if (options.action == "add") {
        index.set_alert({options.name, joined(options.query)});
        index.commit();
        fmt::print("alert '{}' stored\n", options.name);
        return ok;
    }
    const bool found = index.remove_alert(options.name);
    index.commit();
    if (!found) {
        fmt::print(stderr, "veille alerts remove: no alert named '{}'\n", options.name);
        return skipped;
    }
    fmt::print("alert '{}' removed\n", options.name);
    return ok;
}

}  // namespace cli

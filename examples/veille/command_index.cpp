// SPDX-License-Identifier: MIT
// veille index: reads every input, indexes what it can, commits in batches, and accounts for
// every record read (read = indexed + skipped).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "cli.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "veille/index.hpp"
#include "veille/search.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

// Set by Ctrl-C or SIGTERM: the run stops after the current record, commits what it indexed
// and prints its summary. (A second signal, or SIGKILL, ends it at once; the committed batches
// stay.)
volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_signal(int sig) {
    interrupted = 1;
    std::signal(sig, SIG_DFL);
}

void catch_signals() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a read from a terminal returns and the loop stops
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

// The one place where --aliases reaches the library: the file becomes the alias dictionary
// of the index (IndexOptions::aliases); its errors give exit 2 or 3 like any other.
void apply_aliases(veille::IndexOptions& options, const std::string& file) {
    if (!file.empty()) options.aliases = veille::PersonAliases::load(file);
}

}  // namespace

int run_index(const IndexOptions& options) {
    std::vector<Input> inputs;
    try {
        inputs = classify(options.inputs);
    } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "veille index: {}\n", e.what());
        return usage;
    }

    veille::IndexOptions index_options;
    apply_aliases(index_options, options.aliases);
    index_options.hygiene.skip_repeated = !options.keep_repeated;
    index_options.hygiene.skip_boilerplate = !options.keep_boilerplate;
    index_options.spelling = options.spelling;
    index_options.shards = options.shards;
    veille::Index index(options.db, index_options);  // a second writer fails here: locked
    // A changed alias file applies to the documents already indexed too (published with
    // the first commit of this run).
    if (!options.aliases.empty()) index.apply_aliases();

    // --alerts: after each commit, the matches it recorded, read back as a consumer would.
    std::optional<veille::Searcher> matches;
    std::uint64_t last = 0;
    if (options.alerts) {
        index.commit();  // the index exists for the reader
        matches.emplace(options.db);
        const auto before = matches->alert_matches();
        if (!before.empty()) last = before.back().sequence;
    }
    const auto commit = [&] {
        index.commit();
        if (!matches) return;
        matches->reopen();
        for (const auto& m : matches->alert_matches(last)) {
            print_match(m, options.json);
            last = m.sequence;
        }
    };

    const auto start = std::chrono::steady_clock::now();
    Progress progress(!options.no_progress && isatty(STDERR_FILENO) != 0, total_bytes(inputs));
    Summary summary;

    RecordSink sink;
    sink.consumed = [&](std::uint64_t bytes) { progress.add_bytes(bytes); };
    sink.record = [&](Record&& r) {
        ++summary.read;
        for (auto& w : r.warnings) summary.warnings.push_back({r.where, std::move(w)});
        if (!r.doc) {
            ++summary.skipped;
            summary.errors.push_back({r.where, std::move(r.reason)});
            return;
        }
        try {
            index.add(*r.doc);
        } catch (const veille::Error& e) {
            // A document the library refuses (an id too long...) is skipped like bad input;
            // anything else is a failure of the index and ends the run.
            if (e.code() != veille::ErrorCode::invalid_argument) throw;
            ++summary.skipped;
            summary.errors.push_back({r.where, e.what()});
            return;
        }
        ++summary.indexed;
        progress.add_document();
        if (index.pending() >= options.batch) commit();
        progress.tick();
    };
    catch_signals();
    read_inputs(inputs, options.source, sink, [] { return interrupted != 0; });
    commit();
    progress.finish();
    if (interrupted)
        fmt::print(stderr, "veille index: interrupted; {} documents indexed and committed\n",
                   summary.indexed);

    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    print_summary(summary, options.json);
    if (interrupted) return 128 + SIGINT;  // what shells expect of a run cut by Ctrl-C
    return summary.skipped > 0 ? skipped : ok;
}

}  // namespace cli

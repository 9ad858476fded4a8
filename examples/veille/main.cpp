// SPDX-License-Identifier: MIT
// veille: index French news articles and search them, from the shell.
// Options are read here; the work is in command_*.cpp.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "veille/index.hpp"
#include "veille/version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace {

void add_db(CLI::App& cmd, std::string& db) {
    cmd.add_option("--db", db, "index directory")->required()->type_name("DIR");
}

// Each command declares its options on a subcommand of @p app and returns what runs it once
// the command line is parsed, with the options it filled.
using Command = std::pair<CLI::App*, std::function<int()>>;

Command index_command(CLI::App& app, cli::IndexOptions& ix) {
    auto* index = app.add_subcommand("index",
                                     "index .jsonl, .txt and .md files, directories, "
                                     "or JSON Lines on stdin (-)");
    add_db(*index, ix.db);
    index->add_option("--aliases", ix.aliases, "file of person aliases: 'Name = variant | ...'")
        ->type_name("FILE")
        ->check(CLI::ExistingFile);
    index->add_option("--source", ix.source, "source of the documents that name none")
        ->type_name("NAME");
    index->add_flag("--json", ix.json, "print the summary as one JSON object on stdout");
    index->add_flag("--no-progress", ix.no_progress, "no progress bar on stderr");
    index
        ->add_option("--batch", ix.batch,
                     "documents per commit (an interrupted run keeps "
                     "the committed batches)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    index->add_option("INPUT", ix.inputs, "file, directory, or - for JSON Lines on stdin")
        ->required();
    index->add_flag("--keep-repeated", ix.keep_repeated,
                    "index lines that repeat the title or an earlier line of the article");
    index->add_flag("--keep-boilerplate", ix.keep_boilerplate,
                    "index lines found in many articles of the same source (menus, disclaimers)");
    index->add_flag("--spelling,!--no-spelling", ix.spelling,
                    "keep the word list for « Vouliez-vous dire » suggestions (default: on)");
    index
        ->add_option("--shards", ix.shards,
                     "a new index of N Xapian databases, each written by its own thread, "
                     "searched as one (an existing index keeps its own)")
        ->check(CLI::Range(1U, veille::IndexOptions::max_shards))
        ->capture_default_str();
    index->add_flag("--alerts", ix.alerts,
                    "print what the stored alerts match, after each commit (JSON Lines with "
                    "--json, before the summary)");

    return {index, [&ix] { return cli::run_index(ix); }};
}

// @p after_dashes: the arguments after "--", all query words.
Command search_command(CLI::App& app, cli::SearchOptions& sx,
                       const std::vector<std::string>& after_dashes) {
    auto* search = app.add_subcommand("search",
                                      "search the index; an empty query lists "
                                      "everything, newest first");
    add_db(*search, sx.db);
    search->add_flag("--json", sx.json, "print the results as one JSON object");
    search->add_option("--limit", sx.limit, "hits to show")->capture_default_str();
    search->add_option("--offset", sx.offset, "hits to skip")->capture_default_str();
    search->add_option("--sort", sx.sort, "auto: relevance with words, newest first without")
        ->check(CLI::IsMember({"auto", "relevance", "date"}))
        ->capture_default_str();
    search
        ->add_option("--facet", sx.facets,
                     "facet to count, repeatable: date[:GRANULARITY[:WITHIN]][=TOP] "
                     "(GRANULARITY year, month or day; WITHIN a year or month: "
                     "date:month:2024=12), source[:PREFIX][=TOP], person[:PREFIX][=TOP] "
                     "(person:dan=5); default: source, date, person, top 10")
        ->type_name("SPEC")
        ->allow_extra_args(false);  // one spec per --facet, so QUERY may follow
    search->add_flag("--no-facets", sx.no_facets, "count no facets");
    search->add_option("--synonyms", sx.synonyms, "synonym file (default: the French news list)")
        ->type_name("FILE")
        ->check(CLI::ExistingFile);
    search->add_flag("--no-synonyms", sx.no_synonyms, "expand no synonyms");
    search
        ->add_option("--today", sx.today,
                     "day against which relative dates are read (« hier »), default today")
        ->type_name("YYYY-MM-DD");
    search->add_flag("--explain", sx.explain,
                     "show how the query is understood (terms, synonyms, filters, dates)");
    // The query is every argument that is not an option, in order: its words may start with
    // '-' ("-source:X", "-chat"), so they are the command's extras rather than a positional.
    search->allow_extras();
    search->footer(
        "QUERY: words, \"phrases\", AND OR NOT XOR NEAR, +word -word, (brackets), title:, "
        "and the filters source: person: date:, as one or several arguments. Words that "
        "start with '-' may be given as they are (-source:\"Le Monde\"); after -- every "
        "argument is query (veille search --db d -- --weird).");

    return {search, [search, &sx, &after_dashes]() -> int {
                // A misspelt option is not a query word: "--limt 5" is an error.
                sx.query = search->remaining();
                for (const auto& word : sx.query)
                    if (word.starts_with("--")) {
                        fmt::print(stderr,
                                   "veille: search: unknown option {} (put -- before a query "
                                   "that starts with --)\n",
                                   word);
                        return cli::usage;
                    }
                sx.query.insert(sx.query.end(), after_dashes.begin(), after_dashes.end());
                return cli::run_search(sx);
            }};
}

Command related_command(CLI::App& app, cli::RelatedOptions& rl) {
    auto* related =
        app.add_subcommand("related", "the articles most related to one (« À lire aussi »)");
    add_db(*related, rl.db);
    related->add_flag("--json", rl.json, "print the results as one JSON object");
    related->add_option("--limit", rl.limit, "related articles to show")->capture_default_str();
    related->add_option("ID", rl.id, "document id")->required();

    return {related, [&rl] { return cli::run_related(rl); }};
}

Command stats_command(CLI::App& app, cli::StatsOptions& st) {
    auto* stats = app.add_subcommand("stats",
                                     "documents, sources, persons, date range, size "
                                     "on disk");
    add_db(*stats, st.db);
    stats->add_flag("--json", st.json, "print one JSON object");

    return {stats, [&st] { return cli::run_stats(st); }};
}

Command show_command(CLI::App& app, cli::ShowOptions& sh) {
    auto* show = app.add_subcommand("show", "print a stored document and its persons");
    add_db(*show, sh.db);
    show->add_flag("--json", sh.json, "print one JSON object");
    show->add_option("ID", sh.id, "document id")->required();

    return {show, [&sh] { return cli::run_show(sh); }};
}

Command delete_command(CLI::App& app, cli::DeleteOptions& dl) {
    auto* del = app.add_subcommand("delete", "remove documents by id");
    add_db(*del, dl.db);
    del->add_option("ID", dl.ids, "document ids")->required();

    return {del, [&dl] { return cli::run_delete(dl); }};
}

Command clean_command(CLI::App& app, cli::CleanOptions& cl) {
    auto* clean = app.add_subcommand("clean",
                                     "re-analyse the documents whose repeated or boilerplate "
                                     "lines are out of date (after indexing with other options)");
    add_db(*clean, cl.db);
    clean->add_flag("--json", cl.json, "print one JSON object");
    clean->add_flag("--keep-repeated", cl.keep_repeated, "index repeated lines again");
    clean->add_flag("--keep-boilerplate", cl.keep_boilerplate, "index boilerplate lines again");

    return {clean, [&cl] { return cli::run_clean(cl); }};
}

Command compact_command(CLI::App& app, cli::CompactOptions& cp) {
    auto* compact = app.add_subcommand(
        "compact", "rewrite the index smaller and faster to search (Xapian's compactor)");
    add_db(*compact, cp.db);
    compact->add_flag("--json", cp.json, "print one JSON object");

    return {compact, [&cp] { return cli::run_compact(cp); }};
}

Command check_command(CLI::App& app, cli::CheckOptions& ck) {
    auto* check = app.add_subcommand(
        "check", "check every table and every stored document of the index (exit 3 if damaged)");
    add_db(*check, ck.db);
    check->add_flag("--json", ck.json, "print one JSON object");

    return {check, [&ck] { return cli::run_check(ck); }};
}

Command alerts_command(CLI::App& app, cli::AlertsOptions& al) {
    auto* alerts = app.add_subcommand(
        "alerts", "stored queries matched against every new article, and what they matched");
    alerts->require_subcommand(1);
    auto* alert_add =
        alerts->add_subcommand("add", "store an alert NAME QUERY... (replacing one of that name)");
    auto* alert_list = alerts->add_subcommand("list", "list the alerts");
    auto* alert_remove = alerts->add_subcommand("remove", "remove an alert");
    auto* alert_matches = alerts->add_subcommand(
        "matches", "the matches recorded after a sequence number, oldest first");
    for (auto* sub : {alert_add, alert_list, alert_remove, alert_matches}) {
        add_db(*sub, al.db);
        sub->add_flag("--json", al.json, "one JSON object per line");
    }
    alert_add->add_option("NAME", al.name, "the alert's name")->required();
    // The query is every argument after NAME, as search's is: its words may start with '-'.
    alert_add->allow_extras();
    alert_add->footer("QUERY: the query language of search, as one or several arguments.");
    alert_remove->add_option("NAME", al.name, "the alert's name")->required();
    alert_matches->add_option("--since", al.since, "only the matches after this sequence number")
        ->capture_default_str();
    alert_matches->add_option("--limit", al.limit, "at most this many (0: all)")
        ->capture_default_str();
    alert_matches->add_option("--alert", al.name, "only the matches of this alert")
        ->type_name("NAME");

    return {alerts, [=, &al]() -> int {
                for (auto* sub : {alert_add, alert_list, alert_remove, alert_matches})
                    if (*sub) al.action = sub->get_name();
                if (*alert_add) {
                    al.query = alert_add->remaining();
                    if (al.query.empty()) {
                        fmt::print(stderr, "veille: alerts add: QUERY is required\n");
                        return cli::usage;
                    }
                }
                return cli::run_alerts(al);
            }};
}

int run(int argc, char** argv) {
    CLI::App app{"veille: full-text search for French news (index, search with facets, stats)",
                 "veille"};
    app.set_version_flag("--version", std::string("veille ") + veille::version);
    app.require_subcommand(1);
    app.footer(
        "Exit codes: 0 success, 1 done but some input skipped, 2 usage error, "
        "3 index error (missing, locked, corrupt).\nRun 'veille COMMAND --help' for "
        "the options of a command.");

    // After "--", every argument of search is query, whatever it looks like: CLI11 is not
    // shown them.
    const bool searching = argc > 1 && std::string_view(argv[1]) == "search";
    const auto dashes =
        searching ? std::find(argv, argv + argc, std::string_view("--")) : argv + argc;
    const std::vector<std::string> after_dashes(dashes == argv + argc ? dashes : dashes + 1,
                                                argv + argc);

    cli::IndexOptions ix;
    cli::SearchOptions sx;
    cli::RelatedOptions rl;
    cli::StatsOptions st;
    cli::ShowOptions sh;
    cli::DeleteOptions dl;
    cli::CleanOptions cl;
    cli::CompactOptions cp;
    cli::CheckOptions ck;
    cli::AlertsOptions al;
    const std::vector<Command> commands{
        index_command(app, ix),   search_command(app, sx, after_dashes),
        related_command(app, rl), stats_command(app, st),
        show_command(app, sh),    delete_command(app, dl),
        clean_command(app, cl),   compact_command(app, cp),
        check_command(app, ck),   alerts_command(app, al)};

    try {
        app.parse(static_cast<int>(dashes - argv), argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? cli::ok : cli::usage;  // --help and --version succeed
    }

    try {
        for (const auto& [command, go] : commands)
            if (*command) return go();
    } catch (const veille::Error& e) {
        return cli::report(e);
    } catch (const std::exception& e) {
        fmt::print(stderr, "veille: {}\n", e.what());
        return cli::index_error;
    }
    return cli::usage;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {  // setting up the options, or printing, failed
        fmt::print(stderr, "veille: {}\n", e.what());
    } catch (...) {
        fmt::print(stderr, "veille: unexpected error\n");
    }
    return cli::index_error;
}

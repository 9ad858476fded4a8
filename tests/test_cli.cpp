// SPDX-License-Identifier: MIT
// The veille command end to end: runs the built binary (path from CMake) on inputs written
// here, and checks its summaries, both search output forms, exit codes and the locked index.
#include <algorithm>
#include <set>
#include <sstream>

#include "cli_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;
using namespace veille::test;

namespace {

// Inputs good and bad, with the line numbers the summary must name.
void write_mixed_inputs(const std::filesystem::path& in) {
    const std::string long_id(300, 'x');
    write(
        in / "fil.jsonl",
        R"({"id":"ok-1","title":"Le cinéma français se porte bien","body":"Les salles de cinéma ont retrouvé leur public.","source":"Gazette","date":"2024-03-02","persons":["Julien Marchetti"]})"
        "\n"
        R"({"id":"cassé", "title": )"  // 2: not JSON
        "\n"
        R"({"title":"Sans identifiant","body":"Rien."})"  // 3: missing id
        "\n"
        R"({"id":"type","title":42,"body":"Le titre est un nombre."})"  // 4: wrong type
        "\n"
        "{\"id\":\"utf8\",\"title\":\"Octets invalides\",\"body\":\"Le th\xE9\xE2tre rouvre ses "
        "portes.\"}"  // 5
        "\n"
        R"({"id":"date","title":"Date impossible","body":"Un article daté du 30 février.","date":"2023-02-30"})"  // 6
        "\n"
        R"({"id":"inconnu","title":"Champ inconnu","text":"Le festival de cinéma ouvre ce soir.","rubrique":"culture","source":"Radio Littoral","date":"2023-06"})"  // 7
        "\n"
        "\n"                                       // 8: blank, not a record
        R"({"id":"","title":"Identifiant vide"})"  // 9
        "\n"
        R"({"id":"p","title":"Personnes","persons":"Julien Marchetti"})"  // 10
        "\n"
        R"({"id":")" +
            long_id +
            R"(","title":"Identifiant trop long"})"  // 11
            "\n");
    write(in / "articles/cannes.txt",
          "Source: L'Écho du Midi\nDate: 2023-05-27\n\nPalmarès du festival de Cannes\n\n"
          "Le cinéma de Julien Marchetti reçoit le Grand Prix.\n");
    write(in / "articles/glaciers.md",
          "# Les glaciers reculent\n\nLa chercheuse Sophie Nguyen mesure la fonte des glaciers.\n");
    write(in / "articles/notes.pdf", "not an article");  // other types in a directory: ignored
}

std::set<std::size_t> lines_named(const json& errors) {
    std::set<std::size_t> lines;
    for (const auto& e : errors) {
        BOOST_TEST(e.at("input").get<std::string>().ends_with("fil.jsonl"));
        BOOST_TEST(!e.at("reason").get<std::string>().empty());
        lines.insert(e.at("line").get<std::size_t>());
    }
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(json_summary_adds_up_and_names_each_bad_line) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    const Run r = c.veille("index", "--json in");
    BOOST_TEST(r.code == 1);  // done, but some input was skipped
    BOOST_TEST(r.err.empty(), "no progress bar when stderr is not a terminal: " << r.err);
    const json s = r.js();
    BOOST_TEST(s.at("read").get<int>() == 12);  // 10 JSON lines + 2 text files
    BOOST_TEST(s.at("indexed").get<int>() == 6);
    BOOST_TEST(s.at("skipped").get<int>() == 6);
    BOOST_TEST(s.at("read").get<int>() == s.at("indexed").get<int>() + s.at("skipped").get<int>());
    BOOST_TEST(s.at("warnings").get<int>() == 2);  // invalid UTF-8, impossible date
    BOOST_TEST(s.at("seconds").get<double>() >= 0);
    BOOST_TEST(s.at("errors").size() == 6U);
    const std::set<std::size_t> expected{2, 3, 4, 9, 10, 11};
    BOOST_TEST(lines_named(s.at("errors")) == expected, boost::test_tools::per_element());

    std::string reasons;
    for (const auto& e : s.at("errors")) reasons += e.at("reason").get<std::string>() + "\n";
    BOOST_TEST(contains(reasons, "not valid JSON, column 26: syntax error"));
    BOOST_TEST(contains(reasons, "missing id"));
    BOOST_TEST(contains(reasons, "field 'title' must be a string, not number"));
    BOOST_TEST(contains(reasons, "empty id"));
    BOOST_TEST(contains(reasons, "field 'persons' must be an array of strings"));
    std::string warnings;
    for (const auto& w : s.at("warning_details")) warnings += w.at("warning").get<std::string>();
    BOOST_TEST(contains(warnings, "invalid UTF-8"));
    BOOST_TEST(contains(warnings, "2023-02-30"));
}

BOOST_AUTO_TEST_CASE(repaired_documents_are_indexed_and_text_files_read) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    BOOST_TEST(c.veille("index", "--no-progress in").code == 1);

    const json utf8 = c.veille("show", "--json utf8").js();
    BOOST_TEST(contains(utf8.at("body").get<std::string>(), "\xEF\xBF\xBD"));  // U+FFFD
    const json date = c.veille("show", "--json date").js();
    BOOST_TEST(date.at("date").get<std::string>().empty());
    const json unknown = c.veille("show", "--json inconnu").js();
    BOOST_TEST(unknown.at("body").get<std::string>() == "Le festival de cinéma ouvre ce soir.");

    // Text files: id relative to the argument, headers, title from the first line.
    const json cannes = c.veille("show", "--json articles/cannes.txt").js();
    BOOST_TEST(cannes.at("title").get<std::string>() == "Palmarès du festival de Cannes");
    BOOST_TEST(cannes.at("source").get<std::string>() == "L'Écho du Midi");
    BOOST_TEST(cannes.at("date").get<std::string>() == "2023-05-27");
    BOOST_TEST(cannes.at("body").get<std::string>() ==
               "Le cinéma de Julien Marchetti reçoit le Grand Prix.");
    const json md = c.veille("show", "--json articles/glaciers.md").js();
    BOOST_TEST(md.at("title").get<std::string>() == "Les glaciers reculent");

    const Run human = c.veille("show", "articles/cannes.txt");
    BOOST_TEST(human.code == 0);
    BOOST_TEST(contains(human.out, "Palmarès du festival de Cannes"));
    BOOST_TEST(c.veille("show", "absent").code == 1);
}

BOOST_AUTO_TEST_CASE(reindexing_is_idempotent_and_stdin_is_read) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    BOOST_TEST(c.veille("index", "--json in").code == 1);
    const json first = c.veille("stats", "--json").js();
    BOOST_TEST(first.at("documents").get<int>() == 6);
    BOOST_TEST(c.veille("index", "--json in").code == 1);
    const json second = c.veille("stats", "--json").js();
    BOOST_TEST(second.at("documents").get<int>() == 6);
    BOOST_TEST(second.at("first_date").get<std::string>() == "2023-05-27");
    BOOST_TEST(second.at("last_date").get<std::string>() == "2024-03-02");
    BOOST_TEST(second.at("sources").get<int>() == 3);
    BOOST_TEST(second.at("disk_bytes").get<std::uint64_t>() > 0);

    write(c.dir.path / "stdin.jsonl",
          R"({"id":"ok-1","title":"Remplacé par l'entrée standard","body":"Nouvelle version."})"
          "\n"
          R"({"id":"neuf","title":"Nouveau","body":"Un article.","date":"2024-06-15T08:30:00Z"})"
          "\n");
    const Run r = c.run("index --db " + q(c.db) + " --json --source Dépêches -",
                        (c.dir.path / "stdin.jsonl").string());
    BOOST_TEST(r.code == 0);
    BOOST_TEST(r.js().at("indexed").get<int>() == 2);
    BOOST_TEST(r.js().at("warnings").get<int>() == 0);
    BOOST_TEST(c.veille("show", "--json neuf").js().at("date").get<std::string>() ==
               "2024-06-15");  // a timestamp keeps its day
    BOOST_TEST(c.veille("stats", "--json").js().at("documents").get<int>() == 7);
    const json replaced = c.veille("show", "--json ok-1").js();
    BOOST_TEST(replaced.at("title").get<std::string>() == "Remplacé par l'entrée standard");
    BOOST_TEST(replaced.at("source").get<std::string>() == "Dépêches");  // --source
}

BOOST_AUTO_TEST_CASE(a_sharded_index_from_the_command_line) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    BOOST_TEST(c.veille("index", "--json --shards 3 in").code == 1);
    json stats = c.veille("stats", "--json").js();
    BOOST_TEST(stats.at("shards").get<int>() == 3);
    BOOST_TEST(stats.at("documents").get<int>() == 6);
    // Indexed again without --shards: the index keeps its three, ids are replaced across them.
    BOOST_TEST(c.veille("index", "--json in").code == 1);
    stats = c.veille("stats", "--json").js();
    BOOST_TEST(stats.at("shards").get<int>() == 3);
    BOOST_TEST(stats.at("documents").get<int>() == 6);
    BOOST_TEST(contains(c.veille("stats", "").out, "shards     3"));
    BOOST_TEST(c.veille("index", "--shards 0 in").code == 2);  // usage

    const Run compacted = c.veille("compact", "--json");
    BOOST_TEST(compacted.code == 0);
    BOOST_TEST(compacted.js().at("bytes_after").get<std::uint64_t>() <
               compacted.js().at("bytes_before").get<std::uint64_t>());
    BOOST_TEST(c.veille("stats", "--json").js().at("documents").get<int>() == 6);
    BOOST_TEST(contains(c.veille("compact", "").out, "compacted "));
    const Run checked = c.veille("check", "--json");
    BOOST_TEST(checked.code == 0);
    BOOST_TEST(checked.js().at("databases").get<int>() == 3);
    BOOST_TEST(checked.js().at("problems").empty());
    BOOST_TEST(c.run("compact --db " + q((c.dir.path / "nowhere").string())).code == 3);
}

BOOST_AUTO_TEST_CASE(alerts_from_the_command_line) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    c.veille("index", "in");
    const auto alerts = [&](const std::string& args) {
        return c.run("alerts " + args.substr(0, args.find(' ')) + " --db " + q(c.db) +
                     args.substr(args.find(' ')));
    };
    BOOST_TEST(alerts("add cinema cinéma -source:Gazette").code == 0);
    BOOST_TEST(alerts("add julien " + q("person:\"Julien Marchetti\"")).code == 0);
    BOOST_TEST(alerts("add bad 'AND cinéma'").code == 2);  // the search's syntax error
    BOOST_TEST(contains(alerts("add bad 'AND cinéma'").err, "starts with AND"));
    const Run listed = alerts("list --json");
    BOOST_TEST(listed.code == 0);
    BOOST_TEST(contains(listed.out, R"({"name":"cinema","query":"cinéma -source:Gazette"})"));
    // Articles indexed from now on are matched; the JSON Lines come before the summary.
    const Run indexed = c.veille("index", "--json --alerts in");
    std::vector<json> lines;
    std::istringstream out(indexed.out);
    for (std::string l; std::getline(out, l);) lines.push_back(json::parse(l));
    BOOST_TEST_REQUIRE(lines.size() >= 2U);
    std::set<std::pair<std::string, std::string>> got, want;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i)
        got.emplace(lines[i].at("alert").get<std::string>(), lines[i].at("id").get<std::string>());
    // What a search of each alert finds.
    for (const auto& [name, query] :
         {std::pair<std::string, std::string>{"cinema", "cinéma -source:Gazette"},
          {"julien", "person:\"Julien Marchetti\""}})
        // (The JSON held by a name: a temporary's member would not outlive the loop's start.)
        for (const json found = c.veille("search", "--json --no-facets " + q(query)).js();
             const auto& h : found.at("hits"))
            want.emplace(name, h.at("id").get<std::string>());
    BOOST_TEST(got.size() >= 3U);
    BOOST_TEST((got == want));
    BOOST_TEST(lines.back().contains("indexed"));
    // A consumer reads what follows the sequence it handled.
    const std::uint64_t first = lines[0].at("sequence").get<std::uint64_t>();
    const Run after = alerts("matches --json --since " + std::to_string(first));
    BOOST_TEST(after.code == 0);
    BOOST_TEST(static_cast<std::size_t>(std::count(after.out.begin(), after.out.end(), '\n')) ==
               lines.size() - 2);
    BOOST_TEST(contains(alerts("matches --alert julien").out,
                        "[julien] ok-1: Le cinéma français se porte bien (Gazette, 2024-03-02)"));
    BOOST_TEST(alerts("remove julien").code == 0);
    BOOST_TEST(alerts("remove julien").code == 1);
    BOOST_TEST(c.run("alerts list --db " + q((c.dir.path / "nowhere").string())).code == 3);
}

BOOST_AUTO_TEST_CASE(search_output_in_both_forms) {
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    c.veille("index", "in");

    const Run r = c.veille("search", "--json cinéma");
    BOOST_TEST(r.code == 0);
    const json j = r.js();
    BOOST_TEST(j.at("query").get<std::string>() == "cinéma");
    BOOST_TEST(j.at("total").get<int>() == 3);
    BOOST_TEST(j.at("exact").get<bool>());
    BOOST_TEST(j.at("facets").is_object());
    std::set<std::string> got;
    for (const auto& h : j.at("hits")) {
        for (const char* key : {"id", "title", "source", "date", "url", "snippet"})
            BOOST_TEST(h.at(key).is_string(), key);
        BOOST_TEST(h.at("score").is_number());
        BOOST_TEST(h.at("persons").is_array());
        BOOST_TEST(contains(h.at("snippet").get<std::string>(), "<b>"));
        got.insert(h.at("id").get<std::string>());
    }
    const std::set<std::string> expected{"ok-1", "inconnu", "articles/cannes.txt"};
    BOOST_TEST(got == expected, boost::test_tools::per_element());
    // The key order of the documented form.
    BOOST_TEST(r.out.starts_with(R"({"query":"cinéma","total":3,"exact":true,"hits":[{"id":)"));

    const Run human = c.veille("search", "--limit 1 cinéma");
    BOOST_TEST(human.code == 0);
    BOOST_TEST(contains(human.out, "3 documents match cinéma"));
    BOOST_TEST(contains(human.out, "showing 1-1"));
    BOOST_TEST(!contains(human.out, "\x1b["), "no terminal sequences in a pipe");
    BOOST_TEST(!contains(human.out, "<b>"));

    const json dated = c.veille("search", "--json --sort date 'date:2023..2024'").js();
    BOOST_TEST(dated.at("total").get<int>() == 3);
    BOOST_TEST(dated.at("hits").at(0).at("id").get<std::string>() == "ok-1");  // newest first

    const json all = c.veille("search", "--json --limit 0 --no-facets").js();
    BOOST_TEST(all.at("total").get<int>() == 6);
    BOOST_TEST(all.at("hits").empty());
    BOOST_TEST(all.at("facets").empty());
    BOOST_TEST(
        c.veille("search", "--json --facet date:month:2023=5 --facet person:jul cinéma").code == 0);

    // Two facets of one field keep distinct keys and headings. (The counts come from the
    // facets area of the library; where it counts nothing yet, there are no panels at all.)
    const std::string two_dates = "--facet date --facet date:month:2023=5 'date:2023'";
    const json keyed = c.veille("search", "--json " + two_dates).js();
    const Run headed = c.veille("search", two_dates);
    if (!keyed.at("facets").empty()) {
        BOOST_TEST(keyed.at("facets").size() == 2U);
        BOOST_TEST(keyed.at("facets").contains("date"));
        BOOST_TEST(keyed.at("facets").contains("date:month:2023"));
        BOOST_TEST(contains(headed.out, "\ndate by month in 2023\n"), headed.out);
        BOOST_TEST(contains(headed.out, "2023-06"));
    }
}

BOOST_AUTO_TEST_CASE(a_month_panel_counts_documents_dated_by_year_only) {
    Cli c;
    write(c.dir.path / "dates.jsonl", R"({"id":"an","title":"Bilan de l'année","date":"2024"})"
                                      "\n"
                                      R"({"id":"mois","title":"Bilan du mois","date":"2024-06"})"
                                      "\n"
                                      R"({"id":"jour","title":"Bilan du jour","date":"2024-06-15"})"
                                      "\n");
    BOOST_TEST_REQUIRE(c.veille("index", "--no-progress dates.jsonl").code == 0);
    const json date =
        c.veille("search", "--json --facet date:month:2024 bilan").js()["facets"]["date"];
    BOOST_TEST(date.at("coarser").get<int>() == 1);
    BOOST_TEST(date.at("missing").get<int>() == 0);
    BOOST_TEST(date.at("values").size() == 1U);
    BOOST_TEST(date.at("values")[0].at("value").get<std::string>() == "2024-06");
    BOOST_TEST(date.at("values")[0].at("count").get<int>() == 2);
    const Run human = c.veille("search", "--facet date:day:2024-06 bilan");
    BOOST_TEST(contains(human.out, "date by day in 2024-06"), human.out);
    BOOST_TEST(contains(human.out, "1  (dated less precisely than a day)"), human.out);
}

BOOST_AUTO_TEST_CASE(queries_with_filters_and_leading_dashes) {
    Cli c;
    write(
        c.dir.path / "trois.jsonl",
        R"({"id":"lib","title":"Les dockers en grève","body":"Le chien du port suit les dockers.","source":"Libération","date":"2024-03-02"})"
        "\n"
        R"({"id":"mon","title":"Le chat de la rédaction","body":"Un chat, un chien et des dockers.","source":"Le Monde","date":"2024-03-05"})"
        "\n"
        R"({"id":"ouest","title":"Marée basse","body":"Le chien aboie au passage des dockers.","source":"Ouest-France","date":"2023"})"
        "\n"
        R"({"id":"undated","title":"Sans date","body":"Un texte sans date ni source."})"
        "\n");
    BOOST_TEST_REQUIRE(c.veille("index", "--no-progress trois.jsonl").code == 0);
    const auto hits = [&](const std::string& args) {
        const Run r = c.veille("search", "--json --no-facets " + args);
        BOOST_TEST_REQUIRE(r.code == 0, args << ": " << r.err);
        std::set<std::string> out;
        const json j = r.js();
        for (const auto& h : j.at("hits")) out.insert(h.at("id").get<std::string>());
        return out;
    };
    using S = std::set<std::string>;
    BOOST_TEST((hits(q("NOT source:Libération") + " --limit 9") == S{"mon", "ouest", "undated"}));
    BOOST_TEST((hits(q("chat OR source:Libération")) == S{"lib", "mon"}));
    BOOST_TEST((hits(q("dockers NOT source:Libération")) == S{"mon", "ouest"}));
    BOOST_TEST(
        (hits(q("chien AND (source:\"Le Monde\" OR source:Libération)")) == S{"lib", "mon"}));
    BOOST_TEST(hits(q("\"court source:Libération\"")).empty());
    // A query that starts with '-', without "--", and as several arguments.
    BOOST_TEST((hits("-source:Libération") == S{"mon", "ouest", "undated"}));
    BOOST_TEST((hits("dockers -source:Libération") == S{"mon", "ouest"}));
    BOOST_TEST((hits("-source:Libération dockers --limit 1").size() == 1U));
    BOOST_TEST((hits("-- -chien") == S{"undated"}));
    // A misspelt option is an error, not a query word.
    const Run typo = c.veille("search", "--limt 3 chien");
    BOOST_TEST(typo.code == 2);
    BOOST_TEST(contains(typo.err, "--limt"), typo.err);
    const Run bad = c.veille("search", q("OR chien"));
    BOOST_TEST(bad.code == 2);
    BOOST_TEST(contains(bad.err, "query syntax"), bad.err);
    BOOST_TEST(contains(c.veille("search", "--help").out, "-source:"));
    // A month panel inside a year counts no undated document.
    const json date =
        c.veille("search", "--json --facet date:month:2024 date:2024").js()["facets"]["date"];
    BOOST_TEST(date.at("missing").get<int>() == 0);
    BOOST_TEST(!contains(c.veille("search", "--facet date:month:2024 date:2024").out, "no date"));
}

BOOST_AUTO_TEST_CASE(exit_codes) {
    Cli c;
    write(c.dir.path / "a.jsonl", R"({"id":"a","title":"Un","body":"Premier article."})"
                                  "\n");
    BOOST_TEST(c.veille("index", "a.jsonl").code == 0);
    BOOST_TEST(c.veille("search", "article").code == 0);
    BOOST_TEST(c.run("--version").code == 0);
    BOOST_TEST(c.run("search --help").code == 0);

    // 1: done, some input skipped (and ids that are not there).
    write(c.dir.path / "b.jsonl", "pas du JSON\n");
    BOOST_TEST(c.veille("index", "b.jsonl").code == 1);
    BOOST_TEST(c.veille("delete", "absent").code == 1);

    // 2: usage errors.
    BOOST_TEST(c.run("").code == 2);
    BOOST_TEST(c.run("search").code == 2);  // --db is required
    BOOST_TEST(c.veille("search", "--bogus").code == 2);
    BOOST_TEST(c.veille("search", "--sort alphabet").code == 2);
    BOOST_TEST(c.veille("search", "--facet couleur").code == 2);
    BOOST_TEST(c.veille("search", "--facet date:week").code == 2);
    BOOST_TEST(c.veille("search", "'(article OR'").code == 2);  // query syntax
    BOOST_TEST(c.veille("index", "absent.jsonl").code == 2);
    BOOST_TEST(c.veille("index", "notes.pdf").code == 2);

    // 3: index errors.
    const Run missing = c.run("search --db " + q(c.dir.str("nulle-part")) + " article");
    BOOST_TEST(missing.code == 3);
    BOOST_TEST(contains(missing.err, "no index"));
    BOOST_TEST(c.run("stats --db " + q(c.dir.str("nulle-part"))).code == 3);
    BOOST_TEST(c.run("delete --db " + q(c.dir.str("nulle-part")) + " a").code == 3);
    BOOST_TEST(!std::filesystem::exists(c.dir.str("nulle-part")), "delete created no index");

    BOOST_TEST(c.veille("delete", "a").code == 0);
    BOOST_TEST(c.veille("show", "a").code == 1);
}

BOOST_AUTO_TEST_CASE(a_locked_index_says_so) {
    Cli c;
    write(c.dir.path / "a.jsonl", R"({"id":"a","title":"Un","body":"Premier article."})"
                                  "\n");
    BOOST_TEST(c.veille("index", "a.jsonl").code == 0);
    {
        veille::Index writer(c.db);  // holds the lock, as another `veille index` would
        const Run r = c.veille("index", "a.jsonl");
        BOOST_TEST(r.code == 3);
        BOOST_TEST(contains(r.err, "locked by another writer"), r.err);
        BOOST_TEST(contains(r.err, "hint: Is another veille index process running"), r.err);
        BOOST_TEST(r.out.empty());
        BOOST_TEST(c.veille("delete", "a").code == 3);
        BOOST_TEST(c.veille("search", "article").code == 0, "readers are not blocked");
    }
    BOOST_TEST(c.veille("index", "a.jsonl").code == 0, "the lock goes with the writer");
}

BOOST_AUTO_TEST_CASE(progress_bar_only_on_a_terminal) {
    if (std::system("command -v script > /dev/null 2>&1") != 0) {
        BOOST_TEST_MESSAGE("script(1) is not installed: no pseudo-terminal to test with");
        return;
    }
    Cli c;
    write_mixed_inputs(c.dir.path / "in");
    // script(1) gives the command a terminal and copies what it shows to stdout.
    const auto on_terminal = [&](const std::string& options) {
        return c.shell("script -qec " +
                       q(q(VEILLE_CLI) + " index --db " + q(c.db) + " " + options + " in") +
                       " /dev/null");
    };
    const Run tty = on_terminal("");
    BOOST_TEST(contains(tty.out, "\x1b[K"), "a progress bar is drawn: " << tty.out);
    BOOST_TEST(contains(tty.out, "docs/s"));
    const Run quiet = on_terminal("--no-progress");
    BOOST_TEST(!contains(quiet.out, "\x1b[K"), "no bar with --no-progress");
}

BOOST_AUTO_TEST_CASE(hygiene_flags_clean_stats_and_show) {
    // Six pages of one site ending with its share line and disclaimer; one page twice over.
    Cli c;
    for (int i = 1; i <= 6; ++i) {
        std::string body = "Le conseil municipal a voté la délibération numéro " +
                           std::to_string(i) + " sur les pistes cyclables.";
        if (i == 6) body += "\n\n" + body;
        write(c.dir.path / "in" / ("page" + std::to_string(i) + ".txt"),
              "Source: Le Courrier du Port\nDate: 2024-05-0" + std::to_string(i) + "\n\nPage " +
                  std::to_string(i) + "\n\n" + body +
                  "\n\nRécompense · Commentaire · Reposter · Partager\n"
                  "Ce site ne fournit aucun conseil financier.\n");
    }
    const std::string raw = c.dir.str("raw");
    BOOST_TEST(
        c.run("index --no-progress --keep-boilerplate --keep-repeated --db " + q(raw) + " in")
            .code == 0);
    BOOST_TEST(c.veille("index", "--no-progress in").code == 0);

    auto hits = [&](const std::string& db, const std::string& query) {
        return c.run("search --json --db " + q(db) + " " + q(query)).js().at("total").get<int>();
    };
    BOOST_TEST(hits(c.db, "reposter") == 0);
    BOOST_TEST(hits(c.db, "financier") == 0);
    BOOST_TEST(hits(c.db, "cyclables") == 6);
    BOOST_TEST(hits(raw, "reposter") == 6);

    const json st = c.veille("stats", "--json").js();
    const json site = st.at("hygiene").at(0);
    BOOST_TEST(site.at("source").get<std::string>() == "Le Courrier du Port");
    BOOST_TEST(site.at("boilerplate_parts").get<int>() == 12);
    BOOST_TEST(site.at("boilerplate_lines").get<int>() == 2);
    BOOST_TEST(site.at("repeated_parts").get<int>() == 1);
    BOOST_TEST(contains(c.veille("stats", "").out, "boilerplate lines"));

    const json shown = c.veille("show", "--json page6.txt").js();
    BOOST_TEST(shown.at("skipped").size() == 3U);
    const Run human = c.veille("show", "page6.txt");
    BOOST_TEST(contains(human.out, "[repeated] Le conseil municipal"));
    BOOST_TEST(contains(human.out, "[boilerplate] Récompense"));

    // Cleaning the raw index gives the same hits as indexing with hygiene on.
    const json cleaned = c.run("clean --json --db " + q(raw)).js();
    BOOST_TEST(cleaned.at("reanalysed").get<int>() == 6);
    BOOST_TEST(cleaned.at("boilerplate_lines").get<int>() == 2);
    BOOST_TEST(hits(raw, "reposter") == 0);
    BOOST_TEST(c.run("clean --db " + q(c.dir.str("absent"))).code == 3);
}

BOOST_AUTO_TEST_CASE(suggestions_synonyms_explain_and_related) {
    Cli c;
    write(
        c.dir.path / "in" / "a.jsonl",
        R"({"id":"greve","title":"Grève au port","body":"Les syndicats des dockers appellent à la grève au port de Marseille.","source":"Le Phare","date":"2024-06-03"})"
        "\n"
        R"({"id":"greve-bis","title":"Le port de Marseille en grève","body":"Au port de Marseille, les dockers et leurs syndicats ont lancé une grève.","source":"Midi Dépêches","date":"2024-06-04"})"
        "\n"
        R"({"id":"ia","title":"L'intelligence artificielle à l'école","body":"Les syndicats d'enseignants débattent de l'intelligence artificielle en classe.","source":"Le Phare","date":"2024-05-20"})"
        "\n"
        R"({"id":"jardin","title":"Jardins partagés","body":"Les jardins partagés fleurissent dans les quartiers.","source":"Le Phare","date":"2023-04-01"})"
        "\n"
        R"({"id":"reprise","title":"Reprise du travail au port","body":"Après trois jours de grève, les dockers du port de Marseille reprennent le travail.","source":"Le Phare","date":"2024-06-07"})"
        "\n"
        R"({"id":"film","title":"Un premier film","body":"Le réalisateur marseillais tourne sur le port.","source":"Le Phare","date":"2024-06-08"})"
        "\n");
    // Default options: the word list for suggestions is on.
    BOOST_TEST(c.veille("index", "--no-progress in").code == 0);
    BOOST_TEST(
        contains(c.veille("search", "realisatuer").out, "Vouliez-vous dire : réalisateur ?"));

    // A misspelled word: nothing found, a suggestion in both forms.
    const json j = c.veille("search", "--json syndicts").js();
    BOOST_TEST(j.at("total").get<int>() == 0);
    BOOST_TEST(j.at("suggestion").get<std::string>() == "syndicats");
    BOOST_TEST(contains(c.veille("search", "syndicts").out, "Vouliez-vous dire : syndicats ?"));
    BOOST_TEST(c.veille("search", "--json syndicats").js().at("suggestion").is_null());

    // Synonyms on by default (IA: intelligence artificielle), off on request.
    BOOST_TEST(c.veille("search", "--json IA").js().at("total").get<int>() == 1);
    BOOST_TEST(c.veille("search", "--json --no-synonyms IA").js().at("total").get<int>() == 0);

    // Explain: terms, synonym expansion and the resolved date range.
    const std::string e =
        c.veille("search", "--explain --today 2024-07-01 " + q("IA date:\"juin 2024\"")).out;
    BOOST_TEST(contains(e, "intelligence artificielle"));
    BOOST_TEST(contains(e, "2024-06-01..2024-06-30"));

    // Related: the article itself and its republished copy are left out; not found is an error.
    const json rel = c.veille("related", "--json ia").js();
    for (const auto& h : rel.at("hits")) BOOST_TEST(h.at("id").get<std::string>() != "ia");
    const json rel2 = c.veille("related", "--json greve").js();
    BOOST_TEST_REQUIRE(!rel2.at("hits").empty());
    BOOST_TEST(rel2.at("hits")[0].at("id").get<std::string>() == "reprise");
    for (const auto& h : rel2.at("hits")) {
        BOOST_TEST(h.at("id").get<std::string>() != "greve");
        BOOST_TEST(h.at("id").get<std::string>() != "greve-bis");
    }
    BOOST_TEST(c.veille("related", "absent").code != 0);
}

BOOST_AUTO_TEST_SUITE_END()

// SPDX-License-Identifier: MIT
// Bulk indexing: analysis threads feeding the single writer, and automatic commits within
// the memory budget (include/veille/index.hpp).
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <thread>

#include "core/key_filter.hpp"
#include "fixtures.hpp"
#include "index/writeback.hpp"

#include <xapian.h>

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::ids;
using veille::test::TempDir;

namespace {

IndexOptions threaded(unsigned threads, std::size_t budget_mb = 0) {
    IndexOptions o;
    o.analysis_threads = threads;
    o.memory_budget_mb = budget_mb;
    return o;
}

std::string article(int i) {
    return "Le conseil municipal de la commune numéro " + std::to_string(i) +
           " a voté le budget des écoles et la rénovation de la médiathèque.";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk)

BOOST_AUTO_TEST_CASE(threads_keep_the_order_of_add_so_the_last_version_wins) {
    TempDir dir;
    {
        Index index(dir.str(), threaded(2));
        for (int round = 0; round < 3; ++round)
            for (int i = 0; i < 200; ++i)
                index.add(doc("d" + std::to_string(i), "Version " + std::to_string(round),
                              round == 2 ? "La péniche accoste au quai." : article(i)));
        BOOST_TEST(index.size() == 200U);
        index.commit();
    }
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 200U);
    BOOST_TEST(ids(s, "péniche").size() == 200U);
    BOOST_TEST(ids(s, "médiathèque").empty());
    BOOST_TEST(s.get("d42")->title == "Version 2");
}

BOOST_AUTO_TEST_CASE(an_invalid_document_is_refused_by_its_own_add) {
    TempDir dir;
    Index index(dir.str(), threaded(2));
    index.add(doc("a", "Marée haute", article(1)));
    BOOST_CHECK_EXCEPTION(index.add(doc("b", "Date", "texte", "", "2024-13-45")), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.add(doc("", "Sans id", "texte")), Error,
                          has_code(ErrorCode::invalid_argument));
    index.add(doc("c", "Marée basse", article(2)));
    index.commit();
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "marée") == (std::vector<std::string>{"a", "c"}));
}

BOOST_AUTO_TEST_CASE(remove_and_size_see_the_adds_still_in_flight) {
    TempDir dir;
    Index index(dir.str(), threaded(1));
    for (int i = 0; i < 50; ++i) index.add(doc("n" + std::to_string(i), "Titre", article(i)));
    BOOST_TEST(index.pending() == 50U);
    BOOST_TEST(index.remove("n49"));  // added just before: must already be written
    BOOST_TEST(!index.remove("n50"));
    BOOST_TEST(index.size() == 49U);
    index.commit();
    BOOST_TEST(index.pending() == 0U);
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 49U);
    BOOST_TEST(!s.get("n49").has_value());
}

BOOST_AUTO_TEST_CASE(without_budget_nothing_is_published_before_commit) {
    TempDir dir;
    {
        Index index(dir.str(), threaded(2, 0));
        for (int i = 0; i < 300; ++i) index.add(doc("x" + std::to_string(i), "Titre", article(i)));
        BOOST_TEST(index.auto_commits() == 0U);
        Searcher s(dir.str());
        BOOST_TEST(s.size() == 0U);
    }  // destroyed without commit: every queued and written document is dropped
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 0U);
}

BOOST_AUTO_TEST_CASE(a_small_budget_commits_on_its_own_in_order) {
    TempDir dir;
    Index index(dir.str(), threaded(1, 1));  // 1 MB: a commit every ~10 kB of text
    std::size_t seen_early = 0;
    for (int i = 0; i < 400; ++i) {
        index.add(doc("y" + std::to_string(i), "Titre", article(i) + " " + article(i + 1)));
        if (i == 300) seen_early = Searcher(dir.str()).size();
    }
    BOOST_TEST(index.auto_commits() > 0U);
    BOOST_TEST(seen_early > 0U);  // published before commit() by the budget
    BOOST_TEST(seen_early <= 301U);
    index.commit();
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 400U);
}

BOOST_AUTO_TEST_CASE(the_first_automatic_commit_comes_early) {
    // With the default budget (400 MB) later commits come at 50 MB of changes, about 4 MB of
    // text; the first one comes at 1/256 of the budget (about 120 kB of text), so workers
    // get boilerplate counts early. 1,500 short articles are about 200 kB.
    TempDir dir;
    IndexOptions o;
    o.analysis_threads = 1;
    Index index(dir.str(), o);
    for (int i = 0; i < 1500; ++i) index.add(doc("e" + std::to_string(i), "Titre", article(i)));
    BOOST_TEST(index.auto_commits() >= 1U);
    BOOST_TEST(index.auto_commits() <= 2U);
    const auto published = Searcher(dir.str()).size();
    BOOST_TEST(published > 0U);
    BOOST_TEST(published < 1500U);
    index.commit();
    BOOST_TEST(Searcher(dir.str()).size() == 1500U);
}

BOOST_AUTO_TEST_CASE(an_index_with_documents_skips_the_early_commits) {
    // Its boilerplate counts are there already, and on a large index a small commit costs
    // nearly what a full one does: the same 1,500 articles as above commit nothing on their own.
    TempDir dir;
    IndexOptions o;
    o.analysis_threads = 1;
    {
        Index index(dir.str(), o);
        index.add(doc("first", "Titre", article(0)));
        index.commit();
    }
    Index index(dir.str(), o);
    for (int i = 0; i < 1500; ++i) index.add(doc("e" + std::to_string(i), "Titre", article(i)));
    BOOST_TEST(index.auto_commits() == 0U);
    BOOST_TEST(Searcher(dir.str()).size() == 1U);
    index.commit();
    BOOST_TEST(Searcher(dir.str()).size() == 1501U);
}

BOOST_AUTO_TEST_CASE(threads_and_no_threads_build_the_same_index) {
    TempDir dir;
    for (unsigned threads : {0U, 3U}) {
        const std::string path = dir.str("t" + std::to_string(threads));
        Index index(path, threaded(threads));
        for (int i = 0; i < 120; ++i)
            index.add(doc("z" + std::to_string(i), "Élection à Rennes", article(i), "Ouest-France",
                          "2024-06-0" + std::to_string(1 + i % 9)));
        index.commit();
    }
    Searcher a(dir.str("t0")), b(dir.str("t3"));
    for (const char* q :
         {"élection", "\"rénovation de la médiathèque\"", "numéro 7", "source:ouest-france"})
        BOOST_TEST(ids(a, q) == ids(b, q));
    BOOST_TEST((a.get("z17") == b.get("z17")));
}

// Market news from two sources: lines of their own, a newsletter line in a third of the first
// source's articles (boilerplate), lines shared by six articles (boilerplate once the sixth
// comes) and by four (not). Article @p i as written in session @p round: the second session
// rewrites one of its lines.
Document market(int i, int round) {
    const bool a = i < 300 || i % 2 == 0;
    const std::string n = std::to_string(i);
    std::string body = "Le marché couvert numéro " + n + " accueille " + std::to_string(i % 17) +
                       " producteurs de fromage fermier.\n";
    body += "La file d'attente devant l'étal " + n + " s'allonge dès sept heures.\n";
    body += round == 1 && i % 4 == 3
                ? "Le stand " + n + " a fermé ses volets, faute de repreneur.\n"
                : "Les prix du stand " + n + " restent stables cette saison.\n";
    if (a && i % 3 == 0) body += "Abonnez-vous à notre lettre du matin pour ne rien manquer.\n";
    if (a) body += "Correspondance de l'antenne régionale " + std::to_string((i + 3) / 6) + ".\n";
    body += "Reportage réalisé avec la chambre d'agriculture, équipe " + std::to_string(i / 4);
    return doc("h" + n, "Marché " + n, body, a ? "Le Journal des Halles" : "La Voix du Canal",
               "2024-04-" + std::to_string(10 + i % 19));
}

// The lists of lines a commit changes go to a journal, merged into the lists' entries once
// full: an index built through many commits and merges, over two sessions that replace and
// remove articles, must be the index built in one go.
BOOST_AUTO_TEST_CASE(a_journal_merged_on_the_way_gives_the_same_index) {
    // The first session writes articles 0 to 349; the second rewrites 330 to 349, adds 350 to
    // 499 and removes some of the first ones, so that lines are shared across sessions.
    const auto removed = [](int i) { return i < 330 && i % 25 == 7; };
    TempDir dir;
    const std::string once = dir.str("once"), steps = dir.str("steps");
    {
        Index index(once, threaded(0));  // one transaction: one journal entry, no merge
        for (int i = 0; i < 500; ++i)
            if (!removed(i)) index.add(market(i, i < 330 ? 0 : 1));
        index.commit();
    }
    for (int round = 0; round < 2; ++round) {
        Index index(steps, threaded(1, 1));  // 1 MB: commits of a few dozen articles each
        const int first = round == 0 ? 0 : 330, end = round == 0 ? 350 : 500;
        for (int i = first; i < end; ++i) index.add(market(i, round));
        for (int i = 0; round == 1 && i < 500; ++i)
            if (removed(i)) index.remove("h" + std::to_string(i));
        index.commit();
    }
    const auto count = [](const std::string& path, const char* prefix) {
        Xapian::Database x(path);
        std::size_t n = 0;
        for (auto k = x.metadata_keys_begin(prefix); k != x.metadata_keys_end(prefix); ++k) ++n;
        return n;
    };
    BOOST_TEST(count(once, "XL") == 0U);    // everything still in the journal
    BOOST_TEST(count(steps, "XL") > 500U);  // merged on the way
    Searcher a(once), b(steps);
    BOOST_TEST(a.size() == 487U);
    BOOST_TEST(b.size() == 487U);
    for (const char* q : {"fromage", "abonnez", "lettre matin", "correspondance antenne",
                          "chambre agriculture", "volets repreneur", "prix stables", ""})
        BOOST_TEST(ids(a, q) == ids(b, q), "query " << q);
    BOOST_TEST(ids(b, "abonnez").empty());  // boilerplate: never indexed
    BOOST_TEST(!ids(b, "chambre agriculture").empty());
    for (int i = 0; i < 500; ++i) {
        const std::string id = "h" + std::to_string(i);
        BOOST_TEST((a.skipped_parts(id) == b.skipped_parts(id)), id);
    }
    const auto sa = a.hygiene_stats(), sb = b.hygiene_stats();
    BOOST_TEST_REQUIRE(sa.size() == sb.size());
    for (std::size_t i = 0; i < sa.size(); ++i) {
        BOOST_TEST(sa[i].source == sb[i].source);
        BOOST_TEST(sa[i].documents == sb[i].documents);
        BOOST_TEST(sa[i].boilerplate_parts == sb[i].boilerplate_parts);
        BOOST_TEST(sa[i].boilerplate_lines == sb[i].boilerplate_lines);
    }
    BOOST_TEST(sa[0].boilerplate_lines > 40U);  // the newsletter and the groups of six
}

// A commit starts its disk writes early (index/writeback.hpp). That must never get in the way:
// over a directory that is gone, or whose table files are being written meanwhile, the guard
// ends as soon as it is dropped, throws nothing and leaves the files as written.
BOOST_AUTO_TEST_CASE(early_writes_get_in_no_way) {
    using namespace std::chrono_literals;
    TempDir dir;
    {
        const detail::Writeback during(dir.str("gone"));
        std::this_thread::sleep_for(50ms);
    }
    std::filesystem::create_directories(dir.path / "db");
    const std::string path = (dir.path / "db" / "postlist.glass").string();
    std::ofstream(path) << "";  // present when the guard starts, as Xapian's tables are
    std::string written;
    for (int i = 0; i < 4096; ++i) written += article(i);
    std::chrono::steady_clock::duration stop_took{};
    {
        std::optional<detail::Writeback> during(std::in_place, dir.str("db"));
        std::ofstream out(path, std::ios::binary);
        for (std::size_t at = 0; at < written.size(); at += 65536) {
            out.write(written.data() + at, static_cast<std::streamsize>(
                                               std::min<std::size_t>(65536, written.size() - at)));
            out.flush();
            std::this_thread::sleep_for(1ms);
        }
        const auto t0 = std::chrono::steady_clock::now();
        during.reset();
        stop_took = std::chrono::steady_clock::now() - t0;
    }
    BOOST_TEST(stop_took < 1s);  // one interval (5 ms) at most, with room for a slow machine
    std::ifstream in(path, std::ios::binary);
    const std::string read((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    BOOST_TEST((read == written));
}

// The writer adds a document whose id its filter has never seen without looking the id up
// (core/key_filter.hpp): replacing by id must work as before in each state of the filter,
// built at the first add of an empty index, not yet built on an index with documents (the
// first lookups read), and built there once those reads reach a quarter of the documents.
BOOST_AUTO_TEST_CASE(ids_are_replaced_whatever_the_state_of_the_id_filter) {
    TempDir dir;
    const auto body = [](const std::string& word, int i) {
        return "Le comité " + std::to_string(i) + " examine la question du " + word + ".";
    };
    for (unsigned threads : {0U, 1U}) {
        const std::string path = dir.str("t" + std::to_string(threads));
        {
            Index index(path, threaded(threads));
            for (int i = 0; i < 40; ++i)
                index.add(doc("p" + std::to_string(i), "Comité", body("tramway", i)));
            index.commit();
            for (int i = 0; i < 40; i += 2)
                index.add(doc("p" + std::to_string(i), "Comité", body("stationnement", i)));
            index.add(doc("p1", "Comité", body("stationnement", 1)));  // twice in one transaction
            index.add(doc("p1", "Comité", body("jumelage", 1)));
            BOOST_TEST(index.size() == 40U);
            index.commit();
        }
        Searcher s(path);
        BOOST_TEST(ids(s, "tramway").size() == 19U);
        BOOST_TEST(ids(s, "stationnement").size() == 20U);
        BOOST_TEST(ids(s, "jumelage") == (std::vector<std::string>{"p1"}));
        {
            // 40 documents: the first 10 lookups read, the next ones go through the filter.
            Index index(path, threaded(threads));
            for (int i = 39; i >= 0; --i)
                index.add(doc("p" + std::to_string(i), "Comité", body("piscine", i)));
            for (int i = 40; i < 45; ++i)
                index.add(doc("p" + std::to_string(i), "Comité", body("piscine", i)));
            BOOST_TEST(index.size() == 45U);
            index.commit();
        }
        s.reopen();
        BOOST_TEST(s.size() == 45U);
        BOOST_TEST(ids(s, "piscine").size() == 45U);
        BOOST_TEST(ids(s, "tramway OR stationnement OR jumelage").empty());
    }
}

// The filter itself: it never forgets a key, through its growth and at its maximum; it
// answers "no" for most other keys; on a large index it first lets lookups read.
BOOST_AUTO_TEST_CASE(a_key_filter_keeps_every_key_and_turns_most_others_away) {
    std::vector<std::uint64_t> held;
    int walks = 0;
    const auto each = [&](const auto& add) {
        ++walks;
        for (const auto k : held) add(k);
    };
    veille::detail::KeyFilter filter(std::size_t{1} << 12, 1024);  // 1,024 bits, at most 32,768
    BOOST_TEST(!filter.may_contain(1, 0, each));                   // an empty index: built at once
    BOOST_TEST(walks == 1);
    BOOST_TEST(filter.bits() == 1024U);
    std::vector<std::size_t> sizes;
    for (std::uint64_t k = 100; k < 5100; ++k) {
        held.push_back(k * 7919);
        filter.add(k * 7919);
        BOOST_REQUIRE(filter.may_contain(k * 7919, held.size(), each));
        if (sizes.empty() || sizes.back() != filter.bits()) sizes.push_back(filter.bits());
    }
    // Dropped when full and built again larger, up to the maximum, where it stays.
    BOOST_TEST(sizes.size() >= 3U);
    BOOST_TEST(std::is_sorted(sizes.begin(), sizes.end()));
    BOOST_TEST(sizes.back() == 32768U);
    for (const auto k : held) BOOST_REQUIRE(filter.may_contain(k, held.size(), each));
    veille::detail::KeyFilter fresh(std::size_t{1} << 16);
    int yes = 0;
    for (std::uint64_t k = 1; k <= 10000; ++k)
        yes += fresh.may_contain(k * 7919 + 3, 4000, each) ? 1 : 0;
    // 1,000 lookups read before the filter is built, then about 0.3 % false positives.
    BOOST_TEST(yes >= 1000);
    BOOST_TEST(yes < 1100);
    for (const auto k : held) BOOST_REQUIRE(fresh.may_contain(k, 4000, each));
}

BOOST_AUTO_TEST_SUITE_END()

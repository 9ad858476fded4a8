// SPDX-License-Identifier: MIT
// The acceptance tests of the French analysis, end to end through Index and Searcher.
#include <boost/test/unit_test.hpp>

#include <xapian.h>

#include "fixtures.hpp"

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::ids;
using veille::test::Ids;
using veille::test::TempDir;

namespace {

struct Corpus {
    TempDir dir;
    Corpus() {
        Index index(dir.str());
        index.add(doc("ia", "L’Intelligence artificielle au cinéma",
                      "Le réalisateur a confié que l’intelligence artificielle l’inquiète.",
                      "Le Monde", "2024-03-02"));
        index.add(doc("loin", "Un rapport",
                      "L'intelligence des comités est grande, dit le rapport ; la voix artificielle "
                      "des robots, elle, n'a convaincu personne.",
                      "Libération", "2023-11-20"));
        index.add(doc("oeuvre", "Une œuvre majeure", "Cette œuvre a marqué les créateurs de sa génération.",
                      "Télérama", "2022"));
        index.add(doc("dia", "Régulation", "Les usages d’IA générative inquiètent les syndicats.",
                      "Les Échos", "2024-06"));
        index.add(doc("eglise", "Patrimoine", "La restauration de l’église a commencé. Les Églises de France s'en félicitent.",
                      "La Croix", "2021-09-14"));
        index.add(doc("porte", "Gouvernement", "Le porte-parole a répondu. Joseph Gordon-Levitt était présent.",
                      "Le Figaro", "2024-06-15"));
        index.add(doc("cjk", "北京大学 accueille une délégation", "Une délégation française à Pékin.",
                      "Le Monde", "2020-01-05"));
        index.commit();
    }
};

std::string first_snippet(Searcher& s, const std::string& query, SnippetOptions options = {}) {
    SearchRequest r;
    r.query = query;
    r.snippet = std::move(options);
    r.facets = std::vector<FacetRequest>{};
    auto res = s.search(r);
    BOOST_TEST_REQUIRE(!res.hits.empty());
    return res.hits.front().snippet;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search)

BOOST_FIXTURE_TEST_CASE(elision_case_accents_and_stems_match, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "intelligence") == (Ids{"ia", "loin"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "realisateur") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "RÉALISATEUR") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "oeuvre") == Ids{"oeuvre"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "œuvres") == Ids{"oeuvre"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "createurs") == Ids{"oeuvre"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "IA") == Ids{"dia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "l'IA") == Ids{"dia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "l’IA") == Ids{"dia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "églises") == Ids{"eglise"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "eglise") == Ids{"eglise"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(phrases_keep_word_order_and_stopwords, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "\"intelligence artificielle\"") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "«intelligence artificielle»") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"restauration de l'église\"") == Ids{"eglise"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"restauration de la église\"").empty());
}

BOOST_FIXTURE_TEST_CASE(hyphenated_words_whole_and_by_parts, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "porte-parole") == Ids{"porte"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "parole") == Ids{"porte"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "Gordon-Levitt") == Ids{"porte"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "levitt") == Ids{"porte"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(cjk_runs_in_a_title_are_findable, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "北京大学") == Ids{"cjk"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "北京") == Ids{"cjk"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "京北").empty());
}

BOOST_FIXTURE_TEST_CASE(stopword_only_queries_find_nothing, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "le la les de").empty());
    BOOST_TEST(ids(s, "l'").empty());
    // A stopword beside a real word is ignored, not required.
    BOOST_TEST(ids(s, "les créateurs") == Ids{"oeuvre"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(no_term_starts_with_an_elided_article, Corpus) {
    Xapian::Database db(dir.str());
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string term = *t;
        for (const char* a : {"l'", "d'", "qu'", "jusqu'", "n'", "s'", "c'", "j'", "m'", "t'"})
            BOOST_TEST(!term.starts_with(a), term);
        BOOST_TEST(term.find("’") == std::string::npos, term);
    }
}

BOOST_FIXTURE_TEST_CASE(boolean_operators_wildcards_and_title_field, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "intelligence NOT cinéma") == Ids{"loin"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "œuvre OR église") == (Ids{"eglise", "oeuvre"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "intelligence -robots") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "réalis*") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "title:intelligence") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "title:rapport") == Ids{"loin"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(malformed_queries_throw_query_syntax, Corpus) {
    Searcher s(dir.str());
    SearchRequest r;
    r.query = "(intelligence OR";
    BOOST_CHECK_EXCEPTION(s.search(r), Error, has_code(ErrorCode::query_syntax));
    r.query = std::string(100 * 1024, 'a');
    BOOST_CHECK_EXCEPTION(s.search(r), Error, has_code(ErrorCode::query_syntax));
    r.query = "\"intelligence artificielle";  // an unclosed phrase runs to the end
    BOOST_CHECK_NO_THROW(s.search(r));
}

BOOST_FIXTURE_TEST_CASE(empty_query_lists_everything_newest_first, Corpus) {
    Searcher s(dir.str());
    SearchRequest r;
    r.limit = 100;
    auto res = s.search(r);
    BOOST_TEST(res.total == 7U);
    BOOST_TEST(res.exact);
    std::vector<std::string> order;
    for (auto& h : res.hits) order.push_back(h.id);
    // 2024-06-15, 2024-06 (sorts as its first day), 2024-03-02, 2023-11-20, 2022, 2021-09-14, 2020-01-05
    BOOST_TEST(order == (Ids{"porte", "dia", "ia", "loin", "oeuvre", "eglise", "cjk"}),
               boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(snippets_mark_words_as_written, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(first_snippet(s, "\"intelligence artificielle\"").find("l’<b>intelligence</b> <b>artificielle</b>") !=
               std::string::npos);
    const std::string church = first_snippet(s, "eglises");
    BOOST_TEST(church.find("l’<b>église</b>") != std::string::npos, church);
    BOOST_TEST(church.find("<b>Églises</b>") != std::string::npos, church);
    SnippetOptions plain;
    plain.open = "[";
    plain.close = "]";
    BOOST_TEST(first_snippet(s, "realisateur", plain).find("[réalisateur]") != std::string::npos);
    SnippetOptions none;
    none.open.clear();
    none.close.clear();
    BOOST_TEST(first_snippet(s, "realisateur", none).find("réalisateur a confié") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(hits_carry_the_stored_fields, Corpus) {
    Searcher s(dir.str());
    SearchRequest r;
    r.query = "œuvre";
    auto res = s.search(r);
    BOOST_TEST_REQUIRE(res.hits.size() == 1U);
    const Hit& h = res.hits[0];
    BOOST_TEST(h.id == "oeuvre");
    BOOST_TEST(h.title == "Une œuvre majeure");
    BOOST_TEST(h.source == "Télérama");
    BOOST_TEST(h.date == "2022");
    BOOST_TEST(h.score > 0);
    auto d = s.get("eglise");
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->body == "La restauration de l’église a commencé. Les Églises de France s'en félicitent.");
    BOOST_TEST(!s.get("absent").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

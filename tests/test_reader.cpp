// SPDX-License-Identifier: MIT
// Reader conveniences: spelling suggestions, synonyms, French date expressions, related
// articles and query explain, on French text written for these tests.
#include <algorithm>

#include "dates/french_dates.hpp"
#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::Ids;
using veille::test::TempDir;

namespace {

// Spelling suggestions come from the word list, on by default; said here all the same.
IndexOptions with_spelling() {
    IndexOptions o;
    o.spelling = true;
    return o;
}

// Saturday 15 June 2024.
constexpr const char* reference = "2024-06-15";

struct Corpus {
    TempDir dir;
    Corpus() {
        Index index(dir.str(), with_spelling());
        const std::string ia_body =
            "Dans les rédactions, l'intelligence artificielle transcrit les entretiens, résume les "
            "dépêches et propose des titres. Les journalistes craignent une automatisation de leur "
            "métier ; les syndicats réclament une charte sur l'usage des outils dans les "
            "rédactions.";
        index.add(doc("ia", "L'intelligence artificielle bouscule les rédactions", ia_body,
                      "Le Monde", "2024-06-14"));
        // The same article republished by another source, with a new first sentence.
        index.add(doc("ia-reprise", "L'intelligence artificielle bouscule les rédactions",
                      "Article repris. " + ia_body, "Ouest-France", "2024-06-14"));
        index.add(doc("traduction", "L'IA générative inquiète les traducteurs",
                      "Les outils d'IA traduisent les dépêches en quelques secondes. Les "
                      "traducteurs et les journalistes des rédactions redoutent l'automatisation "
                      "et demandent une charte.",
                      "Libération", "2024-06-05"));
        index.add(
            doc("renault", "Renault change de direction",
                "Le président-directeur général de Renault quitte ses fonctions après cinq ans.",
                "Les Échos", "2024-05-05"));
        index.add(doc("airbus", "Airbus",
                      "Le PDG d'Airbus présente les résultats annuels du groupe.", "Le Figaro",
                      "2023-03-10"));
        index.add(
            doc("jo", "Paris accueille les Jeux olympiques",
                "Les journalistes sportifs du monde entier arrivent pour les Jeux olympiques.",
                "L'Équipe", "2024-06-15"));
        index.add(doc("tarte", "Recette", "La tarte aux pommes se cuit quarante minutes au four.",
                      "Marmiton", "2019-11-02"));
        for (int i = 0; i < 3; ++i)
            index.add(
                doc("cinema" + std::to_string(i), "Cinéma",
                    "Le réalisateur présente son film ; un réalisateur engagé, dit la critique.",
                    "Télérama", "2024-0" + std::to_string(i + 1)));
        index.commit();
    }
};

SearchRequest request(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 1000;
    r.reference_date = reference;
    r.facets = std::vector<FacetRequest>{};
    return r;
}

Ids found(Searcher& s, const SearchRequest& r) {
    Ids out;
    for (auto& h : s.search(r).hits) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
}

Ids found(Searcher& s, const std::string& query) { return found(s, request(query)); }

std::string span(std::string_view expression) {
    const auto r = resolve_date(expression, reference);
    return r.first + ".." + r.last;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reader)

// --- French date expressions ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(french_date_expressions_resolve_against_the_reference_day) {
    BOOST_TEST(span("juin 2024") == "2024-06-01..2024-06-30");
    BOOST_TEST(span("JUIN 2024") == "2024-06-01..2024-06-30");
    BOOST_TEST(span("hier") == "2024-06-14..2024-06-14");
    BOOST_TEST(span("aujourd'hui") == "2024-06-15..2024-06-15");
    BOOST_TEST(span("Aujourd’hui") == "2024-06-15..2024-06-15");
    BOOST_TEST(span("avant-hier") == "2024-06-13..2024-06-13");
    BOOST_TEST(span("la semaine dernière") == "2024-06-03..2024-06-09");
    BOOST_TEST(span("la semaine derniere") == "2024-06-03..2024-06-09");
    BOOST_TEST(span("cette semaine") == "2024-06-10..2024-06-16");
    BOOST_TEST(span("ce mois-ci") == "2024-06-01..2024-06-30");
    BOOST_TEST(span("Ce Mois Ci") == "2024-06-01..2024-06-30");
    BOOST_TEST(span("le mois dernier") == "2024-05-01..2024-05-31");
    BOOST_TEST(span("l'année dernière") == "2023-01-01..2023-12-31");
    BOOST_TEST(span("cette année") == "2024-01-01..2024-12-31");
    BOOST_TEST(span("depuis mars 2023") == "2023-03-01..");
    BOOST_TEST(span("Depuis Mars 2023") == "2023-03-01..");
    BOOST_TEST(span("avant 2020") == "..2019-12-31");
    BOOST_TEST(span("après 2020") == "2021-01-01..");
    BOOST_TEST(span("jusqu'à juin 2024") == "..2024-06-30");
    BOOST_TEST(span("du 3 au 10 mai 2024") == "2024-05-03..2024-05-10");
    BOOST_TEST(span("DU 3 AU 10 MAI 2024") == "2024-05-03..2024-05-10");
    BOOST_TEST(span("du 28 décembre au 3 janvier 2024") == "2023-12-28..2024-01-03");
    BOOST_TEST(span("entre mars et juin 2024") == "2024-03-01..2024-06-30");
    BOOST_TEST(span("les 30 derniers jours") == "2024-05-17..2024-06-15");
    BOOST_TEST(span("les 2 dernières semaines") == "2024-06-02..2024-06-15");
    BOOST_TEST(span("1er mai 2024") == "2024-05-01..2024-05-01");
    BOOST_TEST(span("3 mai") == "2024-05-03..2024-05-03");
    // A month without a year is the latest one not after the reference day.
    BOOST_TEST(span("septembre") == "2023-09-01..2023-09-30");
}

BOOST_AUTO_TEST_CASE(numeric_dates_are_day_first) {
    BOOST_TEST(span("03/05/2024") == "2024-05-03..2024-05-03");
    BOOST_TEST(span("3.5.2024") == "2024-05-03..2024-05-03");
    BOOST_TEST(span("05/2024") == "2024-05-01..2024-05-31");
    BOOST_TEST(span("2024-06-15") == "2024-06-15..2024-06-15");
    BOOST_TEST(span("2024") == "2024-01-01..2024-12-31");
    BOOST_TEST(span("2024-01..2024-06") == "2024-01-01..2024-06-30");
    BOOST_TEST(span("mars 2023..juin 2024") == "2023-03-01..2024-06-30");
    BOOST_TEST(span("..2020") == "..2020-12-31");
}

BOOST_AUTO_TEST_CASE(unreadable_dates_are_syntax_errors_quoting_them) {
    for (const char* bad : {"la saint-glinglin", "31/02/2024", "du 3 au", "avant", "13/13/2024",
                            "les derniers jours", "du 10 au 3 mai 2024"}) {
        try {
            (void)resolve_date(bad, reference);
            BOOST_ERROR("no error for " << bad);
        } catch (const Error& e) {
            BOOST_TEST((e.code() == ErrorCode::query_syntax), bad);
            BOOST_TEST(std::string(e.what()).find(bad) != std::string::npos, e.what());
        }
    }
    BOOST_CHECK_EXCEPTION((void)resolve_date("hier", "15/06/2024"), Error,
                          has_code(ErrorCode::invalid_argument));
}

BOOST_FIXTURE_TEST_CASE(date_filters_read_french_expressions, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(found(s, "date:hier") == (Ids{"ia", "ia-reprise"}),
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"aujourd'hui\"") == Ids{"jo"}, boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"la semaine dernière\"") == Ids{"traduction"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"ce mois-ci\"") == (Ids{"ia", "ia-reprise", "jo", "traduction"}),
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"avant 2020\"") == Ids{"tarte"}, boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"du 3 au 10 mai 2024\"") == Ids{"renault"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:05/05/2024") == Ids{"renault"}, boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"depuis mars 2023\" -date:2024") == Ids{"airbus"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"les 30 derniers jours\" Renault") == Ids{},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "date:\"les 2 derniers mois\" Renault") == Ids{"renault"},
               boost::test_tools::per_element());
    // In the API too.
    auto r = request("");
    r.filters = {{"date", "juin 2024"}};
    BOOST_TEST(found(s, r) == (Ids{"ia", "ia-reprise", "jo", "traduction"}),
               boost::test_tools::per_element());
    BOOST_CHECK_EXCEPTION((void)s.search(request("date:\"quand il pleut\"")), Error,
                          has_code(ErrorCode::query_syntax));
}

// --- Spelling suggestions ------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(suggestions_ignore_accents_and_keep_elision, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(s.search(request("realisatuer")).suggestion == "réalisateur");
    BOOST_TEST(s.search(request("réalisatuer")).suggestion == "réalisateur");
    BOOST_TEST(s.search(request("l'intelligense artificielle")).suggestion ==
               "l'intelligence artificielle");
    // Filters are kept as written; only the words are corrected.
    BOOST_TEST(s.search(request("tarte date:2019 auw pommes")).suggestion == "");
    BOOST_TEST(s.search(request("realisatuer source:Télérama")).suggestion ==
               "réalisateur source:Télérama");
}

BOOST_FIXTURE_TEST_CASE(no_suggestion_when_the_query_is_fine, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(s.search(request("réalisateur")).suggestion == "");
    BOOST_TEST(s.search(request("tarte aux pommes")).suggestion == "");
    BOOST_TEST(s.search(request("l'intelligence artificielle")).suggestion == "");
    auto off = request("realisatuer");
    off.suggest = false;
    BOOST_TEST(s.search(off).suggestion == "");
}

BOOST_AUTO_TEST_CASE(suggestions_follow_replacements_and_can_be_off) {
    TempDir dir;
    const auto suggestion = [&](const std::string& q) {
        Searcher s(dir.str());
        return s.search(request(q)).suggestion;
    };
    {
        Index index(dir.str());  // the word list is on by default
        index.add(doc("a", "Cinéma", "Le réalisateur répond."));
        index.commit();
    }
    BOOST_TEST(suggestion("realisatuer") == "réalisateur");
    BOOST_TEST(suggestion("comedinne") == "");
    {
        Index index(dir.str());
        index.add(doc("a", "Théâtre", "La comédienne répond."));
        index.commit();
    }
    // The word stays listed, but no document holds it any more: never suggested.
    BOOST_TEST(suggestion("realisatuer") == "");
    BOOST_TEST(suggestion("comedinne") == "comédienne");
    {
        Index index(dir.str());
        index.remove("a");
        index.commit();
    }
    BOOST_TEST(suggestion("comedinne") == "");

    TempDir off;
    {
        IndexOptions o;
        o.spelling = false;
        Index index(off.str(), o);
        index.add(doc("a", "Cinéma", "Le réalisateur répond."));
        index.commit();
    }
    Searcher s(off.str());
    BOOST_TEST(s.search(request("realisatuer")).suggestion == "");
    const Xapian::Database db(off.str());
    BOOST_TEST((db.synonym_keys_begin("\x1f") == db.synonym_keys_end("\x1f")));
}

// --- Synonyms ------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(synonyms_work_both_ways, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(found(s, "IA") == Ids{"traduction"}, boost::test_tools::per_element());
    s.set_synonyms(Synonyms::french_news());
    BOOST_TEST(found(s, "IA") == (Ids{"ia", "ia-reprise", "traduction"}),
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "intelligence artificielle") == (Ids{"ia", "ia-reprise", "traduction"}),
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "JO") == Ids{"jo"}, boost::test_tools::per_element());
    BOOST_TEST(found(s, "pdg") == (Ids{"airbus", "renault"}), boost::test_tools::per_element());
    // Filters are not touched, and a request may turn synonyms off.
    BOOST_TEST(found(s, "IA source:Libération") == Ids{"traduction"},
               boost::test_tools::per_element());
    auto off = request("IA");
    off.synonyms = false;
    BOOST_TEST(found(s, off) == Ids{"traduction"}, boost::test_tools::per_element());
    // An excluded word excludes its synonyms too.
    BOOST_TEST(found(s, "rédactions -IA") == Ids{}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(synonyms_apply_inside_phrases, Corpus) {
    Searcher s(dir.str());
    s.set_synonyms(Synonyms::french_news());
    BOOST_TEST(found(s, "\"le PDG de Renault\"") == Ids{"renault"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "\"président-directeur général d'Airbus\"") == Ids{"airbus"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "title:\"l'IA bouscule\"") == (Ids{"ia", "ia-reprise"}),
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "\"PDG de Renault\" date:2024") == Ids{"renault"},
               boost::test_tools::per_element());
    // NEAR and wildcards keep their single words.
    BOOST_TEST(found(s, "IA NEAR traduisent") == Ids{"traduction"},
               boost::test_tools::per_element());
    BOOST_TEST(found(s, "PDG*") == Ids{"airbus"}, boost::test_tools::per_element());
    const auto e = s.explain(request("\"le PDG de Renault\""));
    BOOST_TEST_REQUIRE(e.synonyms.size() == 1U);
    BOOST_TEST(e.synonyms[0].written == "PDG");
    BOOST_TEST(e.synonyms[0].alternatives.front() == "président-directeur général");
}

BOOST_AUTO_TEST_CASE(synonym_files_are_read_and_checked) {
    const auto syn = Synonyms::parse(
        "# commentaire\n\nIA, intelligence artificielle\n"
        "Élysée => présidence de la République\n");
    BOOST_TEST_REQUIRE(syn.rules().size() == 3U);
    BOOST_TEST(syn.rules()[0].from == "IA");
    BOOST_TEST(syn.rules()[1].from == "intelligence artificielle");
    BOOST_TEST(syn.rules()[1].to.front() == "IA");
    BOOST_TEST(syn.rules()[2].from == "Élysée");
    BOOST_CHECK_EXCEPTION((void)Synonyms::parse("IA\n"), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION((void)Synonyms::parse("IA, , robot\n"), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION((void)Synonyms::load("/nonexistent/synonymes.txt"), Error,
                          has_code(ErrorCode::io));
    const auto def = Synonyms::french_news();
    BOOST_TEST(def.rules().size() >= 40U);  // 20-40 lines, each equivalence in every direction
}

BOOST_FIXTURE_TEST_CASE(one_way_synonyms_go_one_way, Corpus) {
    Searcher s(dir.str());
    s.set_synonyms(Synonyms::parse("Airbus => Renault\n"));
    BOOST_TEST(found(s, "Airbus") == (Ids{"airbus", "renault"}), boost::test_tools::per_element());
    BOOST_TEST(found(s, "Renault") == Ids{"renault"}, boost::test_tools::per_element());
}

// --- Related articles ----------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(related_ranks_same_topic_first_and_drops_republished_copies, Corpus) {
    Searcher s(dir.str());
    const auto hits = s.related("ia");
    Ids order;
    for (const auto& h : hits) order.push_back(h.id);
    BOOST_TEST_REQUIRE(!order.empty());
    BOOST_TEST(order.front() == "traduction");
    BOOST_TEST(!hits.front().snippet.empty());
    BOOST_TEST((std::find(order.begin(), order.end(), "ia") == order.end()));
    BOOST_TEST((std::find(order.begin(), order.end(), "ia-reprise") == order.end()));
    const auto jo = std::find(order.begin(), order.end(), "jo");
    BOOST_TEST((jo == order.end() || jo > order.begin()));

    // Within filters.
    RelatedRequest within;
    within.filters = {{"source", "L'Équipe"}};
    const auto filtered = s.related("ia", within);
    for (const auto& h : filtered) BOOST_TEST(h.id == "jo");

    // The copy is only left out as a duplicate: with a threshold above 1 it comes back first.
    RelatedRequest keep;
    keep.duplicate_overlap = 1.1;
    BOOST_TEST(s.related("ia", keep).front().id == "ia-reprise");

    BOOST_CHECK_EXCEPTION((void)s.related("absent"), Error, has_code(ErrorCode::not_found));
}

BOOST_AUTO_TEST_CASE(related_works_on_an_index_of_five_articles) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("port-1", "Grève des dockers à Marseille",
                      "Les dockers du port de Marseille cessent le travail contre la réforme."));
        index.add(doc("port-2", "Le port de Marseille à l'arrêt",
                      "Au troisième jour de grève, les dockers bloquent toujours le port."));
        index.add(doc("film-1", "Le festival de Cannes s'ouvre",
                      "Le jury du festival découvre ce soir le premier film en compétition."));
        index.add(doc("film-2", "Un premier film primé au festival",
                      "Le jury a salué un film tourné en Bretagne par une jeune réalisatrice."));
        index.add(doc("meteo", "Orages sur le Massif central",
                      "Des orages violents sont attendus jeudi sur le Massif central."));
        index.commit();
    }
    Searcher s(dir.str());
    // The words an article shares with others are held by two of five documents: a word
    // expansion that weighs them by rarity alone would keep only the article's own words.
    BOOST_TEST_REQUIRE(!s.related("port-1").empty());
    BOOST_TEST(s.related("port-1").front().id == "port-2");
    BOOST_TEST(s.related("port-2").front().id == "port-1");
    BOOST_TEST(s.related("film-1").front().id == "film-2");
    BOOST_TEST(s.related("film-2").front().id == "film-1");
    for (const auto& h : s.related("port-1")) BOOST_TEST(h.id != "meteo");
}

// --- Explain -------------------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(explain_shows_how_the_query_was_understood, Corpus) {
    Searcher s(dir.str());
    s.set_synonyms(Synonyms::french_news());
    const auto e =
        s.explain(request("l'intelligense IA date:\"la semaine dernière\" -source:\"Le Figaro\""));
    BOOST_TEST_REQUIRE(e.words.size() == 2U);
    BOOST_TEST(e.words[0].written == "l'intelligense");
    BOOST_TEST(e.words[0].term == "intelligens");
    BOOST_TEST(e.words[1].written == "IA");
    BOOST_TEST(e.words[1].term == "ia");
    BOOST_TEST_REQUIRE(e.synonyms.size() == 1U);
    BOOST_TEST(e.synonyms[0].written == "IA");
    BOOST_TEST(e.synonyms[0].alternatives.front() == "intelligence artificielle");
    BOOST_TEST_REQUIRE(e.filters.size() == 2U);
    BOOST_TEST(e.filters[0].field == "date");
    BOOST_TEST(e.filters[0].resolved == "2024-06-03..2024-06-09");
    BOOST_TEST(e.filters[1].field == "source");
    BOOST_TEST(e.filters[1].excluded);
    BOOST_TEST(e.total == 0U);
    BOOST_TEST(e.suggestion ==
               "l'intelligence IA date:\"la semaine dernière\" -source:\"Le Figaro\"");
    for (const char* line :
         {"l'intelligense -> intelligens", "IA -> intelligence artificielle",
          "date: la semaine dernière -> 2024-06-03..2024-06-09", "NOT source: Le Figaro",
          "suggestion: l'intelligence IA", "matches: 0", "xapian: Query("})
        BOOST_TEST(e.text.find(line) != std::string::npos, line << " in\n" << e.text);
    // Without the misspelt word, the query finds the article of last week.
    BOOST_TEST(
        found(s, "IA date:\"la semaine dernière\" -source:\"Le Figaro\"") == Ids{"traduction"},
        boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

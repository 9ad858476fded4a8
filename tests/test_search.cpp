// SPDX-License-Identifier: MIT
// The acceptance tests of the French analysis, end to end through Index and Searcher.
#include <memory>

#include "core/codec.hpp"
#include "fixtures.hpp"
#include "index/positions.hpp"
#include "schema/schema.hpp"
#include "search/query.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

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
        index.add(
            doc("loin", "Un rapport",
                "L'intelligence des comités est grande, dit le rapport ; la voix artificielle "
                "des robots, elle, n'a convaincu personne.",
                "Libération", "2023-11-20"));
        index.add(doc("oeuvre", "Une œuvre majeure",
                      "Cette œuvre a marqué les créateurs de sa génération.", "Télérama", "2022"));
        index.add(doc("dia", "Régulation", "Les usages d’IA générative inquiètent les syndicats.",
                      "Les Échos", "2024-06"));
        index.add(
            doc("eglise", "Patrimoine",
                "La restauration de l’église a commencé. Les Églises de France s'en félicitent.",
                "La Croix", "2021-09-14"));
        index.add(doc("porte", "Gouvernement",
                      "Le porte-parole a répondu. Joseph Gordon-Levitt était présent.", "Le Figaro",
                      "2024-06-15"));
        index.add(doc("cjk", "北京大学 accueille une délégation",
                      "Une délégation française à Pékin.", "Le Monde", "2020-01-05"));
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
    BOOST_TEST(ids(s, "\"intelligence artificielle\"") == Ids{"ia"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "«intelligence artificielle»") == Ids{"ia"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"restauration de l'église\"") == Ids{"eglise"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"restauration de la église\"").empty());
}

// Positions live in one value per document (index/positions.hpp), read by phrase and NEAR
// queries (search/phrase.hpp): the semantics of Xapian's own, pinned here.
struct Phrases {
    TempDir dir;
    Phrases() {
        Index index(dir.str());
        index.add(doc("conseil", "Séance du conseil municipal",
                      "Le conseil municipal a voté le budget. Le maire a remercié le conseil.",
                      "Ouest-France", "2024-02-01"));
        index.add(doc("municipal", "Budget voté",
                      "Le budget municipal, présenté au conseil hier, reste serré.", "Ouest-France",
                      "2024-02-02"));
        index.add(doc("republique", "Discours à l'Élysée",
                      "Le président de la République a reçu les maires. Vite, vite, disait-il.",
                      "Le Monde", "2024-03-01"));
        index.add(
            doc("titre", "La réforme des retraites",
                "Adoptée au Sénat, elle divise. La réforme continue de diviser les retraités.",
                "Libération", "2024-03-05"));
        index.add(doc("bord", "Le port de pêche", "Commerce et tourisme animent la ville.",
                      "Le Télégramme", "2024-04-01"));
        index.commit();
    }
};

BOOST_FIXTURE_TEST_CASE(phrases_match_consecutive_words_in_order, Phrases) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "\"conseil municipal\"") == Ids{"conseil"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"municipal conseil\"").empty());
    BOOST_TEST(ids(s, "\"budget municipal\"") == Ids{"municipal"},
               boost::test_tools::per_element());
    // Accents, case and elision as in single words; stopwords count as words.
    BOOST_TEST(ids(s, "\"PRESIDENT DE LA REPUBLIQUE\"") == Ids{"republique"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"président de République\"").empty());
    BOOST_TEST(ids(s, "\"vite vite\"") == Ids{"republique"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"vite vite vite\"").empty());
    BOOST_TEST(ids(s, "budget -\"conseil municipal\"") == Ids{"municipal"},
               boost::test_tools::per_element());
    BOOST_TEST(
        ids(s, "\"conseil municipal\" OR \"budget municipal\"") == (Ids{"conseil", "municipal"}),
        boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(near_and_adj_count_the_window, Phrases) {
    Searcher s(dir.str());
    // "le budget municipal, présenté au conseil": budget and conseil are 5 positions apart.
    BOOST_TEST(ids(s, "conseil NEAR/4 budget") == Ids{"municipal"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "budget NEAR/4 conseil") == Ids{"municipal"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "conseil NEAR/3 budget").empty());
    BOOST_TEST(ids(s, "budget ADJ/4 conseil") == Ids{"municipal"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "conseil ADJ/4 budget").empty());
    BOOST_TEST(ids(s, "vite NEAR/1 vite") == Ids{"republique"}, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(phrases_stay_inside_the_title_or_the_body, Phrases) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "title:\"réforme des retraites\"") == Ids{"titre"},
               boost::test_tools::per_element());
    // In the body only, not in the title.
    BOOST_TEST(ids(s, "title:\"réforme continue\"").empty());
    BOOST_TEST(ids(s, "\"réforme continue\"") == Ids{"titre"}, boost::test_tools::per_element());
    // No phrase spans the end of the title and the start of the body.
    BOOST_TEST(ids(s, "\"pêche commerce\"").empty());
    BOOST_TEST(ids(s, "pêche NEAR/3 commerce").empty());
}

BOOST_AUTO_TEST_CASE(phrases_are_exact_in_long_documents) {
    // Thousands of distinct words need wider word codes; the phrase is found at the end and
    // only where its words are consecutive.
    TempDir dir;
    std::string body;
    for (int i = 0; i < 6000; ++i) body += "mot" + std::to_string(i) + (i % 7 == 0 ? ". " : " ");
    {
        Index index(dir.str());
        index.add(
            doc("long", "Inventaire", body + "Fin de la liste des mots.", "Archives", "2024"));
        index.add(doc("court", "Liste", "La liste des mots de la fin.", "Archives", "2024"));
        index.commit();
    }
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "\"fin de la liste\"") == Ids{"long"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"mot5998 mot5999 fin\"") == Ids{"long"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"mot17 mot18\"") == Ids{"long"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"mot18 mot17\"").empty());
    BOOST_TEST(ids(s, "\"mots de la fin\"") == Ids{"court"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_positions_value_gives_back_each_terms_positions) {
    namespace vp = veille::detail::positions;
    vp::Writer w;
    // Position 0, two terms at one position, a gap wider than an 8-bit field, a term
    // without position, and 3,000 distinct terms so that codes need more than 8 bits.
    w.add(0, "zero");
    w.add(1, "aim");
    w.add(1, "aime");
    w.add(5000, "loin");
    w.add(5001, "aim");
    w.add_unpositioned("北京");
    for (std::uint32_t i = 0; i < 3000; ++i) w.add(6000 + i, "t" + std::to_string(i));
    const std::string value = w.finish(3);
    const std::vector<vp::Lookup> terms{
        {veille::detail::fnv1a64("aim")},   {veille::detail::fnv1a64("aime")},
        {veille::detail::fnv1a64("zero")},  {veille::detail::fnv1a64("loin")},
        {veille::detail::fnv1a64("t2999")}, {veille::detail::fnv1a64("aim"), true}};
    std::vector<std::vector<std::uint32_t>> found;
    vp::find(value, terms, found);
    using P = std::vector<std::uint32_t>;
    BOOST_TEST(found[0] == (P{1, 5001}), boost::test_tools::per_element());
    BOOST_TEST(found[1] == P{1}, boost::test_tools::per_element());
    BOOST_TEST(found[2] == P{0}, boost::test_tools::per_element());
    BOOST_TEST(found[3] == P{5000}, boost::test_tools::per_element());
    BOOST_TEST(found[4] == P{8999}, boost::test_tools::per_element());
    BOOST_TEST(found[5] == P{1}, boost::test_tools::per_element());  // title: before 3 only

    // Cut or altered, it is reported as damage.
    for (std::size_t cut : {std::size_t{2}, value.size() / 2, value.size() - 1})
        BOOST_CHECK_EXCEPTION(vp::find(value.substr(0, cut), terms, found), Error,
                              has_code(ErrorCode::corrupt));
    std::string wide = value;
    wide[1] = 65;  // code width over 64 bits
    BOOST_CHECK_EXCEPTION(vp::find(wide, terms, found), Error, has_code(ErrorCode::corrupt));
    w.clear();
    BOOST_TEST(w.finish(1).empty());
}

BOOST_AUTO_TEST_CASE(an_unposted_term_has_positions_only_where_the_document_holds_it) {
    // Unposted terms have no posting to say that a document holds them, so the value says
    // it. With 5,000 of them and one 8-bit code per term, hundreds share the code of "chat":
    // only "le", which the document holds, may be found.
    namespace vp = veille::detail::positions;
    std::string list = "le\n";
    for (int i = 0; i < 5000; ++i) list += "u" + std::to_string(i) + "\n";
    const auto unposted = std::make_shared<const vp::Unposted>(vp::Unposted::parse(list));
    BOOST_TEST_REQUIRE(unposted->size() == 5001U);
    vp::Writer w;
    w.set_unposted(unposted);
    w.add(1, "le");
    w.add(2, "chat");
    const std::string value = w.finish(1);
    std::vector<vp::Lookup> terms{{veille::detail::fnv1a64("chat")},
                                  {veille::detail::fnv1a64("le"), false, unposted->find("le")}};
    for (int i = 0; i < 5000; ++i) {
        const std::string u = "u" + std::to_string(i);
        terms.push_back({veille::detail::fnv1a64(u), false, unposted->find(u)});
    }
    std::vector<std::vector<std::uint32_t>> found;
    vp::find(value, terms, found);
    using P = std::vector<std::uint32_t>;
    BOOST_TEST(found[0] == P{2}, boost::test_tools::per_element());
    BOOST_TEST(found[1] == P{1}, boost::test_tools::per_element());
    std::size_t wrongly_found = 0;
    for (std::size_t k = 2; k < found.size(); ++k) wrongly_found += found[k].size();
    BOOST_TEST(wrongly_found == 0U);
    // The same lookups without the list's say: the codes do collide.
    for (auto& t : terms) t.unposted = -1;
    vp::find(value, terms, found);
    std::size_t colliding = 0;
    for (std::size_t k = 2; k < found.size(); ++k) colliding += found[k].size();
    BOOST_TEST(colliding > 0U);
}

BOOST_AUTO_TEST_CASE(unposted_stopwords_are_found_by_phrases_and_nothing_else) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("le", "Chronique", "Le chat dort sur le canapé.", "Le Phare", "2024-01-01"));
        index.add(doc("la", "Chronique", "La chat dort, dit-on, sur la table.", "Le Phare",
                      "2024-01-02"));
        index.add(
            doc("sans", "Chronique", "Chat et chien dorment ensemble.", "Le Phare", "2024-01-03"));
        index.add(doc("avions", "Transports", "Des avions survolent la ville.", "Le Phare",
                      "2024-01-04"));
        index.add(doc("titre", "Le chat du voisin", "Il dort toute la journée.", "Le Phare",
                      "2024-01-05"));
        index.commit();
    }
    {
        // "le" has no posting; "avions", a stopword (avoir) whose term other words share
        // ("avion"), keeps its posting, so a search for the plane finds it.
        Xapian::Database x(dir.str());
        BOOST_TEST(x.get_termfreq("le") == 0U);
        BOOST_TEST(x.get_termfreq("avion") == 1U);
        const std::string unposted = x.get_metadata(std::string(veille::schema::unposted_key));
        BOOST_TEST(unposted.find("\nle\n") != std::string::npos);
        BOOST_TEST(unposted.find("avion") == std::string::npos);
    }
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "avion") == Ids{"avions"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"le chat\"") == (Ids{"le", "titre"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"la chat\"") == Ids{"la"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "title:\"le chat\"") == Ids{"titre"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"sur le\"") == Ids{"le"},
               boost::test_tools::per_element());  // stopwords only
    BOOST_TEST(ids(s, "\"sur la\"") == Ids{"la"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "chat NEAR/2 le") == (Ids{"le", "titre"}), boost::test_tools::per_element());
    // A hated stopword alone, or one quoted alone, is looked for in the positions.
    BOOST_TEST(ids(s, "chat -le") == (Ids{"la", "sans"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"le\"") == (Ids{"le", "titre"}), boost::test_tools::per_element());
}

// The accent map (analysis/accents.hpp): a word typed with or without its accents reaches the
// same documents, the Snowball family of the accented word included, in the body and in the
// title; phrases keep their exact terms.
BOOST_AUTO_TEST_CASE(accents_match_in_both_directions_with_the_stem_family) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("aimee", "", "La chanteuse est très aimée de ses lecteurs."));
        index.add(doc("aimer", "", "Il faut aimer la presse locale."));
        index.add(doc("sans", "", "une chanteuse aimee de tous, texte tape sans accents"));
        index.add(doc("eleve", "Un élève du lycée primé", "Le concours est national."));
        index.add(doc("eleve-sans", "un eleve du lycee prime", "texte tape sans accents"));
        index.add(doc("creee", "", "Une association créée en 2019 à Lille."));
        index.add(doc("creee-sans", "", "une association creee en 2019 a Lille"));
        index.commit();
    }
    Searcher s(dir.str());
    const Ids family{"aimee", "aimer", "sans"};
    for (const char* q : {"aimée", "aimee", "AIMÉE", "Aimee"})
        BOOST_TEST(ids(s, q) == family, q << boost::test_tools::per_element());
    for (const char* q : {"élève", "eleve", "title:élève", "title:eleve"})
        BOOST_TEST(ids(s, q) == (Ids{"eleve", "eleve-sans"}),
                   q << boost::test_tools::per_element());
    for (const char* q : {"créée", "creee", "l'association créée"})
        BOOST_TEST(ids(s, q) == (Ids{"creee", "creee-sans"}),
                   q << boost::test_tools::per_element());
    BOOST_TEST(ids(s, "\"aimee de\"") == (Ids{"aimee", "sans"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "aimee -tous") == (Ids{"aimee", "aimer"}), boost::test_tools::per_element());
}

// Scraped pages glue words: each glued word is indexed whole and by parts (Token::glued), a
// full stop glued to the next sentence separates, and the person extractor reads the words
// apart (analysis::unglue).
BOOST_AUTO_TEST_CASE(glued_words_of_scraped_pages_are_found_whole_and_by_parts) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("entretien", "Entretien",
                      "Il travaille dans le domaine.Il a ajouté que tout allait bien. Source : "
                      "Ashton KutcherQuel rôle pour l'IAdans les rédactions ?"));
        index.add(doc("marques", "Marques",
                      "L'iPhone, OpenAI, DeepMind, McDonald et YouTube, selon M.Dupont."));
        index.add(doc("autre", "Autre", "Un acteur américain parle de la technologie."));
        index.commit();
    }
    Searcher s(dir.str());
    for (const char* q : {"domaine", "kutcher", "KutcherQuel", "\"Ashton Kutcher\"", "rôle",
                          "IAdans", "rédactions"})
        BOOST_TEST(ids(s, q) == Ids{"entretien"}, q << boost::test_tools::per_element());
    for (const char* q : {"iPhone", "OpenAI", "DeepMind", "McDonald", "YouTube", "Dupont", "phone",
                          "mind", "donald"})
        BOOST_TEST(ids(s, q) == Ids{"marques"}, q << boost::test_tools::per_element());

    // Snippets mark the glued word whole, or only its part that matches.
    SearchRequest r;
    r.query = "kutcher";
    auto hits = s.search(r).hits;
    BOOST_TEST_REQUIRE(hits.size() == 1U);
    BOOST_TEST(hits[0].snippet.find("<b>Kutcher</b>Quel") != std::string::npos, hits[0].snippet);
    r.query = "KutcherQuel";
    hits = s.search(r).hits;
    BOOST_TEST_REQUIRE(hits.size() == 1U);
    BOOST_TEST(hits[0].snippet.find("<b>KutcherQuel</b>") != std::string::npos, hits[0].snippet);

    // « Ashton KutcherQuel » is Ashton Kutcher.
    r.query = "";
    FacetRequest person;
    person.field = "person";
    person.top = 0;
    r.facets = std::vector<FacetRequest>{person};
    std::vector<std::string> persons;
    for (const auto& f : s.search(r).facets)
        for (const auto& v : f.values) persons.push_back(v.value);
    BOOST_TEST((std::find(persons.begin(), persons.end(), "Ashton Kutcher") != persons.end()));
    BOOST_TEST((std::find(persons.begin(), persons.end(), "Ashton KutcherQuel") == persons.end()));
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

// Given a Stopper, Xapian 1.4's QueryParser crashes on a loved or hated subexpression of
// stopwords only after another signed term, and reads "le -robots" as "robots"; the query
// layer drops stopwords from the parsed tree instead (search/query.cpp).
BOOST_FIXTURE_TEST_CASE(signed_subexpressions_of_stopwords_only_are_ignored, Corpus) {
    Searcher s(dir.str());
    const Ids intelligence = ids(s, "intelligence");
    BOOST_TEST_REQUIRE(intelligence.size() == 2U);
    for (const char* q :
         {"intelligence +(le, la)", "+intelligence +(le, la)", "intelligence +title:(le, de)",
          "intelligence -xyz -(le, de)", "intelligence +(le, la) -(de, la)",
          "intelligence -xyz -(le, +(la, de))", "intelligence -xyz -( (le, de) )"})
        BOOST_TEST(ids(s, q) == intelligence, q);
    // A hated subexpression with a real word in it still excludes.
    BOOST_TEST(ids(s, "intelligence -xyz -(des, robots)") == Ids{"ia"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "intelligence -xyz -(le, (la, robots))") == Ids{"ia"},
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "intelligence +(la, voix)") == Ids{"loin"}, boost::test_tools::per_element());
    // Signs and brackets inside a phrase are left to the phrase.
    BOOST_TEST(ids(s, "\"intelligence -(des comités)\"") == Ids{"loin"},
               boost::test_tools::per_element());
    // A stopword before a hated word is ignored: everything but the hated word.
    const Ids without_robots = ids(s, "le -robots");
    BOOST_TEST(without_robots == ids(s, "NOT robots"), boost::test_tools::per_element());
    BOOST_TEST(without_robots.size() == 6U);
    // A lone hated stopword still excludes.
    BOOST_TEST(ids(s, "-la intelligence") == Ids{"ia"}, boost::test_tools::per_element());
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
    BOOST_TEST(ids(s, "œuvre OR église") == (Ids{"eglise", "oeuvre"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "intelligence -robots") == Ids{"ia"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "réalis*") == Ids{"ia"}, boost::test_tools::per_element());
    // A wildcard whose prefix is a stopword stands for words all the same: "dé*" for
    // « délégation », "l'é*" for « église » and « était »; the stopwords indexed without a
    // posting are left out ("de" of « de sa génération »).
    BOOST_TEST(ids(s, "dé*") == Ids{"cjk"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "l'é*") == (Ids{"eglise", "porte"}), boost::test_tools::per_element());
    // It weighs nothing: the other words rank (and a wildcard alone lists newest first).
    SearchRequest alone;
    alone.query = "l'é*";
    const auto hits = s.search(alone).hits;
    BOOST_TEST_REQUIRE(hits.size() == 2U);
    BOOST_TEST(hits[0].id == "porte");  // 2024-06-15, then eglise 2021-09-14
    BOOST_TEST(hits[0].score == 0.0);
    alone.query = "église l'é*";
    BOOST_TEST(s.search(alone).hits.at(0).id == "eglise");
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
    // Xapian's matcher takes time exponential in the nesting of XOR: it is bounded.
    const auto nested_xor = [](std::size_t depth) {
        std::string q;
        for (std::size_t i = 0; i < depth; ++i) q += "(intelligence XOR artificielle AND ";
        return q + "cinéma" + std::string(depth, ')');
    };
    r.query = nested_xor(detail::max_xor_depth);
    BOOST_CHECK_NO_THROW(s.search(r));
    r.query = nested_xor(detail::max_xor_depth + 1);
    BOOST_CHECK_EXCEPTION(s.search(r), Error, [](const Error& e) {
        return e.code() == ErrorCode::query_syntax &&
               std::string(e.what()).find("XOR nested 11 deep") != std::string::npos;
    });
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
    // 2024-06-15, 2024-06 (sorts as its first day), 2024-03-02, 2023-11-20, 2022, 2021-09-14,
    // 2020-01-05
    BOOST_TEST(order == (Ids{"porte", "dia", "ia", "loin", "oeuvre", "eglise", "cjk"}),
               boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(snippets_mark_words_as_written, Corpus) {
    Searcher s(dir.str());
    BOOST_TEST(first_snippet(s, "\"intelligence artificielle\"")
                   .find("l’<b>intelligence</b> <b>artificielle</b>") != std::string::npos);
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
    BOOST_TEST(first_snippet(s, "realisateur", none).find("réalisateur a confié") !=
               std::string::npos);
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
    BOOST_TEST(d->body ==
               "La restauration de l’église a commencé. Les Églises de France s'en félicitent.");
    BOOST_TEST(!s.get("absent").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

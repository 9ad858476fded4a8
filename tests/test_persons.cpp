// SPDX-License-Identifier: MIT
// Person extraction, canonical forms and aliases: one test per rule and pitfall, then the
// index (explicit persons, extraction at indexing, aliases at indexing, in person: filters
// and applied to an existing index).
#include <fstream>

#include "fixtures.hpp"
#include "veille/persons.hpp"

namespace {

using veille::PersonAliases;
using veille::PersonExtractor;
using veille::test::Ids;
using veille::test::TempDir;

const PersonExtractor& extractor() {
    static const PersonExtractor x;
    return x;
}

// Display forms of the persons of a text, in order of first mention.
std::vector<std::string> names_in(std::string_view body, std::string_view title = {},
                                  const PersonExtractor& x = extractor()) {
    std::vector<std::string> out;
    for (const auto& p : x.persons(title, body)) out.push_back(p.display);
    return out;
}

using Names = std::vector<std::string>;

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::vector<std::string> hit_persons(veille::Searcher& s, const std::string& id) {
    veille::SearchRequest r;
    r.limit = 1000;
    r.facets = std::vector<veille::FacetRequest>{};
    for (auto& h : s.search(r).hits)
        if (h.id == id) return h.persons;
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(persons)

// --- Lexicons and name shapes -----------------------------------------------------------

BOOST_AUTO_TEST_CASE(every_apostrophe_the_analysis_reads_elides_before_a_name) {
    // One list for the index and the extractor (analysis/text.hpp): d´Élodie is d' + Élodie.
    for (const char* ap : {"'", "’", "‘", "ʼ", "′", "`", "´", "‛"})
        BOOST_TEST(names_in(std::string("Selon l") + ap + "avocate d" + ap +
                            "Élodie Garnier, le dossier est clos.") == Names{"Élodie Garnier"},
                   ap);
}

BOOST_AUTO_TEST_CASE(given_name_and_surname) {
    BOOST_TEST(names_in("Hier soir, Rachida Dati a inauguré la bibliothèque.") ==
               Names{"Rachida Dati"});
}

BOOST_AUTO_TEST_CASE(international_given_names) {
    BOOST_TEST(names_in("Le film réunit Ashton Kutcher, Cate Blanchett et Ridley Scott. Taika "
                        "Waititi produit.") ==
               (Names{"Ashton Kutcher", "Cate Blanchett", "Ridley Scott", "Taika Waititi"}));
}

BOOST_AUTO_TEST_CASE(hyphens_and_particles) {
    BOOST_TEST(names_in("On revoit Jean-Paul Belmondo et Joseph Gordon-Levitt.") ==
               (Names{"Jean-Paul Belmondo", "Joseph Gordon-Levitt"}));
    BOOST_TEST(names_in("Guillermo del Toro filme Lana Del Rey.") ==
               (Names{"Guillermo del Toro", "Lana Del Rey"}));
    BOOST_TEST(names_in("Un colloque sur Valéry Giscard d'Estaing s'ouvre.") ==
               Names{"Valéry Giscard d'Estaing"});
    BOOST_TEST(names_in("La présidente de la Commission, Ursula von der Leyen, arrive.") ==
               Names{"Ursula von der Leyen"});
}

BOOST_AUTO_TEST_CASE(middle_names_and_initials) {
    BOOST_TEST(names_in("La voix de James Earl Jones s'est tue.") == Names{"James Earl Jones"});
    BOOST_TEST(names_in("Il a choisi J. D. Vance comme colistier.") == Names{"J. D. Vance"});
}

BOOST_AUTO_TEST_CASE(mentions_have_byte_offsets_display_and_key) {
    const std::string text = "Selon l’actrice Élisabeth Dupré-Ségur, tout va bien.";
    const auto ms = extractor().mentions(text);
    BOOST_TEST_REQUIRE(ms.size() == 1U);
    BOOST_TEST(text.substr(ms[0].begin, ms[0].end - ms[0].begin) == "Élisabeth Dupré-Ségur");
    BOOST_TEST(ms[0].display == "Élisabeth Dupré-Ségur");
    BOOST_TEST(ms[0].key == "elisabethdupresegur");
}

// --- Triggers ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(trigger_lets_an_unknown_given_name_through) {
    BOOST_TEST(names_in("Une voisine, Zorgha Quimbal, publie un livre.").empty());
    BOOST_TEST(names_in("Une romancière, Zorgha Quimbal, publie un livre.") ==
               Names{"Zorgha Quimbal"});
    BOOST_TEST(names_in("La romancière Zorgha Quimbal publie un livre.") ==
               Names{"Zorgha Quimbal"});
    BOOST_TEST(names_in("L'entraîneur néerlandais Wout Brekelmans arrive.") ==
               Names{"Wout Brekelmans"});
}

BOOST_AUTO_TEST_CASE(lone_surname_kept_only_with_a_trigger) {
    BOOST_TEST(names_in("Quimbal a publié un livre.").empty());
    BOOST_TEST(names_in("Le PDG Quimbal a publié un livre.") == Names{"Quimbal"});
    BOOST_TEST(names_in("Hier, M. Quimbal a parlé.") == Names{"Quimbal"});
    BOOST_TEST(names_in("Mme Quimbal et Dr Ferlat sont venus.") == (Names{"Quimbal", "Ferlat"}));
}

BOOST_AUTO_TEST_CASE(names_listed_after_a_plural_title) {
    BOOST_TEST(names_in("Étaient présents MM. Quimbal, Ferlat et Le Gourrec.") ==
               (Names{"Quimbal", "Ferlat", "Le Gourrec"}));
    BOOST_TEST(names_in("Étaient présents M. Quimbal, Paris et Lyon.") == Names{"Quimbal"});
}

BOOST_AUTO_TEST_CASE(particle_after_a_short_title) {
    BOOST_TEST(names_in("Le rapport de M. de Ferlat est lu.") == Names{"de Ferlat"});
}

BOOST_AUTO_TEST_CASE(apposition_after_the_name) {
    BOOST_TEST(names_in("Tout change pour Quimbal, réalisateur de trois films.") ==
               Names{"Quimbal"});
    BOOST_TEST(names_in("Zorgha Quimbal, 45 ans, témoigne.") == Names{"Zorgha Quimbal"});
}

BOOST_AUTO_TEST_CASE(complement_between_title_and_name) {
    BOOST_TEST(names_in("La ministre de la Culture Rachida Dati parle.") == Names{"Rachida Dati"});
    BOOST_TEST(names_in("L'entraîneur du PSG Luis Enrique est confiant.") == Names{"Luis Enrique"});
    // A complement names a place or an organisation, never a lone surname.
    BOOST_TEST(names_in("Le maire de Quimbal a démissionné.").empty());
    BOOST_TEST(names_in("Le PDG de Renault quitte le groupe.").empty());
}

BOOST_AUTO_TEST_CASE(speech_incise) {
    BOOST_TEST(names_in("« Nous gagnerons », dit Quimbal.") == Names{"Quimbal"});
}

// --- Rejections -------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(sentence_initial_common_words) {
    BOOST_TEST(names_in("Selon Rachida Dati, rien ne change.") == Names{"Rachida Dati"});
    BOOST_TEST(names_in("Culture : Rachida Dati lance un plan.") == Names{"Rachida Dati"});
    BOOST_TEST(names_in("Pendant ce temps, Bruxelles attend. Hier Paris votait.").empty());
}

BOOST_AUTO_TEST_CASE(places_and_organisations) {
    BOOST_TEST(names_in("Le festival de Sundance se tient à Park City.").empty());
    BOOST_TEST(names_in("Sony Pictures et la Writers Guild of America négocient.").empty());
    BOOST_TEST(names_in("Stability AI est poursuivie ; Studio Ghibli se tait.").empty());
    BOOST_TEST(names_in("La Human Artistry Coalition et le Sundance Institute répondent.").empty());
    BOOST_TEST(
        names_in("La Fondation Louis Vuitton expose ; les Academy Awards approchent.").empty());
    BOOST_TEST(names_in("Le pivot des San Antonio Spurs brille.").empty());
}

BOOST_AUTO_TEST_CASE(streets_schools_and_prizes_named_after_persons) {
    BOOST_TEST(
        names_in("Le lycée Jean Moulin, rue Victor Hugo, a reçu le prix Albert Londres.").empty());
    BOOST_TEST(names_in("Le centre Georges Pompidou expose.\n\nGeorges Pompidou fut président.") ==
               Names{"Georges Pompidou"});
}

BOOST_AUTO_TEST_CASE(given_names_that_are_words_or_places) {
    BOOST_TEST(
        names_in("Florence attire les touristes. Jade et Aurore sont des pierres et des lueurs.")
            .empty());
    BOOST_TEST(names_in("Florence Pugh tourne à Rome.") == Names{"Florence Pugh"});
}

BOOST_AUTO_TEST_CASE(titles_of_works_in_quotes) {
    BOOST_TEST(
        names_in("Netflix reconduit « Black Mirror » et « Swiss Army Man » ressort.").empty());
    BOOST_TEST(names_in("Il a vu \"Daniel Kwan Forever\" hier.").empty());
    // A long quotation is speech: the names in it count.
    BOOST_TEST(names_in("« Je remercie Rachida Dati et toute l'équipe qui a travaillé avec moi "
                        "depuis des années », "
                        "a-t-il dit.") == Names{"Rachida Dati"});
}

BOOST_AUTO_TEST_CASE(all_caps_headlines_are_never_trusted_alone) {
    BOOST_TEST(names_in("Le texte est adopté.", "GRAND PARIS EXPRESS À LA PEINE").empty());
    BOOST_TEST(names_in("Le texte est adopté.", "ÉLISABETH BORNE À MATIGNON").empty());
    BOOST_TEST(names_in("Mme Borne a été reçue.", "ÉLISABETH BORNE À MATIGNON") ==
               Names{"Élisabeth Borne"});
}

// --- Within a document ------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(later_surname_is_the_full_name) {
    const std::string text =
        "Le réalisateur Daniel Kwan présente son film. M. Kwan a ri. Kwan repart demain.";
    BOOST_TEST(names_in(text) == Names{"Daniel Kwan"});
    const auto ms = extractor().mentions(text);
    BOOST_TEST_REQUIRE(ms.size() == 3U);
    for (const auto& m : ms) BOOST_TEST(m.key == "danielkwan");
    BOOST_TEST(text.substr(ms[1].begin, ms[1].end - ms[1].begin) == "Kwan");
}

BOOST_AUTO_TEST_CASE(surname_with_particle_resolves) {
    BOOST_TEST(names_in("Marine Le Pen conteste. Selon Mme Le Pen, tout est faux.") ==
               Names{"Marine Le Pen"});
    BOOST_TEST(names_in("Guillermo del Toro filme. Pour Del Toro, le monstre est humain.") ==
               Names{"Guillermo del Toro"});
}

BOOST_AUTO_TEST_CASE(initials_resolve_to_the_full_name) {
    const std::string text =
        "Jean-Pierre Rochefort est mort. J.-P. Rochefort avait publié ses mémoires.";
    BOOST_TEST(names_in(text) == Names{"Jean-Pierre Rochefort"});
    const auto ms = extractor().mentions(text);
    BOOST_TEST_REQUIRE(ms.size() == 2U);
    BOOST_TEST(text.substr(ms[1].begin, ms[1].end - ms[1].begin) == "J.-P. Rochefort");
    BOOST_TEST(names_in("Le docteur J.-P. Ferlat opère.") == Names{"J.-P. Ferlat"});
}

BOOST_AUTO_TEST_CASE(shared_surname_stays_unresolved) {
    const std::string text =
        "Daniel Kwan et Michelle Kwan sont à Hongkong. Kwan a refusé de répondre.";
    BOOST_TEST(names_in(text) == (Names{"Daniel Kwan", "Michelle Kwan"}));
    BOOST_TEST(extractor().mentions(text).size() == 2U);
}

BOOST_AUTO_TEST_CASE(longest_full_form_is_the_display) {
    BOOST_TEST(names_in("Joseph Biden parle. Joseph Robinette Biden a signé.") ==
               Names{"Joseph Robinette Biden"});
}

BOOST_AUTO_TEST_CASE(all_caps_recased_with_particles_in_lower_case) {
    BOOST_TEST(names_in("Mme Borne a parlé.", "ÉLISABETH BORNE QUITTE MATIGNON") ==
               Names{"Élisabeth Borne"});
    BOOST_TEST(names_in("La cinéaste Agnès de Villaret parle.", "AGNÈS DE VILLARET EN TOURNAGE") ==
               Names{"Agnès de Villaret"});
}

BOOST_AUTO_TEST_CASE(key_ignores_case_accents_hyphens_and_spaces) {
    BOOST_TEST(veille::person_key("Gordon-Levitt") == veille::person_key("gordon levitt"));
    BOOST_TEST(veille::person_key("ÉLISABETH BORNE") == "elisabethborne");
    const auto a = extractor().persons("", "Joseph Gordon-Levitt à Paris");
    const auto b = extractor().persons("", "Joseph Gordon Levitt à Paris");
    BOOST_TEST_REQUIRE(a.size() == 1U);
    BOOST_TEST_REQUIRE(b.size() == 1U);
    BOOST_TEST(a[0].key == b[0].key);
}

BOOST_AUTO_TEST_CASE(elisions_are_split) {
    BOOST_TEST(names_in("Le portrait d’Emmanuel Macron et l'œuvre d'Annie Ernaux.") ==
               (Names{"Emmanuel Macron", "Annie Ernaux"}));
}

BOOST_AUTO_TEST_CASE(odd_input_does_not_crash) {
    BOOST_TEST(names_in("").empty());
    BOOST_TEST(names_in("M. . Mme , « » \" ' - -- Dr").empty());
    BOOST_TEST(names_in(std::string(3000, 'A')).empty());
    std::string many;
    for (int i = 0; i < 200; ++i) many += "Jean ";
    (void)names_in(many);
}

// --- Aliases ----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(alias_file_format) {
    const auto a = PersonAliases::parse(
        "# aliases\n\nDaniel Kwan = Guan Jiayong | Dan Kwan\r\nChristopher Nolan = Nolan\nAgnès "
        "Varda =\n");
    BOOST_TEST(a.canonical("guan jiayong").display == "Daniel Kwan");
    BOOST_TEST(a.canonical("Dan  Kwan").key == "danielkwan");
    BOOST_TEST(a.canonical("NOLAN").display == "Christopher Nolan");
    BOOST_TEST(a.canonical("Agnes Varda").display == "Agnès Varda");
    BOOST_TEST(a.canonical("Inconnu Total").display == "Inconnu Total");
    BOOST_TEST(a.contains("Guan Jiayong"));
    BOOST_TEST(!a.contains("Kwan"));
    BOOST_TEST((PersonAliases::parse(a.to_text()) == a));
}

BOOST_AUTO_TEST_CASE(alias_file_errors) {
    using veille::ErrorCode;
    using veille::test::has_code;
    BOOST_CHECK_EXCEPTION(PersonAliases::parse("Daniel Kwan\n"), veille::Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(PersonAliases::parse("= Kwan\n"), veille::Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(PersonAliases::parse("A B = Kwan\nC D = Kwan\n"), veille::Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(PersonAliases::load("/nonexistent/aliases.txt"), veille::Error,
                          has_code(ErrorCode::io));
}

BOOST_AUTO_TEST_CASE(extractor_applies_aliases) {
    const PersonExtractor x(
        PersonAliases::parse("Daniel Kwan = Guan Jiayong\nChristopher Nolan = Nolan\n"));
    BOOST_TEST(names_in("Le cinéaste Guan Jiayong et le réalisateur Nolan.", "", x) ==
               (Names{"Daniel Kwan", "Christopher Nolan"}));
    BOOST_TEST(names_in("Daniel Kwan, alias Guan Jiayong pour le cinéaste Guan Jiayong.", "", x) ==
               Names{"Daniel Kwan"});
}

// --- In the index -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(index_extracts_or_keeps_explicit_persons) {
    TempDir dir;
    {
        veille::Index ix(dir.str());
        ix.add(veille::test::doc("a", "Sundance",
                                 "Le réalisateur Daniel Kwan était à Park City. M. Kwan a ri."));
        ix.add(
            veille::test::doc("b", "Cannes", "Daniel Kwan est là.", {}, {}, {"  Agnès   Varda "}));
        ix.commit();
    }
    veille::Searcher s(dir.str());
    BOOST_TEST(hit_persons(s, "a") == Names{"Daniel Kwan"});
    BOOST_TEST(hit_persons(s, "b") == Names{"Agnès Varda"});
    BOOST_TEST(veille::test::ids(s, "", {{"person", "daniel kwan"}}) == Ids{"a"});
    BOOST_TEST(veille::test::ids(s, "", {{"person", "AGNES VARDA"}}) == Ids{"b"});
}

BOOST_AUTO_TEST_CASE(extraction_can_be_turned_off) {
    TempDir dir;
    {
        veille::IndexOptions o;
        o.extract_persons = false;
        veille::Index ix(dir.str(), o);
        ix.add(veille::test::doc("a", "Sundance", "Le réalisateur Daniel Kwan était là."));
        ix.commit();
    }
    veille::Searcher s(dir.str());
    BOOST_TEST(hit_persons(s, "a").empty());
}

BOOST_AUTO_TEST_CASE(aliases_at_indexing_and_in_filters) {
    TempDir dir;
    const std::string file = dir.str("aliases.txt");
    write_file(file, "Daniel Kwan = Guan Jiayong | Dan Kwan\n");
    {
        veille::IndexOptions o;
        o.aliases = PersonAliases::load(file);
        veille::Index ix(dir.str(), o);
        ix.add(veille::test::doc("a", "Pékin", "Le cinéaste Guan Jiayong est arrivé."));
        ix.add(veille::test::doc("b", "Cannes", "", {}, {}, {"Dan Kwan"}));
        ix.commit();
    }
    veille::Searcher s(dir.str());
    BOOST_TEST(hit_persons(s, "a") == Names{"Daniel Kwan"});
    BOOST_TEST(hit_persons(s, "b") == Names{"Daniel Kwan"});
    BOOST_TEST(veille::test::ids(s, "person:\"Guan Jiayong\"") == (Ids{"a", "b"}));
    BOOST_TEST(veille::test::ids(s, "", {{"person", "Dan Kwan"}}) == (Ids{"a", "b"}));
}

BOOST_AUTO_TEST_CASE(changed_aliases_applied_to_an_existing_index) {
    TempDir dir;
    const std::string file = dir.str("aliases.txt");
    {
        veille::Index ix(dir.str());
        ix.add(veille::test::doc("a", "Pékin", "Le cinéaste Guan Jiayong est arrivé."));
        ix.add(veille::test::doc("b", "Hollywood", "Le réalisateur Daniel Kwan tourne."));
        ix.add(veille::test::doc("c", "Météo", "Il pleut sur la Bretagne."));
        ix.commit();
    }
    write_file(file, "Daniel Kwan = Guan Jiayong\n");
    {
        veille::IndexOptions o;
        o.aliases = PersonAliases::load(file);
        veille::Index ix(dir.str(), o);
        BOOST_TEST(ix.apply_aliases() == 1U);
        BOOST_TEST(ix.apply_aliases() == 0U);  // nothing left to change
        ix.commit();
    }
    {
        veille::Searcher s(dir.str());
        BOOST_TEST(hit_persons(s, "a") == Names{"Daniel Kwan"});
        BOOST_TEST(veille::test::ids(s, "person:\"Daniel Kwan\"") == (Ids{"a", "b"}));
    }
    // Reopened without a file, the index keeps its dictionary; an empty file removes it.
    {
        veille::Index ix(dir.str());
        BOOST_TEST(ix.apply_aliases() == 0U);
    }
    write_file(file, "");
    {
        veille::IndexOptions o;
        o.aliases = PersonAliases::load(file);
        veille::Index ix(dir.str(), o);
        BOOST_TEST(ix.apply_aliases() == 1U);
        ix.commit();
    }
    veille::Searcher s(dir.str());
    BOOST_TEST(hit_persons(s, "a") == Names{"Guan Jiayong"});
    BOOST_TEST(veille::test::ids(s, "person:\"Daniel Kwan\"") == Ids{"b"});
}

BOOST_AUTO_TEST_CASE(bad_alias_file_is_refused) {
    TempDir dir;
    const std::string file = dir.str("aliases.txt");
    write_file(file, "Daniel Kwan\n");
    BOOST_CHECK_EXCEPTION(PersonAliases::load(file), veille::Error,
                          veille::test::has_code(veille::ErrorCode::invalid_argument));
}

BOOST_AUTO_TEST_SUITE_END()

// SPDX-License-Identifier: MIT
#include <map>
#include <utility>

#include "analysis/text.hpp"
#include "fixtures.hpp"
#include "hygiene/hygiene.hpp"

#include <boost/test/unit_test.hpp>

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::ids;
using veille::test::Ids;
using veille::test::TempDir;

namespace {

// A site that ends every article with a share menu, a « Voir l'original » line and a
// disclaimer, written a little differently from one page to the next.
const std::string source = "Le Courrier du Port";
const std::string menu = "Récompense · Commentaire · Reposter · Partager";
const std::string menu_shouted = "RÉCOMPENSE  ·  COMMENTAIRE  ·  REPOSTER  ·  PARTAGER";
const std::string original = "Voir l'original";
const std::string disclaimer =
    "Cette page peut inclure du contenu de tiers fourni à des fins d'information uniquement. "
    "Le Courrier du Port ne fournit aucun conseil financier et ne garantit pas l'exactitude "
    "des informations publiées.";
const std::string disclaimer_sloppy =
    "cette page peut inclure du contenu de tiers, fourni a des fins d'information uniquement ; "
    "le Courrier du Port ne fournit aucun conseil financier et ne garantit pas l'exactitude "
    "des informations publiees";
const std::string quote =
    "« La mer ne pardonne jamais l'imprudence des hommes pressés », répète la capitaine.";

struct Article {
    std::string id, title;
    std::vector<std::string> paragraphs;
};

const std::vector<Article>& articles() {
    static const std::vector<Article> a{
        {"p01",
         "Le chantier naval embauche",
         {"Le chantier naval de la Pointe annonce quarante embauches de soudeurs d'ici l'été.",
          "Les syndicats saluent une bonne nouvelle après trois années de gel des recrutements."}},
        {"p02",
         "Grève des dockers",
         {"Les dockers ont cessé le travail mardi pour protester contre l'automatisation des "
          "grues.",
          "La direction du terminal promet une réunion avant la fin de la semaine."}},
        {"p03",
         "La capitaine prend sa retraite",
         {"Après trente ans de navigation, Odile Marchal quitte la passerelle du remorqueur "
          "Goéland.",
          quote, "Ses équipages lui ont offert une boussole gravée lors d'une fête sur le quai."}},
        {"p04",
         "Un phoque dans le bassin",
         {"Un phoque gris s'est installé dans le bassin à flot, au grand bonheur des promeneurs.",
          "Les vétérinaires demandent de ne pas le nourrir."}},
        {"p05",
         "Tempête sur la digue",
         {"La tempête a arraché une partie du parapet de la digue nord dans la nuit de dimanche.",
          "Les travaux de réparation devraient durer deux mois."}},
        {"p06",
         "Nouvelle criée",
         {"La nouvelle criée ouvre ses portes aux mareyeurs avec un système d'enchères "
          "électroniques.",
          "Les pêcheurs espèrent de meilleurs prix pour la sole et le bar."}},
        {"p07",
         "Le ferry change de cap",
         {"La compagnie de ferry renonce à la ligne d'hiver vers l'île de Batz faute de passagers.",
          "Les élus insulaires dénoncent un abandon et réclament une délégation de service "
          "public."}},
        {"p08",
         "Festival de la voile",
         {"Cent vingt vieux gréements sont attendus pour le festival de la voile en juillet.",
          "Les bénévoles préparent les pontons depuis le printemps."}},
        {"p09",
         "Hommage aux sauveteurs",
         {"Les sauveteurs en mer ont été décorés pour le sauvetage de six plaisanciers en janvier.",
          quote, "Le canot tous temps de la station a effectué quarante sorties cette année."}},
        {"p10",
         "Le phare rouvre",
         {"Le phare du Minou rouvre aux visiteurs après une restauration de sa lanterne.",
          "Les réservations sont obligatoires le week-end."}},
        {"p11",
         "Pollution au fioul",
         {"Une nappe de fioul a été repérée près de l'écluse ; la préfecture maritime enquête.",
          "Un cargo battant pavillon étranger est soupçonné d'avoir dégazé."}},
        {"p12",
         "Le musée maritime s'agrandit",
         {"Le musée maritime inaugure une aile consacrée aux cartes marines anciennes.",
          "L'entrée sera gratuite le premier dimanche du mois."}},
    };
    return a;
}

// The article as the site serves it: its paragraphs, then the menu, « Voir l'original » and
// the disclaimer (spelled differently on some pages). p07 is served by an aggregator that
// repeats the whole article.
Document page(const Article& a, bool doubled_p07 = true) {
    std::string body;
    for (const auto& p : a.paragraphs) body += p + "\n\n";
    if (a.id == "p07" && doubled_p07)
        for (const auto& p : a.paragraphs) body += p + "\n";
    const bool odd = (a.id.back() - '0') % 2 == 1;
    body += (odd ? menu_shouted : menu) + "\n" + original + "\n\n" +
            (odd ? disclaimer_sloppy : disclaimer);
    return doc(a.id, a.title, body, source, "2024-03-1" + std::string(1, a.id.back()));
}

std::vector<Document> corpus(bool doubled_p07 = true) {
    std::vector<Document> out;
    for (const auto& a : articles()) out.push_back(page(a, doubled_p07));
    // Another site uses the disclaimer's words in an article: it must stay findable.
    out.push_back(doc("g1", "Budget du port",
                      "Le maire refuse tout conseil financier extérieur pour boucler le budget.",
                      "La Gazette des Quais", "2024-03-20"));
    return out;
}

void build(const std::string& path, const std::vector<Document>& docs, IndexOptions options = {},
           std::size_t batch = 1000) {
    Index index(path, options);
    std::size_t n = 0;
    for (const auto& d : docs) {
        index.add(d);
        if (++n % batch == 0) index.commit();
    }
    index.commit();
}

using Scores = std::map<std::string, double>;

Scores scores(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 1000;
    r.sort = Sort::relevance;
    r.facets = std::vector<FacetRequest>{};
    Scores out;
    for (const auto& h : s.search(r).hits) out[h.id] = h.score;
    return out;
}

const std::vector<std::string> queries{
    "conseil financier",
    "tiers",
    "partager",
    "reposter",
    "original",
    "information",
    "\"mer ne pardonne\"",
    "capitaine",
    "ferry hiver",
    "phoque",
    "port",
    "dimanche",
    "",
};

// Everything a search sees of an index: hits and weights of the queries, skipped parts.
void same_results(const std::string& a, const std::string& b) {
    Searcher sa(a), sb(b);
    for (const auto& q : queries) {
        BOOST_TEST_CONTEXT("query " << q) {
            const Scores x = scores(sa, q), y = scores(sb, q);
            BOOST_TEST_REQUIRE(x.size() == y.size());
            for (const auto& [id, w] : x) {
                BOOST_TEST_REQUIRE(y.count(id) == 1U);
                BOOST_TEST(w == y.at(id), boost::test_tools::tolerance(1e-12));
            }
        }
    }
    for (const auto& d : corpus()) BOOST_TEST((sa.skipped_parts(d.id) == sb.skipped_parts(d.id)));
}

Ids of_source(Ids found) {
    Ids out;
    for (auto& id : found)
        if (id.front() == 'p') out.push_back(id);
    return out;
}

IndexOptions raw() {
    IndexOptions o;
    o.hygiene.skip_repeated = false;
    o.hygiene.skip_boilerplate = false;
    return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hygiene)

BOOST_AUTO_TEST_CASE(disclaimer_and_menu_words_find_nothing_from_the_source) {
    TempDir dir;
    build(dir.str(), corpus());
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "\"conseil financier\"") == Ids{"g1"}, boost::test_tools::per_element());
    for (const char* q : {"tiers", "exactitude", "récompense", "reposter", "partager", "original",
                          "information", "\"voir l'original\""})
        BOOST_TEST_CONTEXT(q) { BOOST_TEST(of_source(ids(s, q)).empty()); }
    // The pages are all there, and stored as given.
    BOOST_TEST(ids(s, "", {{"source", source}}).size() == 12U);
    BOOST_TEST(s.get("p02")->body == page(articles()[1]).body);
}

BOOST_AUTO_TEST_CASE(the_first_pages_are_cleaned_when_the_line_becomes_boilerplate) {
    // One page per commit: the first four are indexed before the disclaimer is frequent.
    TempDir dir;
    build(dir.str(), corpus(), {}, 1);
    Searcher s(dir.str());
    BOOST_TEST(of_source(ids(s, "reposter")).empty());
    BOOST_TEST(of_source(ids(s, "\"conseil financier\"")).empty());
    auto parts = s.skipped_parts("p01");
    BOOST_REQUIRE(parts);
    BOOST_TEST(parts->size() == 3U);
    for (const auto& p : *parts) BOOST_TEST(to_string(p.reason) == "boilerplate");
}

BOOST_AUTO_TEST_CASE(a_sentence_two_articles_quote_stays_searchable) {
    TempDir dir;
    build(dir.str(), corpus());
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "\"la mer ne pardonne jamais\"") == (Ids{"p03", "p09"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "imprudence") == (Ids{"p03", "p09"}), boost::test_tools::per_element());
    BOOST_TEST(s.skipped_parts("p03")->size() == 3U);  // the site's three lines only
}

BOOST_AUTO_TEST_CASE(a_doubled_article_ranks_like_a_single_copy) {
    TempDir doubled, single, raw_doubled, raw_single;
    build(doubled.str(), corpus(true));
    build(single.str(), corpus(false));
    build(raw_doubled.str(), corpus(true), raw());
    build(raw_single.str(), corpus(false), raw());
    Searcher d(doubled.str()), s(single.str()), rd(raw_doubled.str()), rs(raw_single.str());
    for (const char* q : {"ferry", "île de Batz", "élus délégation", "\"service public\""}) {
        BOOST_TEST_CONTEXT(q) {
            const double wd = scores(d, q).at("p07"), ws = scores(s, q).at("p07");
            BOOST_TEST(wd == ws, boost::test_tools::tolerance(1e-12));
            // Without hygiene the copy counts twice, and the weights differ.
            BOOST_TEST(std::abs(scores(rd, q).at("p07") - scores(rs, q).at("p07")) > 1e-6);
        }
    }
    const auto parts = d.skipped_parts("p07");
    BOOST_REQUIRE(parts);
    std::size_t repeated = 0;
    const std::string body = d.get("p07")->body;
    for (const auto& p : *parts)
        if (p.reason == SkipReason::repeated) {
            ++repeated;
            const std::string text = body.substr(p.begin, p.end - p.begin);
            BOOST_TEST(
                (text == articles()[6].paragraphs[0] || text == articles()[6].paragraphs[1]));
        }
    BOOST_TEST(repeated == 2U);
}

BOOST_AUTO_TEST_CASE(repeats_ignore_case_accents_spaces_and_punctuation) {
    TempDir dir;
    Index index(dir.str());
    index.add(doc("a", "Le port rouvre",
                  "Le port rouvre\nLe port de Brest rouvre lundi.\nLes quais sont dégagés.\n"
                  "LE PORT DE BREST   ROUVRE LUNDI !\nle port de brest rouvre, lundi"));
    index.commit();
    Searcher s(dir.str());
    const auto parts = s.skipped_parts("a");
    BOOST_REQUIRE(parts);
    BOOST_TEST_REQUIRE(parts->size() == 3U);  // the title line and the two echoes
    for (const auto& p : *parts) BOOST_TEST(to_string(p.reason) == "repeated");
    BOOST_TEST(ids(s, "quais") == Ids{"a"}, boost::test_tools::per_element());
    BOOST_TEST(ids(s, "brest") == Ids{"a"}, boost::test_tools::per_element());
    BOOST_TEST(!s.skipped_parts("absent"));
}

BOOST_AUTO_TEST_CASE(cleaning_an_existing_index_equals_indexing_with_the_rules_on) {
    TempDir reference, cleaned, reversed, late;
    build(reference.str(), corpus());
    // Built raw (or by a veille without hygiene), then cleaned.
    build(cleaned.str(), corpus(), raw());
    {
        Index index(cleaned.str());
        const CleanReport r = index.clean();
        BOOST_TEST(r.documents == 13U);
        BOOST_TEST(r.reanalysed == 13U);
        BOOST_TEST(r.boilerplate_lines == 3U);
        index.commit();
        BOOST_TEST(index.clean().reanalysed == 0U);  // idempotent
    }
    same_results(reference.str(), cleaned.str());
    // Another order, a commit per page: the same index.
    std::vector<Document> docs = corpus();
    std::reverse(docs.begin(), docs.end());
    build(reversed.str(), docs, {}, 1);
    same_results(reference.str(), reversed.str());
    // Without cleaning at commit, the first pages keep the disclaimer until clean().
    IndexOptions no_auto;
    no_auto.hygiene.clean_at_commit = false;
    build(late.str(), corpus(), no_auto, 1);
    {
        Searcher s(late.str());
        BOOST_TEST(!of_source(ids(s, "reposter")).empty());
    }
    {
        Index index(late.str(), no_auto);
        BOOST_TEST(index.clean().reanalysed > 0U);
        index.commit();
    }
    same_results(reference.str(), late.str());
    // The same, committing every two re-analysed documents on the way.
    TempDir raw_then_batched;
    build(raw_then_batched.str(), corpus(), raw());
    {
        Index index(raw_then_batched.str());
        BOOST_TEST(index.clean(2).reanalysed == 13U);
    }  // no final commit: the last batch is dropped...
    {
        Index index(raw_then_batched.str());
        BOOST_TEST(index.clean(2).reanalysed <= 1U);  // ...and redone here
        index.commit();
    }
    same_results(reference.str(), raw_then_batched.str());
}

BOOST_AUTO_TEST_CASE(a_cleaning_checkpoint_publishes_the_spelling_of_what_it_commits) {
    // clean(n) commits on its way, and so publishes the documents added before it: their
    // words reach the spelling word list with them, even if commit() never comes.
    TempDir dir;
    build(dir.str(), corpus(), raw());
    IndexOptions o;
    o.spelling = true;
    {
        Index index(dir.str(), o);
        Document d;
        d.id = "orthographe";
        d.source = "Le Courrier du Soir";
        d.title = "Une fracture zygomatique";
        d.body = "Le chirurgien décrit une fracture zygomatique rarissime.";
        index.add(d);
        BOOST_TEST(index.clean(2).reanalysed > 2U);
    }  // no commit: only the checkpoints' changes stay
    BOOST_TEST(Searcher(dir.str()).get("orthographe").has_value());
    const Xapian::Database db(dir.str());
    bool listed = false;  // the word list's group of "zyg" (schema/schema.hpp)
    for (auto w = db.synonyms_begin("\x1fzyg"); w != db.synonyms_end("\x1fzyg"); ++w)
        listed = listed || *w == "zygomatique";
    BOOST_TEST(listed);
}

BOOST_AUTO_TEST_CASE(cleaning_with_a_rule_off_indexes_the_text_again) {
    TempDir reference, cleaned;
    IndexOptions nb;
    nb.hygiene.skip_boilerplate = false;
    build(reference.str(), corpus(), nb);
    build(cleaned.str(), corpus());
    {
        Index index(cleaned.str(), nb);
        BOOST_TEST(index.clean().reanalysed == 13U);
        index.commit();
    }
    same_results(reference.str(), cleaned.str());
    Searcher s(cleaned.str());
    BOOST_TEST(of_source(ids(s, "reposter")).size() == 12U);
    BOOST_TEST(s.hygiene_stats().at(0).boilerplate_lines == 0U);
}

BOOST_AUTO_TEST_CASE(removals_and_shares_are_followed) {
    TempDir dir;
    IndexOptions o;
    o.hygiene.boilerplate_min_documents = 2;
    o.hygiene.boilerplate_min_share = 0.5;
    build(dir.str(), corpus(), o);
    {
        Searcher s(dir.str());
        // Two pages of twelve quote the sentence: under half of the source.
        BOOST_TEST(ids(s, "imprudence") == (Ids{"p03", "p09"}), boost::test_tools::per_element());
        BOOST_TEST(of_source(ids(s, "reposter")).empty());
    }
    {
        Index index(dir.str(), o);
        for (const char* id : {"p01", "p02", "p04", "p05", "p06", "p07", "p08", "p10", "p11"})
            BOOST_TEST(index.remove(id));
        index.commit();
    }
    // Two pages of three: now the quote is boilerplate of what remains.
    Searcher s(dir.str());
    BOOST_TEST(of_source(ids(s, "imprudence")).empty());
    {
        Index index(dir.str());  // defaults: at least 5 documents
        BOOST_TEST(index.clean().reanalysed == 3U);
        index.commit();
    }
    s.reopen();
    BOOST_TEST(ids(s, "imprudence") == (Ids{"p03", "p09"}), boost::test_tools::per_element());
    BOOST_TEST(of_source(ids(s, "reposter")) == (Ids{"p03", "p09", "p12"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(holders_are_counted_whether_listed_or_termed) {
    // The first three holders of a line are listed in the index's metadata, the later ones
    // hold a term (hygiene::listed_holders): removing the listed ones first, then adding a
    // holder back, must count the same as a fresh index of what remains.
    static_assert(veille::hygiene::listed_holders == 3);
    const std::string footer = "Abonnez-vous à la lettre du soir de La Vigie des Marais.";
    auto issue = [&](int i) {
        return doc("v" + std::to_string(i), "Marée numéro " + std::to_string(i),
                   "Le coefficient de la marée " + std::to_string(i) + " surprend les pêcheurs.\n" +
                       footer,
                   "La Vigie des Marais");
    };
    IndexOptions o;
    o.hygiene.boilerplate_min_documents = 2;
    o.hygiene.boilerplate_min_share = 0.0;
    TempDir dir;
    auto found = [&] {
        Searcher s(dir.str());
        return ids(s, "abonnez");
    };
    {
        Index index(dir.str(), o);
        for (int i = 1; i <= 5; ++i) index.add(issue(i));
        index.commit();
    }
    BOOST_TEST(found().empty());  // five holders: boilerplate
    {
        Index index(dir.str(), o);
        for (const char* id : {"v1", "v2", "v3"}) BOOST_TEST(index.remove(id));
        index.commit();
    }
    BOOST_TEST(found().empty());  // the two that hold the term remain: still boilerplate
    {
        Index index(dir.str(), o);
        BOOST_TEST(index.remove("v4"));
        index.commit();
    }
    BOOST_TEST(found() == Ids{"v5"}, boost::test_tools::per_element());  // one holder left
    {
        Index index(dir.str(), o);
        index.add(issue(6));  // listed, next to v5 which holds the term
        index.commit();
    }
    BOOST_TEST(found().empty());
    {
        Index index(dir.str(), o);
        BOOST_TEST(index.clean().reanalysed == 0U);  // the commits left nothing to clean
    }
    TempDir fresh;
    {
        Index index(fresh.str(), o);
        index.add(issue(5));
        index.add(issue(6));
        index.commit();
    }
    Searcher a(dir.str()), b(fresh.str());
    for (const char* id : {"v5", "v6"}) BOOST_TEST((a.skipped_parts(id) == b.skipped_parts(id)));
}

BOOST_AUTO_TEST_CASE(replacing_pages_is_followed_as_if_indexed_anew) {
    // The site drops its disclaimer from eight pages and moves one page to another site.
    std::vector<Document> after = corpus();
    for (auto& d : after) {
        if (d.id.front() == 'p' && d.id < "p09") {
            const auto cut = d.body.rfind("\n\n");
            d.body.erase(cut);
        }
        if (d.id == "p12") d.source = "La Gazette des Quais";
    }
    TempDir updated, fresh;
    build(updated.str(), corpus());
    {
        Index index(updated.str());
        for (const auto& d : after)
            if (d.id.front() == 'p' && (d.id < "p09" || d.id == "p12")) index.add(d);
        index.commit();
    }
    build(fresh.str(), after);
    Searcher s(updated.str());
    // Three pages of the site keep the disclaimer, under the threshold of five, and the
    // other site has it once.
    BOOST_TEST(of_source(ids(s, "\"conseil financier\"")) == (Ids{"p09", "p10", "p11", "p12"}),
               boost::test_tools::per_element());
    BOOST_TEST(of_source(ids(s, "reposter")) == Ids{"p12"}, boost::test_tools::per_element());
    same_results(fresh.str(), updated.str());
}

BOOST_AUTO_TEST_CASE(snippets_never_show_skipped_text) {
    TempDir dir;
    build(dir.str(), corpus());
    Searcher s(dir.str());
    SearchRequest r;
    r.limit = 100;
    r.snippet.length = 1000;
    r.filters = {{"source", source}};
    for (const char* q : {"gratuite", "réservations", "ferry", "pontons", ""}) {
        r.query = q;
        const auto res = s.search(r);
        BOOST_TEST_REQUIRE(!res.hits.empty());
        for (const auto& h : res.hits) {
            BOOST_TEST_CONTEXT(q << " " << h.id << ": " << h.snippet) {
                BOOST_TEST(h.snippet.find("Partager") == std::string::npos);
                BOOST_TEST(h.snippet.find("PARTAGER") == std::string::npos);
                BOOST_TEST(h.snippet.find("original") == std::string::npos);
                BOOST_TEST(h.snippet.find("conseil") == std::string::npos);
            }
        }
    }
    r.query = "ferry";
    const auto hit = s.search(r).hits.at(0);
    BOOST_TEST(hit.id == "p07");
    // The repeated copy is not shown either: the first paragraph appears once.
    const std::string first = "La compagnie de";
    BOOST_TEST(hit.snippet.find(first) != std::string::npos);
    BOOST_TEST(hit.snippet.find(first, hit.snippet.find(first) + 1) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(line_hash_is_the_hash_of_the_facet_key) {
    namespace vh = veille::hygiene;
    std::string scratch;
    for (const std::string& line :
         {menu, menu_shouted, disclaimer, disclaimer_sloppy, quote, std::string("Œuvre ÆTHER ﬁn ß"),
          std::string("Cafe\u0301 de\u0301ja\u0300"), std::string("東京 2024 · ?"),
          std::string(" — ... "), std::string()}) {
        BOOST_TEST_CONTEXT(line) {
            BOOST_TEST(vh::line_hash(line, scratch) ==
                       vh::hash64(veille::analysis::facet_key(line)));
        }
    }
    BOOST_TEST(vh::line_hash(menu, scratch) == vh::line_hash(menu_shouted, scratch));
    BOOST_TEST(vh::line_hash(disclaimer, scratch) == vh::line_hash(disclaimer_sloppy, scratch));
    BOOST_TEST(vh::line_hash(disclaimer, scratch) != vh::line_hash(quote, scratch));
}

BOOST_AUTO_TEST_CASE(each_rule_has_an_off_switch) {
    TempDir no_boilerplate, no_repeat, none;
    IndexOptions nb;
    nb.hygiene.skip_boilerplate = false;
    build(no_boilerplate.str(), corpus(), nb);
    IndexOptions nr;
    nr.hygiene.skip_repeated = false;
    build(no_repeat.str(), corpus(), nr);
    build(none.str(), corpus(), raw());
    {
        Searcher s(no_boilerplate.str());
        BOOST_TEST(of_source(ids(s, "reposter")).size() == 12U);
        BOOST_TEST(s.skipped_parts("p07")->size() == 2U);  // the repeated copy only
    }
    {
        Searcher s(no_repeat.str());
        BOOST_TEST(of_source(ids(s, "reposter")).empty());
        BOOST_TEST(s.skipped_parts("p07")->size() == 3U);  // the site's lines only
    }
    {
        Searcher s(none.str());
        BOOST_TEST(of_source(ids(s, "\"conseil financier\"")).size() == 12U);
        BOOST_TEST(s.skipped_parts("p07")->empty());
        for (const auto& st : s.hygiene_stats()) BOOST_TEST(st.unchecked == st.documents);
    }
    IndexOptions bad;
    bad.hygiene.boilerplate_min_documents = 1;
    BOOST_CHECK_EXCEPTION(Index(none.str("other"), bad), Error,
                          has_code(ErrorCode::invalid_argument));
    bad.hygiene.boilerplate_min_documents = 5;
    bad.hygiene.boilerplate_min_share = 1.5;
    BOOST_CHECK_EXCEPTION(Index(none.str("other"), bad), Error,
                          has_code(ErrorCode::invalid_argument));
}

BOOST_AUTO_TEST_CASE(per_source_statistics_add_up) {
    TempDir dir;
    build(dir.str(), corpus());
    Searcher s(dir.str());
    const auto stats = s.hygiene_stats();
    BOOST_TEST_REQUIRE(stats.size() == 2U);
    const SourceHygiene& port = stats[0];
    BOOST_TEST(port.source == source);
    BOOST_TEST(port.documents == 12U);
    BOOST_TEST(port.unchecked == 0U);
    BOOST_TEST(port.boilerplate_lines == 3U);
    BOOST_TEST(port.boilerplate_parts == 36U);
    BOOST_TEST(port.repeated_parts == 2U);
    // The figures are those of the skipped parts of each page.
    std::uint64_t body = 0, rep = 0, bp = 0;
    for (const auto& a : articles()) {
        const Document d = *s.get(a.id);
        body += d.body.size();
        const auto parts = s.skipped_parts(a.id);
        BOOST_REQUIRE(parts);
        for (const auto& p : *parts)
            (p.reason == SkipReason::repeated ? rep : bp) += p.end - p.begin;
    }
    BOOST_TEST(port.body_bytes == body);
    BOOST_TEST(port.repeated_bytes == rep);
    BOOST_TEST(port.boilerplate_bytes == bp);
    BOOST_TEST(port.boilerplate_bytes + port.repeated_bytes < port.body_bytes);
    BOOST_TEST(stats[1].source == "La Gazette des Quais");
    BOOST_TEST(stats[1].boilerplate_parts + stats[1].repeated_parts == 0U);
}

// The writer's lists answer a line without reading the database when a filter says no entry
// can exist: the filter must never miss one, whether the entry is pending, written, or was in
// the index before, and however often it grows.
BOOST_AUTO_TEST_CASE(line_lists_never_miss_an_entry) {
    namespace vh = veille::hygiene;
    test::TempDir dir;
    Xapian::WritableDatabase db((dir.path / "db").string(), Xapian::DB_CREATE);
    const std::string le_monde = vh::source_tag("le monde");
    const std::string liberation = vh::source_tag("liberation");
    // Entries already in the index, as a previous session left them.
    for (std::uint64_t line = 1; line <= 300; ++line)
        db.set_metadata(vh::listed_key(le_monde, line), vh::encode_listed({7}));
    db.commit();

    // 16 words at first: built for the 300 entries, it outgrows itself in the loop below.
    vh::Lists lists(std::size_t{1} << 20, 1024);
    // One word at most: full from the start, it lets every read through.
    vh::Lists tiny(8, 64);
    std::map<std::pair<std::string, std::uint64_t>, std::string> expected;
    for (std::uint64_t line = 1; line <= 300; ++line)
        expected[{le_monde, line}] = vh::encode_listed({7});
    const auto check = [&](const vh::Lists& l) {
        for (const auto& [k, value] : expected)
            BOOST_REQUIRE_EQUAL(l.get(db, k.first, k.second), value);
    };
    check(lists);
    check(tiny);
    for (std::uint64_t line = 1000; line < 4000; ++line) {
        const std::string& tag = line % 2 ? le_monde : liberation;
        const auto did = static_cast<Xapian::docid>(line);
        lists.set(tag, line, vh::encode_listed({did}));
        tiny.set(tag, line, vh::encode_listed({did}));
        expected[{tag, line}] = vh::encode_listed({did});
        if (line % 700 == 0) lists.apply(db);  // some written, some pending
        // A line not listed: the read rebuilds the filter when it has just outgrown it.
        BOOST_REQUIRE_EQUAL(lists.get(db, tag, line + 100000), "");
        BOOST_REQUIRE_EQUAL(tiny.get(db, tag, line + 100000), "");
    }
    for (std::uint64_t line = 1; line <= 300; line += 3) {  // removals
        lists.set(le_monde, line, "");
        tiny.set(le_monde, line, "");
        expected[{le_monde, line}] = "";
    }
    check(lists);
    check(tiny);
    lists.apply(db);
    tiny.apply(db);
    db.commit();
    check(lists);
    check(tiny);
    const vh::Lists rebuilt(std::size_t{1} << 20, 1024);
    check(rebuilt);  // built from the database alone
    // A line never listed reads as empty.
    BOOST_CHECK_EQUAL(lists.get(db, liberation, 999999), "");
}

// On an index with documents the writer reads its first lookups from the database and builds
// the filter only after a quarter as many lookups as documents: both ways give the same answers,
// and changes made before the filter exists are in it once built.
BOOST_AUTO_TEST_CASE(line_lists_read_before_they_filter) {
    namespace vh = veille::hygiene;
    test::TempDir dir;
    Xapian::WritableDatabase db((dir.path / "db").string(), Xapian::DB_CREATE);
    for (int i = 0; i < 400; ++i) db.add_document(Xapian::Document());  // filter after 100 reads
    const std::string ouest = vh::source_tag("ouest-france");
    for (std::uint64_t line = 1; line <= 300; ++line)
        db.set_metadata(vh::listed_key(ouest, line), vh::encode_listed({9}));
    db.commit();

    vh::Lists lists(std::size_t{1} << 20, 1024);
    lists.set(ouest, 5000, vh::encode_listed({401}));  // pending before the filter exists
    lists.set(ouest, 2, "");                           // removed before it exists
    for (int round = 0; round < 2; ++round) {          // 600 lookups: read, then filtered
        for (std::uint64_t line = 1; line <= 300; ++line)
            BOOST_REQUIRE_EQUAL(lists.get(db, ouest, line),
                                line == 2 ? "" : vh::encode_listed({9}));
        BOOST_REQUIRE_EQUAL(lists.get(db, ouest, 5000), vh::encode_listed({401}));
        BOOST_REQUIRE_EQUAL(lists.get(db, ouest, 6000), "");
    }
    lists.apply(db);  // the pending entry is now in the database and, already, in the filter
    BOOST_CHECK_EQUAL(lists.get(db, ouest, 5000), vh::encode_listed({401}));
    BOOST_CHECK_EQUAL(lists.get(db, ouest, 2), "");
}

// The analysis threads read the document count of each line's XH term, 0 for nearly every
// line: the writer hands them a filter of the XH terms, which must hold every term of the
// revision they read (the index's, then those it gives), whenever it is built or rebuilt.
BOOST_AUTO_TEST_CASE(the_filter_of_termed_lines_holds_every_xh_term) {
    namespace vh = veille::hygiene;
    test::TempDir dir;
    Xapian::WritableDatabase db((dir.path / "db").string(), Xapian::DB_CREATE);
    const std::string sud = vh::source_tag("sud ouest");
    auto give = [&](std::uint64_t line) {  // a document holding the line by its term
        Xapian::Document x;
        x.add_boolean_term(vh::paragraph_term(sud, line));
        db.add_document(x);
    };
    for (std::uint64_t line = 1; line <= 400; ++line) give(line);  // as a previous session left
    db.commit();

    vh::Lists writer(std::size_t{1} << 20, 1024);  // 16 words at first: it outgrows itself
    vh::Lists reader = vh::Lists::reader();
    BOOST_TEST(writer.termed_snapshot(db) == nullptr);  // no count read yet: not worth a walk
    reader.reopened(nullptr);
    BOOST_TEST(reader.may_be_termed(sud, 100000));  // without a filter every count is read
    writer.counted(200);  // more than a quarter of the documents: the walk pays
    std::uint64_t given = 400;
    for (int round = 0; round < 6; ++round) {
        const auto snapshot = writer.termed_snapshot(db);
        BOOST_REQUIRE(snapshot != nullptr);
        reader.reopened(snapshot);
        for (std::uint64_t line = 1; line <= given; ++line)
            BOOST_REQUIRE(reader.may_be_termed(sud, line));
        std::size_t maybe = 0;
        for (std::uint64_t line = 100000; line < 110000; ++line)
            maybe += reader.may_be_termed(sud, line);
        BOOST_TEST(maybe < 500U);  // most lines without a term are answered at once
        for (std::uint64_t i = 0; i < 300; ++i) {
            give(++given);
            writer.termed(sud, given);
        }
        if (round % 2 == 1) db.commit();
    }
}

// A worker analysing a document after a commit reads the counts of that commit through the
// filter: the sixth holder of a line, two of them holding its term, finds it boilerplate
// itself (nothing is cleaned at commit here to make up for a count read as 0).
BOOST_AUTO_TEST_CASE(a_worker_counts_the_holders_that_hold_the_term) {
    static_assert(veille::hygiene::listed_holders == 3);
    const std::string footer = "Retrouvez toutes nos grilles de mots croisés chaque samedi.";
    auto page = [&](int i) {
        return doc(
            "g" + std::to_string(i), "Grille " + std::to_string(i),
            "La grille numéro " + std::to_string(i) + " attend ses cruciverbistes.\n" + footer,
            "Le Cruciverbiste");
    };
    IndexOptions o;
    o.analysis_threads = 1;
    o.hygiene.boilerplate_min_documents = 6;  // listed (3) and self (1) alone do not reach it
    o.hygiene.boilerplate_min_share = 0.0;
    o.hygiene.clean_at_commit = false;
    TempDir dir;
    {
        Index index(dir.str(), o);
        for (int i = 1; i <= 3; ++i) index.add(page(i));
        index.commit();  // listed; the filter is built, with no XH term yet
        index.add(page(4));
        index.add(page(5));
        index.commit();  // g4 and g5 hold the line's term: the writer gave it
        index.add(page(6));
        index.commit();
    }
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "cruciverbistes").size() == 6U);
    BOOST_TEST(ids(s, "samedi") == (Ids{"g1", "g2", "g3", "g4", "g5"}),
               boost::test_tools::per_element());
}

// A commit writes its lists into one journal entry (XJ) instead of the XL entries, and the
// journal is merged into them once it is full. Every reader must see the same lists whatever
// was merged: the writer, a new writer on the same index, and a reader of a committed revision
// that was reopened after one or several commits, a merge among them.
BOOST_AUTO_TEST_CASE(line_lists_journal_then_merge_without_losing_a_change) {
    namespace vh = veille::hygiene;
    test::TempDir dir;
    const std::string path = (dir.path / "db").string();
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    const std::string tag = vh::source_tag("le telegramme");
    const auto journal_entries = [&] {
        std::size_t n = 0;
        for (auto k = db.metadata_keys_begin("XJ"); k != db.metadata_keys_end("XJ"); ++k) ++n;
        return n;
    };
    db.commit();
    Xapian::Database committed(path);
    vh::Lists reader = vh::Lists::reader();
    vh::Lists writer(std::size_t{1} << 20, 1024, 50);  // merged past 50 lines
    std::map<std::uint64_t, std::string> expected;
    bool merged = false, journaled = false;
    for (std::uint64_t round = 0; round < 12; ++round) {
        for (std::uint64_t i = 0; i < 12; ++i) {  // new lines, then changes to older ones
            const std::uint64_t line = round * 100 + i;
            expected[line] = vh::encode_listed({static_cast<Xapian::docid>(line + 1)});
            writer.set(tag, line, expected[line]);
        }
        if (round > 0) {
            const std::uint64_t grown = (round - 1) * 100, gone = (round - 1) * 100 + 1;
            expected[grown] = vh::encode_listed({1, 2, static_cast<Xapian::docid>(round + 2)});
            writer.set(tag, grown, expected[grown]);
            expected[gone] = "";
            writer.set(tag, gone, "");
        }
        writer.apply(db);
        db.commit();
        const std::uint64_t last = round * 100;
        if (journal_entries() == 0) {
            merged = true;  // the XL entries hold everything, removals included
            for (const auto& [line, value] : expected)
                BOOST_REQUIRE_EQUAL(db.get_metadata(vh::listed_key(tag, line)), value);
        } else {
            journaled = true;  // this commit's lists are in the journal only
            BOOST_REQUIRE_EQUAL(db.get_metadata(vh::listed_key(tag, last)), "");
        }
        for (const auto& [line, value] : expected)
            BOOST_REQUIRE_EQUAL(writer.get(db, tag, line), value);
        if (round % 3 != 2) {  // the reader skips some commits, merges among them
            committed.reopen();
            reader.reopened();
            for (const auto& [line, value] : expected)
                BOOST_REQUIRE_EQUAL(reader.get(committed, tag, line), value);
        }
        const vh::Lists next_session(std::size_t{1} << 20, 1024, 50);
        for (const auto& [line, value] : expected)
            BOOST_REQUIRE_EQUAL(next_session.get(db, tag, line), value);
        BOOST_REQUIRE_EQUAL(next_session.unmerged_lines(db, tag).size() > 0, journal_entries() > 0);
    }
    BOOST_TEST(merged);
    BOOST_TEST(journaled);
}

// A damaged journal entry is reported as a damaged index, never read as lists.
BOOST_AUTO_TEST_CASE(a_damaged_journal_is_refused) {
    test::TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("a1", "Marée", "Grande marée ce week-end.", source, "2024-03-11"));
        index.commit();
    }
    {
        Xapian::WritableDatabase x(dir.str(), Xapian::DB_OPEN);
        x.set_metadata(std::string("XJ") + std::string(7, '\0') + "\x09", "tronqué");
        x.commit();
    }
    IndexOptions o;
    o.analysis_threads = 0;
    Index index(dir.str(), o);
    const Document next = doc("a2", "Digue", "La digue tient bon.", source, "2024-03-12");
    BOOST_CHECK_EXCEPTION(index.add(next), Error, has_code(ErrorCode::corrupt));
}

BOOST_AUTO_TEST_SUITE_END()

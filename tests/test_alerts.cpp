// SPDX-License-Identifier: MIT
// Alerts (include/veille/alerts.hpp): stored queries matched against each new article. What
// an alert records is what a search of its query finds among the articles added after it,
// exactly; matches are committed with their articles and read once each by sequence.
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "fixtures.hpp"
#include "generated_news.hpp"

#include <boost/test/unit_test.hpp>

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::TempDir;

namespace {

// The ids each alert recorded, by alert.
std::map<std::string, std::set<std::string>> recorded(Searcher& s) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& m : s.alert_matches()) out[m.alert].insert(m.id);
    return out;
}

std::set<std::string> search_ids(Searcher& s, const std::string& query,
                                 const std::string& reference_date = {}) {
    SearchRequest r;
    r.query = query;
    r.limit = 100000;
    r.facets = std::vector<FacetRequest>{};
    r.suggest = false;
    r.synonyms = false;
    r.reference_date = reference_date;
    std::set<std::string> out;
    for (auto& h : s.search(r).hits) out.insert(h.id);
    return out;
}

// The day an alert reads relative dates against: the article's first day (Index::set_alert).
std::string first_day(const std::string& date) {
    if (date.size() == 4) return date + "-01-01";
    if (date.size() == 7) return date + "-01";
    return date;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alerts)

// 1,000 stored queries of every kind over 3,000 generated articles: each alert's recorded
// matches are the hits of its query searched afterwards; a relative date is read against each
// article's own day, so those alerts are compared day by day.
BOOST_AUTO_TEST_CASE(a_thousand_alerts_record_what_their_searches_find) {
    // No boilerplate line: an alert sees an article as it arrives, and a line that its source
    // repeats later is kept out of the index after the fact (README, Alerts).
    const test::Corpus c = test::generate(3000, false);
    std::vector<std::string> qs;
    for (unsigned seed : {7U, 8U, 9U}) {
        auto more = test::queries(c, seed);
        qs.insert(qs.end(), more.begin(), more.end());
    }
    std::mt19937 rng(11);
    auto word = [&] { return c.words[static_cast<std::size_t>(rng() % 400)]; };
    const auto pair = [&](bool title) {  // two neighbouring words of an article, as a phrase
        const Document& d = c.docs[rng() % c.docs.size()];
        std::istringstream text(title ? d.title : d.body);
        std::vector<std::string> ws;
        for (std::string w; text >> w;) ws.push_back(w);
        const std::size_t k = title ? 0 : rng() % (ws.size() - 2);
        return "\"" + ws[k] + " " + ws[k + 1] + "\"";
    };
    while (qs.size() < 960) {
        switch (rng() % 11) {
            case 0:
                qs.push_back(word() + " OR " + word());
                break;
            case 1:
                qs.push_back("title:" + word());
                break;
            case 2:
                qs.push_back(word() + " NOT source:\"La Gazette de Lyon\"");
                break;
            case 3:
                qs.push_back("(" + word() + " OR " + word() + ") -" + word());
                break;
            case 4:
                qs.push_back(word() + " date:2023");
                break;
            // Phrases and NEAR, read by alerts on the article's positions value.
            case 5:
                qs.push_back(word() + " NEAR " + word());
                break;
            case 6:
                qs.push_back("title:" + pair(true));
                break;
            case 7:
                qs.push_back("\"déclaré que\" " + word());  // "que" has no posting
                break;
            case 8:
                qs.push_back(word() + " -" + pair(false));
                break;
            case 9:
                qs.push_back("\"le\" " + word());  // a stopword alone, quoted
                break;
            default:
                qs.push_back("\"a déclaré\" " + word());
                break;
        }
    }
    const std::size_t relative_from = qs.size();
    for (int i = 0; i < 40; ++i)
        qs.push_back(word() + (i % 2 ? " date:\"les 7 derniers jours\"" : " date:hier"));

    TempDir dir;
    std::vector<std::string> names;
    {
        Index index(dir.str());
        std::size_t refused = 0;
        for (std::size_t i = 0; i < qs.size(); ++i) {
            const std::string name = "alerte-" + std::to_string(i);
            try {
                index.set_alert({name, qs[i]});
                names.push_back(name);
            } catch (const Error& e) {
                // Only a query that would match every article or none is refused here.
                BOOST_TEST(e.code() == ErrorCode::query_syntax, qs[i] << ": " << e.what());
                ++refused;
            }
        }
        BOOST_TEST(refused < 20U);
        index.commit();
        std::set<std::string> added;
        for (std::size_t i = 0; i < c.docs.size(); ++i) {
            if (!added.insert(c.docs[i].id).second) continue;  // a republished copy: not here
            index.add(c.docs[i]);
            if (i % 700 == 699) index.commit();
        }
        index.commit();
        const AlertCounts n = index.alert_counts();
        BOOST_TEST(n.documents == added.size());
        BOOST_TEST_MESSAGE(names.size() << " alerts, " << n.documents
                                        << " articles: " << n.candidates << " candidates run ("
                                        << static_cast<double>(n.candidates) /
                                               static_cast<double>(n.documents * names.size())
                                        << " of all pairs), " << n.matches << " matches");
        // The presearch runs a small share of the alerts on each article.
        BOOST_TEST(n.candidates < n.documents * names.size() / 4);
    }

    Searcher s(dir.str());
    BOOST_TEST(s.alerts().size() == names.size());
    const auto got = recorded(s);
    std::map<std::string, std::vector<const Document*>> by_day;
    std::set<std::string> seen_ids;
    for (const auto& d : c.docs)
        if (seen_ids.insert(d.id).second && !d.date.empty())
            by_day[first_day(d.date)].push_back(&d);
    std::size_t compared = 0, matched = 0;
    for (const auto& a : s.alerts()) {
        const std::size_t i = std::stoul(a.name.substr(a.name.find('-') + 1));
        std::set<std::string> want;
        if (i < relative_from) {
            want = search_ids(s, a.query);
        } else {
            for (const auto& [day, docs] : by_day) {
                const auto hits = search_ids(s, a.query, day);
                for (const Document* d : docs)
                    if (hits.contains(d->id)) want.insert(d->id);
            }
        }
        const auto it = got.find(a.name);
        const std::set<std::string> have = it == got.end() ? std::set<std::string>{} : it->second;
        BOOST_TEST((have == want), a.query << ": " << have.size() << " recorded, " << want.size()
                                           << " found by the search");
        ++compared;
        matched += have.empty() ? 0 : 1;
    }
    BOOST_TEST(compared == names.size());
    BOOST_TEST(matched > names.size() / 2);  // most alerts have matches to compare
    // Each match once, in sequence order.
    const auto all = s.alert_matches();
    for (std::size_t k = 0; k < all.size(); ++k) BOOST_TEST_REQUIRE(all[k].sequence == k + 1);
}

BOOST_AUTO_TEST_CASE(matches_are_committed_with_their_articles_and_read_once_by_sequence) {
    TempDir dir;
    {
        Index index(dir.str());
        index.set_alert({"retraites", "\"réforme des retraites\""});
        index.set_alert({"borne", "person:\"Élisabeth Borne\""});
        index.commit();
        index.add(doc("a1", "La réforme des retraites adoptée",
                      "Élisabeth Borne a défendu la réforme des retraites devant les députés.",
                      "Le Monde", "2023-03-16"));
        // Dropped before its commit: no match is left of it.
    }
    Searcher s(dir.str());
    BOOST_TEST(s.alerts().size() == 2U);
    BOOST_TEST(s.alert_matches().empty());
    {
        Index index(dir.str());
        BOOST_TEST(index.alerts().size() == 2U);
        index.add(doc("a1", "La réforme des retraites adoptée",
                      "Élisabeth Borne a défendu la réforme des retraites devant les députés.",
                      "Le Monde", "2023-03-16"));
        index.add(doc("a2", "Météo", "Du soleil sur la Bretagne.", "Ouest-France", "2023-03-16"));
        index.add(doc("a3", "Borne à Matignon", "La Première ministre Élisabeth Borne reçoit.",
                      "Libération", "2023-03-17"));
        index.add(doc("a4", "Brouillon", "La réforme des retraites encore.", "Libération"));
        BOOST_TEST(index.remove("a4"));  // removed before its commit: not recorded
        index.commit();
    }
    s.reopen();
    auto first = s.alert_matches();
    BOOST_TEST_REQUIRE(first.size() == 3U);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& m : first) pairs.emplace(m.alert, m.id);
    BOOST_TEST((pairs == std::set<std::pair<std::string, std::string>>{
                             {"retraites", "a1"}, {"borne", "a1"}, {"borne", "a3"}}));
    for (const auto& m : first) {
        BOOST_TEST(m.sequence >= 1U);
        BOOST_TEST(m.recorded.size() == 20U);  // 2026-12-07T17:45:02Z
        if (m.alert == "borne")
            BOOST_TEST(m.persons == std::vector<std::string>{"Élisabeth Borne"});
        if (m.alert == "retraites") {
            BOOST_TEST(m.snippet.find("«réforme»") != std::string::npos, m.snippet);
            BOOST_TEST(m.snippet.find("«retraites»") != std::string::npos, m.snippet);
            BOOST_TEST(m.source == "Le Monde");
            BOOST_TEST(m.title == "La réforme des retraites adoptée");
        }
    }
    const std::uint64_t last = first.back().sequence;
    // A consumer that stored `last` gets only what follows, across writers.
    {
        Index index(dir.str());
        index.add(doc("a5", "Retraites", "La réforme des retraites au Sénat.", "Le Figaro"));
        index.commit();
    }
    s.reopen();
    const auto next = s.alert_matches(last);
    BOOST_TEST_REQUIRE(next.size() == 1U);
    BOOST_TEST(next[0].id == "a5");
    BOOST_TEST(next[0].sequence == last + 1);
    BOOST_TEST(s.alert_matches(last + 1).empty());
    BOOST_TEST(s.alert_matches(0, 2).size() == 2U);
    BOOST_TEST(s.alert_matches(0, 0, "retraites").size() == 2U);
}

BOOST_AUTO_TEST_CASE(alerts_are_replaced_removed_and_refused_as_documented) {
    TempDir dir;
    Index index(dir.str());
    index.set_alert({"grève", "grève SNCF"});
    index.set_alert({"grève", "grève RATP"});  // same name: replaced
    BOOST_TEST_REQUIRE(index.alerts().size() == 1U);
    BOOST_TEST(index.alerts()[0].query == "grève RATP");
    BOOST_CHECK_EXCEPTION(index.set_alert({"x", "AND grève"}), Error,
                          has_code(ErrorCode::query_syntax));
    BOOST_CHECK_EXCEPTION(index.set_alert({"x", "grève date:\"un jour\""}), Error,
                          has_code(ErrorCode::query_syntax));
    BOOST_CHECK_EXCEPTION(index.set_alert({"x", "le la les"}), Error,
                          has_code(ErrorCode::query_syntax));  // would match nothing
    BOOST_CHECK_EXCEPTION(index.set_alert({"x", ""}), Error, has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.set_alert({"", "grève"}), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.set_alert({"a\nb", "grève"}), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.set_alert({std::string(max_alert_name_bytes + 1, 'a'), "grève"}),
                          Error, has_code(ErrorCode::invalid_argument));
    BOOST_TEST(index.alerts().size() == 1U);  // nothing refused was stored

    // An article not indexed is matched without being recorded.
    const auto m = index.match_alerts(doc("d", "Grève à la RATP", "Le métro à l'arrêt."));
    BOOST_TEST_REQUIRE(m.size() == 1U);
    BOOST_TEST(m[0].alert == "grève");
    BOOST_TEST(m[0].sequence == 0U);
    BOOST_TEST(index.match_alerts(doc("e", "Grève SNCF", "Les trains")).empty());
    BOOST_TEST(index.size() == 0U);

    BOOST_TEST(index.remove_alert("grève"));
    BOOST_TEST(!index.remove_alert("grève"));
    index.add(doc("f", "Grève à la RATP", "Le métro à l'arrêt."));
    index.commit();
    Searcher s(dir.str());
    BOOST_TEST(s.alerts().empty());
    BOOST_TEST(s.alert_matches().empty());
}

// What a matcher reads beyond its parsed query: the accent map as commits grow it, the
// article's own new words for a wildcard, the article's date for relative dates.
BOOST_AUTO_TEST_CASE(accents_wildcards_and_dates_match_as_the_search_does) {
    TempDir dir;
    {
        Index index(dir.str());
        index.set_alert({"aimee", "aimee"});  // typed without its accent
        index.set_alert({"zorg", "zorg*"});
        index.set_alert({"semaine", "marché date:\"les 7 derniers jours\""});
        index.set_alert({"hier", "marché date:hier"});
        index.set_alert({"2024", "marché date:2024"});
        index.commit();
        // "aimée" brings the accent map's aime -> aim; "aimer" (aim) then reaches the alert.
        index.add(doc("p1", "Une chanson", "La chanson aimée du public.", "", "2024-05-02"));
        index.commit();
        index.add(doc("p2", "Un film", "Les spectateurs vont aimer ce film.", "", "2024-05-03"));
        index.add(doc("z1", "Bande dessinée", "Le retour de Zorglub.", "", "2024-05-03"));
        index.add(doc("m1", "Le marché", "Le marché de Noël ouvre.", "", "2024-12-01"));
        index.add(doc("m2", "Le marché", "Le marché couvert.", "", "2023-06"));
        index.commit();
    }
    Searcher s(dir.str());
    const auto got = recorded(s);
    BOOST_TEST((got.at("aimee") == std::set<std::string>{"p1", "p2"}));
    BOOST_TEST((got.at("aimee") == search_ids(s, "aimee")));
    BOOST_TEST((got.at("zorg") == std::set<std::string>{"z1"}));
    BOOST_TEST((got.at("2024") == std::set<std::string>{"m1"}));
    // « les 7 derniers jours » of an article's own date holds it; « hier » never does.
    BOOST_TEST((got.at("semaine") == std::set<std::string>{"m1"}));
    BOOST_TEST(!got.contains("hier"));
}

BOOST_AUTO_TEST_CASE(a_sharded_index_keeps_its_alerts_and_matches) {
    TempDir dir;
    IndexOptions o;
    o.shards = 3;
    {
        Index index(dir.str(), o);
        index.set_alert({"port", "port -Brest"});
        index.commit();
        for (int i = 0; i < 60; ++i)
            index.add(doc("d" + std::to_string(i),
                          "Le port de " + std::string(i % 2 ? "Brest" : "Sète"),
                          "Les dockers du port.", "Source " + std::to_string(i % 7), "2024-01-02"));
        index.commit();
    }
    Searcher s(dir.str());
    BOOST_TEST(s.stats().shards == 3U);
    BOOST_TEST(s.alerts().size() == 1U);
    const auto got = recorded(s);
    BOOST_TEST(got.at("port").size() == 30U);
    BOOST_TEST((got.at("port") == search_ids(s, "port -Brest")));
    Index again(dir.str(), o);
    BOOST_TEST(again.alerts().size() == 1U);
}

BOOST_AUTO_TEST_SUITE_END()

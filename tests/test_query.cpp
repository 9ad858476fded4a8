// SPDX-License-Identifier: MIT
// The query language: filters are operands of the boolean grammar like words. A randomised test
// builds queries from a small grammar and checks each result set against an evaluator written
// here, on a generated corpus whose words are known one by one.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"

using namespace veille;
using namespace veille::test;

namespace {

using Ids = std::vector<std::string>;

// --- The three articles of the issue ---------------------------------------------------------

struct Three {
    TempDir dir;
    Three() {
        Index index(dir.str());
        index.add(doc("lib", "Les dockers du port en grève",
                      "Le chien du port a suivi les dockers jusqu'au quai.", "Libération",
                      "2024-03-02"));
        index.add(doc("mon", "Le chat de la rédaction",
                      "Un chat et un chien dans la cour du tribunal ; les dockers sont venus.",
                      "Le Monde", "2024-03-05"));
        index.add(doc("ouest", "Marée basse à Saint-Malo",
                      "Le chien des voisins aboie au passage des dockers sur la cale.",
                      "Ouest-France", "2023"));
        index.commit();
    }
};

// --- A generated corpus and a reference evaluator ---------------------------------------------

// Words that are no stopwords, each its own term (checked by the test), never inflected here.
const std::vector<std::string> vocabulary = {"chat", "chien", "port",  "grève", "train",  "mer",
                                             "vent", "pluie", "ville", "maire", "budget", "musée"};
const std::vector<std::string> sources = {"Libération", "Le Monde", "Ouest-France", "L'Équipe", ""};
const std::vector<std::string> people = {"Élisabeth Borne", "Daniel Kwan", "Jean Dupont",
                                         "Marie Curie"};

struct Article {
    std::string id, source, date;
    std::vector<std::string> words;  // the body, word by word (position = index)
    std::set<std::string> persons;
    std::string first, last;  // days the date covers, "YYYYMMDD"; empty when undated
};

std::string two(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string days_in(const std::string& ym) {
    const int y = std::stoi(ym.substr(0, 4)), m = std::stoi(ym.substr(5, 2));
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return std::to_string(m == 2 && leap ? 29 : d[m - 1]);
}

void set_span(Article& a) {
    const std::string& d = a.date;
    if (d.empty()) return;
    const std::string y = d.substr(0, 4);
    if (d.size() == 4) {
        a.first = y + "0101", a.last = y + "1231";
    } else if (d.size() == 7) {
        a.first = y + d.substr(5, 2) + "01";
        a.last = y + d.substr(5, 2) + days_in(d);
    } else {
        a.first = a.last = y + d.substr(5, 2) + d.substr(8, 2);
    }
}

struct Generated {
    TempDir dir;
    std::vector<Article> articles;

    Generated() {
        std::mt19937 rng(20261207);
        // Skewed: some words are common, others rare, so that AND, OR and NOT all bite.
        std::discrete_distribution<std::size_t> word({9, 8, 6, 5, 4, 4, 3, 3, 2, 2, 1, 1});
        std::uniform_int_distribution<int> length(3, 12), year(2020, 2024), month(1, 12),
            day(1, 28), precision(0, 3), npersons(0, 2);
        std::uniform_int_distribution<std::size_t> source(0, sources.size() - 1),
            person(0, people.size() - 1);
        IndexOptions options;
        options.extract_persons = false;
        options.hygiene.skip_repeated = false;
        options.hygiene.skip_boilerplate = false;
        Index index(dir.str(), options);
        for (int i = 0; i < 2000; ++i) {
            Article a;
            a.id = "g" + std::to_string(i);
            a.source = sources[source(rng)];
            const int p = precision(rng);
            if (p > 0) a.date = std::to_string(year(rng));
            if (p > 1) a.date += "-" + two(month(rng));
            if (p > 2) a.date += "-" + two(day(rng));
            set_span(a);
            for (int k = length(rng); k > 0; --k) a.words.push_back(vocabulary[word(rng)]);
            for (int k = npersons(rng); k > 0; --k) a.persons.insert(people[person(rng)]);
            std::string body;
            for (const auto& w : a.words) body += (body.empty() ? "" : " ") + w;
            index.add(doc(a.id, "", body, a.source, a.date,
                          std::vector<std::string>(a.persons.begin(), a.persons.end())));
            articles.push_back(std::move(a));
        }
        index.commit();
    }
};

// A query as text, and what it matches.
struct Node {
    std::string text;
    std::function<bool(const Article&)> match;
    bool near = false;  // "a NEAR b": Xapian takes it beside other items only in brackets
};

bool has(const Article& a, const std::string& w) {
    return std::find(a.words.begin(), a.words.end(), w) != a.words.end();
}

bool within(const Article& a, const std::string& from, const std::string& to) {
    return !a.first.empty() && a.first >= from && a.last <= to;
}

// Builds random queries of the grammar: juxtaposed items (words, phrases, NEAR, filters,
// +word, -item, brackets) and boolean operators between bracketed expressions.
class Grammar {
public:
    explicit Grammar(std::uint32_t seed) : rng_(seed) {}

    Node expr(int depth) {
        const int pick = roll(depth > 2 ? 2 : 10);
        if (pick < 4) return prob(depth);
        if (pick == 4) {  // leading NOT
            const Node b = bracket(depth + 1);
            return {"NOT " + b.text, [m = b.match](const Article& a) { return !m(a); }};
        }
        const Node l = bracket(depth + 1), r = bracket(depth + 1);
        static const char* ops[] = {"AND", "OR", "NOT", "XOR", "AND NOT"};
        const std::string op = ops[roll(5)];
        const auto lm = l.match, rm = r.match;
        std::function<bool(const Article&)> m;
        if (op == "AND") m = [=](const Article& a) { return lm(a) && rm(a); };
        if (op == "OR") m = [=](const Article& a) { return lm(a) || rm(a); };
        if (op == "NOT" || op == "AND NOT") m = [=](const Article& a) { return lm(a) && !rm(a); };
        if (op == "XOR") m = [=](const Article& a) { return lm(a) != rm(a); };
        return {l.text + " " + op + " " + r.text, m};
    }

private:
    int roll(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    const std::string& word() {
        return vocabulary[static_cast<std::size_t>(roll(static_cast<int>(vocabulary.size())))];
    }

    Node bracket(int depth) {
        const Node e = expr(depth);
        return {"(" + e.text + ")", e.match};
    }

    // A filter, and its field (filters of one field in one group are OR'ed).
    std::pair<std::string, Node> filter() {
        switch (roll(9)) {
            case 0:
                return {"source", {"source:Libération", [](const Article& a) {
                                       return a.source == "Libération";
                                   }}};
            case 1:
                return {"source", {"source:liberation", [](const Article& a) {
                                       return a.source == "Libération";
                                   }}};
            case 2:
                return {"source", {"source:\"Le Monde\"", [](const Article& a) {
                                       return a.source == "Le Monde";
                                   }}};
            case 3:
                return {"source", {"source:\"L'Équipe\"", [](const Article& a) {
                                       return a.source == "L'Équipe";
                                   }}};
            case 4: {
                const std::string p = people[static_cast<std::size_t>(roll(4))];
                return {"person", {"person:\"" + p + "\"", [p](const Article& a) {
                                       return a.persons.count(p) > 0;
                                   }}};
            }
            case 5: {
                const std::string y = std::to_string(2020 + roll(5));
                return {"date", {"date:" + y, [y](const Article& a) {
                                     return within(a, y + "0101", y + "1231");
                                 }}};
            }
            case 6: {
                const std::string s = std::to_string(2020 + roll(5)) + "-" + two(1 + roll(12)),
                                  from = s.substr(0, 4) + s.substr(5, 2) + "01",
                                  to = s.substr(0, 4) + s.substr(5, 2) + days_in(s);
                return {"date", {"date:" + s, [from, to](const Article& a) {
                                     return within(a, from, to);
                                 }}};
            }
            case 7: {
                const int y = 2020 + roll(4);
                const std::string t = "date:" + std::to_string(y) + ".." + std::to_string(y + 1);
                const std::string from = std::to_string(y) + "0101",
                                  to = std::to_string(y + 1) + "1231";
                return {"date", {t, [from, to](const Article& a) { return within(a, from, to); }}};
            }
            default: {
                const std::string y = std::to_string(2021 + roll(3));
                return {"date", {"date:.." + y, [y](const Article& a) {
                                     return within(a, "00000000", y + "1231");
                                 }}};
            }
        }
    }

    Node positive(int depth) {
        switch (roll(depth > 2 ? 4 : 6)) {
            case 0:
            case 1: {
                const std::string w = word();
                return {w, [w](const Article& a) { return has(a, w); }};
            }
            case 2: {
                const std::string w1 = word(), w2 = word();
                return {"\"" + w1 + " " + w2 + "\"", [w1, w2](const Article& a) {
                            for (std::size_t i = 0; i + 1 < a.words.size(); ++i)
                                if (a.words[i] == w1 && a.words[i + 1] == w2) return true;
                            return false;
                        }};
            }
            case 3: {
                // NEAR: in any order, the window (11 positions for two words) spanning both.
                const std::string w1 = word(), w2 = word();
                return {w1 + " NEAR " + w2,
                        [w1, w2](const Article& a) {
                            for (std::size_t i = 0; i < a.words.size(); ++i)
                                for (std::size_t j = 0; j < a.words.size(); ++j)
                                    if (i != j && a.words[i] == w1 && a.words[j] == w2 &&
                                        (i > j ? i - j : j - i) + 1 <= 11)
                                        return true;
                            return false;
                        },
                        true};
            }
            case 4: {
                const std::string w = word();
                return {"+" + w, [w](const Article& a) { return has(a, w); }};
            }
            default:
                return bracket(depth + 1);
        }
    }

    // Juxtaposed items: the words AND'ed, the filters OR'ed within a field and AND'ed across
    // fields, the hated ones taken out.
    Node prob(int depth) {
        std::vector<Node> pos, hated;
        std::map<std::string, std::vector<Node>> filters;
        std::vector<Node> items;
        for (int n = 1 + roll(3); n > 0; --n) {
            Node item;
            const int kind = roll(10);
            if (kind < 4) {
                item = positive(depth);
                pos.push_back(item);
            } else if (kind < 7) {
                auto [field, f] = filter();
                item = f;
                filters[field].push_back(f);
            } else {
                Node h = roll(2) == 0 ? positive(depth) : filter().second;
                if (h.text.front() == '+') h.text.erase(0, 1);
                if (h.near) h = bracket(depth + 1);
                item = {"-" + h.text, h.match};
                hated.push_back(h);
            }
            items.push_back(item);
        }
        std::string text;
        for (const auto& item : items)
            text += (text.empty() ? "" : " ") +
                    (item.near && items.size() > 1 ? "(" + item.text + ")" : item.text);
        auto m = [pos, hated, filters](const Article& a) {
            for (const auto& p : pos)
                if (!p.match(a)) return false;
            for (const auto& [field, fs] : filters)
                if (std::none_of(fs.begin(), fs.end(), [&](const Node& f) { return f.match(a); }))
                    return false;
            for (const auto& h : hated)
                if (h.match(a)) return false;
            return true;
        };
        return {text, m};
    }

    std::mt19937 rng_;
};

Ids expected(const Generated& g, const Node& n) {
    Ids out;
    for (const auto& a : g.articles)
        if (n.match(a)) out.push_back(a.id);
    std::sort(out.begin(), out.end());
    return out;
}

Ids all_ids(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 2000;
    r.facets = std::vector<FacetRequest>{};
    r.suggest = false;
    r.snippet.length = 0;
    Ids out;
    for (auto& h : s.search(r).hits) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
}

std::uint64_t facet_count(const FacetResult& f, const std::string& value) {
    for (const auto& v : f.values)
        if (v.value == value) return v.count;
    return 0;
}

SearchResults with_facets(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 0;
    FacetRequest source;
    source.field = "source";
    source.top = 0;
    FacetRequest person = source;
    person.field = "person";
    r.facets = std::vector<FacetRequest>{source, person};
    return s.search(r);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(query)

BOOST_FIXTURE_TEST_CASE(filters_are_operands_of_the_grammar, Three) {
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "NOT source:Libération") == (Ids{"mon", "ouest"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "-source:Libération") == (Ids{"mon", "ouest"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "chat OR source:Libération") == (Ids{"lib", "mon"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "dockers NOT source:Libération") == (Ids{"mon", "ouest"}),
               boost::test_tools::per_element());
    BOOST_TEST(
        ids(s, "chien AND (source:\"Le Monde\" OR source:Libération)") == (Ids{"lib", "mon"}),
        boost::test_tools::per_element());
    BOOST_TEST(ids(s, "chien -source:\"Le Monde\" -source:Libération") == (Ids{"ouest"}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(s, "-chien").empty());
    BOOST_TEST(ids(s, "chat OR -chien") == (Ids{"mon"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "chat OR -grève") == (Ids{"mon", "ouest"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "-(chat OR date:2023)") == (Ids{"lib"}), boost::test_tools::per_element());
    BOOST_TEST(ids(s, "source:Libération OR date:2023") == (Ids{"lib", "ouest"}),
               boost::test_tools::per_element());
    // Inside a phrase a filter is words: "court source:Libération" is a phrase of three.
    BOOST_TEST(ids(s, "\"court source:Libération\"").empty());
    BOOST_TEST(ids(s, "\"chien du port\"") == (Ids{"lib"}), boost::test_tools::per_element());
    // A filter's value keeps its article and is read ignoring case and accents.
    BOOST_TEST(ids(s, "source:OUEST-FRANCE NOT date:2024") == (Ids{"ouest"}),
               boost::test_tools::per_element());
    // Request filters are AND-ed with the whole query.
    BOOST_TEST(ids(s, "chat OR date:2023", {{"source", "Le Monde"}}) == (Ids{"mon"}),
               boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(unreadable_queries_are_errors_not_other_queries, Three) {
    Searcher s(dir.str());
    for (const char* q : {"OR chat", "AND chien", "chat OR", "chien AND AND chat",
                          "source:\"Le Monde", "NOT NOT chat"}) {
        BOOST_TEST_CONTEXT(q) {
            SearchRequest r;
            r.query = q;
            BOOST_CHECK_EXCEPTION((void)s.search(r), Error, has_code(ErrorCode::query_syntax));
        }
    }
}

BOOST_FIXTURE_TEST_CASE(drill_sideways_counts_top_level_filters_only, Three) {
    Searcher s(dir.str());
    // A top-level filter is a dimension: its facet counts as if it were not there.
    const auto top = with_facets(s, "dockers source:Libération");
    BOOST_TEST(top.total == 1U);
    BOOST_TEST(facet_count(top.facets[0], "Le Monde") == 1U);
    BOOST_TEST(facet_count(top.facets[0], "Libération") == 1U);
    const auto excluded = with_facets(s, "dockers -source:Libération");
    BOOST_TEST(excluded.total == 2U);
    BOOST_TEST(facet_count(excluded.facets[0], "Libération") == 1U);
    // Under OR, a filter is part of the query: its facet counts the documents that match.
    const auto under_or = with_facets(s, "chat OR source:Libération");
    BOOST_TEST(under_or.total == 2U);
    BOOST_TEST(facet_count(under_or.facets[0], "Libération") == 1U);
    BOOST_TEST(facet_count(under_or.facets[0], "Le Monde") == 1U);
    BOOST_TEST(facet_count(under_or.facets[0], "Ouest-France") == 0U);
}

BOOST_FIXTURE_TEST_CASE(explain_shows_the_tree_with_filters_where_they_stand, Three) {
    Searcher s(dir.str());
    SearchRequest r;
    r.query = "chien AND (source:\"Le Monde\" OR source:Libération) -date:2023";
    const auto e = s.explain(r);
    BOOST_TEST(
        e.tree == "(chien AND ((source:\"Le Monde\" OR source:Libération) AND NOT date:2023))",
        e.tree);
    BOOST_TEST_REQUIRE(e.filters.size() == 3U);
    BOOST_TEST(!e.filters[0].excluded);
    BOOST_TEST(!e.filters[1].excluded);
    BOOST_TEST(e.filters[2].excluded);
    BOOST_TEST(e.text.find("tree: (chien AND") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(random_queries_match_a_reference_evaluator, Generated) {
    Searcher s(dir.str());
    // The evaluator's premise: each word of the vocabulary is found exactly where it is.
    for (const auto& w : vocabulary) {
        Ids want;
        for (const auto& a : articles)
            if (has(a, w)) want.push_back(a.id);
        std::sort(want.begin(), want.end());
        BOOST_TEST_REQUIRE(all_ids(s, w) == want, w);
    }
    Grammar grammar(7);
    std::size_t checked = 0, empty = 0, everything = 0, failed = 0;
    for (int i = 0; i < 3000; ++i) {
        const Node n = grammar.expr(0);
        const Ids want = expected(*this, n);
        Ids got;
        try {
            got = all_ids(s, n.text);
        } catch (const Error& e) {
            BOOST_ERROR(n.text << ": " << e.what());
            ++failed;
            continue;
        }
        if (got != want) {
            ++failed;
            BOOST_ERROR(n.text << ": " << got.size() << " documents, the evaluator "
                               << want.size());
        }
        ++checked;
        empty += want.empty() ? 1 : 0;
        everything += want.size() == articles.size() ? 1 : 0;
    }
    BOOST_TEST_MESSAGE("random queries: " << checked << " checked, " << failed << " differ, "
                                          << empty << " match nothing, " << everything
                                          << " match everything");
    BOOST_TEST(failed == 0U);
    // Queries that match nothing or everything test little: most must not.
    BOOST_TEST(empty + everything < checked / 3);
}

BOOST_AUTO_TEST_SUITE_END()

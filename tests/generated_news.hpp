// SPDX-License-Identifier: MIT
// Generated news for the suites that compare an index with itself (shards, alerts): French
// words from Debian's word list (package wfrench, installed by tests/run.sh, never committed),
// towns, sources, persons and dates, the same for a given count.
#pragma once

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "veille/document.hpp"

#include <boost/test/unit_test.hpp>

namespace veille::test {

inline constexpr const char* word_list = "/usr/share/dict/french";

inline std::vector<std::string> vocabulary() {
    std::ifstream in(word_list);
    BOOST_TEST_REQUIRE(in.good(), "missing " << word_list << " (Debian package wfrench)");
    std::vector<std::string> words;
    std::size_t n = 0;
    for (std::string w; std::getline(in, w);) {
        if (w.size() < 3 || std::isupper(static_cast<unsigned char>(w[0])) ||
            w.find_first_of(" .'-") != std::string::npos)
            continue;
        if (n++ % 80 == 0) words.push_back(w);  // about 4,000 words
    }
    BOOST_TEST_REQUIRE(words.size() > 3000U);
    return words;
}

inline const std::vector<std::string> towns{
    "Lyon",   "Rennes",   "Brest",  "Nantes", "Lille",     "Dijon", "Nancy",   "Metz",
    "Amiens", "Besançon", "Angers", "Tours",  "Limoges",   "Pau",   "Bayonne", "Nîmes",
    "Arles",  "Avignon",  "Troyes", "Reims",  "Perpignan", "Caen",  "Rouen",   "Orléans"};
inline const std::vector<std::string> given{"Élodie", "Jean", "Marie",  "François", "Hélène",
                                            "Luc",    "Anne", "Jérôme", "Camille",  "Thérèse"};
inline const std::vector<std::string> family{"Lefèvre", "Moreau", "Garnier", "Rousseau",
                                             "Chevalier"};

struct Corpus {
    std::vector<std::string> words;
    std::vector<Document> docs;  // in the order they are given to the index
    std::vector<std::string> removed;
};

inline std::string sentence(std::mt19937& rng, const std::vector<std::string>& words, int n) {
    // Zipf-like: a few words are frequent, most are rare, as in news.
    std::uniform_real_distribution<double> u(0, 1);
    std::string s;
    for (int i = 0; i < n; ++i) {
        const auto k =
            static_cast<std::size_t>(std::pow(u(rng), 3.0) * static_cast<double>(words.size() - 1));
        if (!s.empty()) s += ' ';
        s += words[k];
    }
    return s;
}

/// @p count generated articles, some of them republished (replacing an earlier one under
/// another source), and the ids to remove; with @p boilerplate, the site's line under most.
inline Corpus generate(std::size_t count, bool boilerplate = true) {
    Corpus c;
    c.words = vocabulary();
    std::mt19937 rng(20261207);
    auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
    for (std::size_t i = 0; i < count; ++i) {
        Document d;
        d.id = "article-" + std::to_string(i);
        const std::string town = towns[i % towns.size()];
        if (i % 19 != 0) d.source = "La Gazette de " + town;  // some have no source
        const int day = static_cast<int>(i % 700);
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + day / 360, 1 + day % 360 / 30,
                      1 + day % 30 % 28);
        d.date = date;
        if (i % 23 == 0) d.date = d.date.substr(0, 7);
        if (i % 29 == 0) d.date = d.date.substr(0, 4);
        if (i % 31 == 0) d.date.clear();
        const std::string person = pick(given) + " " + pick(family);
        d.title = sentence(rng, c.words, 6);
        d.body = sentence(rng, c.words, 25) + ". " + person + " a déclaré que " +
                 sentence(rng, c.words, 12) + ".\n" + sentence(rng, c.words, 30) + ".\n";
        if (i % 3 == 0) d.persons = {person, pick(given) + " " + pick(family)};
        // The site's line under most of its articles: boilerplate hygiene counts it per source.
        if (boilerplate && !d.source.empty() && i % 5 != 0)
            d.body += "Abonnez-vous à la Gazette de " + town + " pour lire la suite.\n";
        if (i % 41 == 0) d.url = "https://gazette.example/" + std::to_string(i);
        c.docs.push_back(d);
        // A republished article replaces an earlier one under another source: its shard may be
        // another one.
        if (i > 200 && i % 37 == 0) {
            Document again = c.docs[i - 200];
            again.source = "La Gazette de " + towns[(i + 5) % towns.size()];
            again.title += " (mise à jour)";
            c.docs.push_back(again);
        }
    }
    for (std::size_t i = 7; i < count; i += 53) c.removed.push_back("article-" + std::to_string(i));
    return c;
}

/// About 300 queries of every kind on @p c's words, phrases, sources, persons and dates.
inline std::vector<std::string> queries(const Corpus& c, unsigned seed = 7) {
    std::mt19937 rng(seed);
    auto word = [&] { return c.words[static_cast<std::size_t>(rng() % 600)]; };
    std::vector<std::string> q;
    for (int i = 0; i < 100; ++i) q.push_back(word());
    for (int i = 0; i < 50; ++i) q.push_back(word() + " " + word());
    for (int i = 0; i < 40; ++i) {
        // A phrase of two neighbouring words of an article.
        std::istringstream body(c.docs[rng() % c.docs.size()].body);
        std::vector<std::string> ws;
        for (std::string w; body >> w;) ws.push_back(w);
        const std::size_t k = rng() % (ws.size() - 2);
        q.push_back("\"" + ws[k] + " " + ws[k + 1] + "\"");
    }
    for (int i = 0; i < 25; ++i)
        q.push_back(word() + " source:\"La Gazette de " + towns[rng() % towns.size()] + "\"");
    for (int i = 0; i < 25; ++i)
        q.push_back("person:\"" + given[rng() % given.size()] + " " +
                    family[rng() % family.size()] + "\"");
    for (int i = 0; i < 20; ++i)
        q.push_back(word() + " date:2023-0" + std::to_string(1 + rng() % 5) + "..2024-0" +
                    std::to_string(1 + rng() % 9));
    for (int i = 0; i < 15; ++i) q.push_back(word() + " -" + word());
    for (int i = 0; i < 15; ++i) {
        const std::string w = word();
        if (static_cast<unsigned char>(w[1]) < 0x80 && static_cast<unsigned char>(w[2]) < 0x80)
            q.push_back(w.substr(0, 3) + "*");
    }
    q.push_back("abonnez");  // the boilerplate line is not indexed where it is boilerplate
    q.push_back("source:\"La Gazette de Lyon\"");  // no text: sorted by date
    q.push_back("date:2024");
    q.push_back("déclaré");
    q.push_back("declare");  // accents both ways
    return q;
}

}  // namespace veille::test

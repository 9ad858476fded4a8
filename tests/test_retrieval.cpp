// SPDX-License-Identifier: MIT
// Retrieval figures on Debian's French word list (package wfrench, installed by tests/run.sh,
// never committed): accent-insensitivity and the conflations of Snowball kept.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include "analysis/text.hpp"
#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

using namespace veille;
using veille::test::TempDir;

namespace {

constexpr const char* word_list = "/usr/share/dict/french";

std::vector<std::string> read_words() {
    std::ifstream in(word_list);
    BOOST_TEST_REQUIRE(in.good(), "missing " << word_list << " (Debian package wfrench)");
    std::vector<std::string> words;
    for (std::string w; std::getline(in, w);) {
        // Common words only: proper nouns and abbreviations are not what this measures.
        if (w.empty() || std::isupper(static_cast<unsigned char>(w[0])) ||
            w.find_first_of(" .") != std::string::npos)
            continue;
        words.push_back(w);
    }
    return words;
}

/// Every @p step-th element of @p v.
std::vector<std::string> sample(const std::vector<std::string>& v, std::size_t wanted) {
    std::vector<std::string> out;
    const std::size_t step = std::max<std::size_t>(1, v.size() / wanted);
    for (std::size_t i = 0; i < v.size() && out.size() < wanted; i += step) out.push_back(v[i]);
    return out;
}

std::vector<std::string> ids_found(Searcher& s, const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.limit = 10000;
    r.facets = std::vector<FacetRequest>{};
    r.snippet.length = 20;
    r.suggest = false;  // matching is measured here, not suggestions
    std::vector<std::string> ids;
    for (auto& h : s.search(r).hits) ids.push_back(std::move(h.id));
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// 20,000 accented words of the list, spread over it.
std::vector<std::string> accented_sample() {
    std::vector<std::string> accented;
    for (auto& w : read_words())
        if (analysis::folded(w) != w) accented.push_back(w);
    auto words = sample(accented, 20000);
    BOOST_TEST_REQUIRE(words.size() >= 20000U);
    return words;
}

/// An index at @p dir of one document per word, id its number; with @p plain_too, also the
/// word without its accents, id its number and "-sans".
void index_words(const TempDir& dir, const std::vector<std::string>& words, bool plain_too) {
    Index index(dir.str());
    for (std::size_t i = 0; i < words.size(); ++i) {
        Document d;
        d.id = std::to_string(i);
        d.body = words[i];
        index.add(d);
        if (!plain_too) continue;
        d.id = std::to_string(i) + "-sans";
        d.body = analysis::folded(words[i]);
        index.add(d);
    }
    index.commit();
}

bool finds(Searcher& s, const std::string& query, const std::string& id) {
    const auto ids = ids_found(s, query);
    return std::binary_search(ids.begin(), ids.end(), id);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(retrieval)

BOOST_AUTO_TEST_CASE(accentless_queries_find_accented_words) {
    const auto words = accented_sample();
    TempDir dir;
    index_words(dir, words, false);
    Searcher s(dir.str());
    std::size_t found = 0;
    std::vector<std::string> missed;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (finds(s, analysis::folded(words[i]), std::to_string(i)))
            ++found;
        else if (missed.size() < 10)
            missed.push_back(words[i]);
    }
    const double rate = static_cast<double>(found) / static_cast<double>(words.size());
    std::cout << "accent-insensitivity: " << found << " / " << words.size()
              << " accented words found by their "
              << "accent-less spelling (" << rate * 100 << " %); e.g. missed:";
    for (auto& m : missed) std::cout << ' ' << m;
    std::cout << std::endl;
    BOOST_TEST(rate >= 0.995);
}

// Both directions at once: documents written with and without accents, and for each word
// its accented and its accent-less query must find the same documents (analysis/accents.hpp).
BOOST_AUTO_TEST_CASE(accented_and_accentless_queries_find_the_same_documents) {
    const auto words = accented_sample();
    TempDir dir;
    index_words(dir, words, true);
    Searcher s(dir.str());
    std::size_t same = 0, plain_found = 0;
    std::vector<std::string> differ;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto with = ids_found(s, words[i]);
        const auto without = ids_found(s, analysis::folded(words[i]));
        if (with == without)
            ++same;
        else if (differ.size() < 10)
            differ.push_back(words[i]);
        if (std::binary_search(with.begin(), with.end(), std::to_string(i) + "-sans"))
            ++plain_found;
    }
    const double rate = static_cast<double>(same) / static_cast<double>(words.size());
    const double reverse = static_cast<double>(plain_found) / static_cast<double>(words.size());
    std::cout << "accent symmetry: " << same << " / " << words.size()
              << " accented words find the same documents as their accent-less spelling ("
              << rate * 100 << " %); " << plain_found
              << " find the document written without accents (" << reverse * 100
              << " %); e.g. differ:";
    for (auto& m : differ) std::cout << ' ' << m;
    std::cout << std::endl;
    BOOST_TEST(rate >= 0.99);
    BOOST_TEST(reverse >= 0.99);
}

BOOST_AUTO_TEST_CASE(snowball_conflations_are_kept) {
    const auto words = sample(read_words(), 40000);
    BOOST_TEST_REQUIRE(words.size() >= 20000U);
    // Groups of words that Snowball stems together when it sees their accents.
    Xapian::Stem stem("french");
    std::map<std::string, std::vector<std::string>> groups;
    for (auto& w : words) groups[stem(w)].push_back(w);
    std::vector<std::pair<std::string, std::string>> pairs;  // (query, document)
    for (auto& [st, g] : groups)
        for (std::size_t i = 0; i + 1 < g.size(); ++i) pairs.emplace_back(g[i], g[i + 1]);
    BOOST_TEST_REQUIRE(pairs.size() >= 1000U);

    TempDir dir;
    {
        Index index(dir.str());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            Document d;
            d.id = std::to_string(i);
            d.body = pairs[i].second;
            index.add(d);
        }
        index.commit();
    }
    Searcher s(dir.str());
    std::size_t found = 0;
    std::vector<std::string> missed;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (finds(s, pairs[i].first, std::to_string(i)))
            ++found;
        else if (missed.size() < 10)
            missed.push_back(pairs[i].first + "/" + pairs[i].second);
    }
    const double rate = static_cast<double>(found) / static_cast<double>(pairs.size());
    std::cout << "conflation kept: " << found << " / " << pairs.size()
              << " pairs stemmed together by Snowball "
              << "find each other (" << rate * 100 << " %); e.g. missed:";
    for (auto& m : missed) std::cout << ' ' << m;
    std::cout << std::endl;
    BOOST_TEST(rate >= 0.99);
}

BOOST_AUTO_TEST_SUITE_END()

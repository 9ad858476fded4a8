// SPDX-License-Identifier: MIT
#include "analysis/french.hpp"
#include "analysis/text.hpp"
#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>

using namespace veille;
namespace va = veille::analysis;

namespace {
struct Term {
    std::string text, term, alt;
    bool stop;
};
std::vector<Term> analyse(std::string_view text) {
    va::Analyzer a;
    std::vector<Term> out;
    a.analyse(text, 1, [&](const va::Token& t) {
        if (!t.cjk_bigram)
            out.push_back({std::string(t.text), std::string(t.term), std::string(t.alt), t.stop});
    });
    return out;
}
std::vector<std::string> terms(std::string_view text) {
    std::vector<std::string> out;
    for (auto& t : analyse(text)) out.push_back(t.term);
    return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(analysis)

BOOST_AUTO_TEST_CASE(elision_is_removed_whatever_the_apostrophe_and_case) {
    const std::vector<std::string> expected{"intelligent", "artificiel"};
    BOOST_TEST(terms("L’Intelligence artificielle") == expected, boost::test_tools::per_element());
    BOOST_TEST(terms("l'intelligence artificielle") == expected, boost::test_tools::per_element());
    BOOST_TEST(terms("lʼintelligence artificielle") == expected, boost::test_tools::per_element());
    BOOST_TEST(terms("L`intelligence artificielle") == expected, boost::test_tools::per_element());
    for (const char* ap : {"‘", "′", "´", "‛"})
        BOOST_TEST(terms(std::string("l") + ap + "intelligence artificielle") == expected,
                   boost::test_tools::per_element());
    for (const char* s : {"jusqu’à", "JUSQU'À", "lorsqu’il", "puisqu'elle", "quoiqu’on", "qu’un",
                          "d'un", "c’est", "n’est", "s’il", "j’ai", "m’a", "t’es"}) {
        auto t = analyse(s);
        BOOST_TEST_REQUIRE(t.size() == 1U, s);
        BOOST_TEST(t[0].text.find('\'') == std::string::npos, s);
        BOOST_TEST(t[0].text.find("’") == std::string::npos, s);
    }
}

BOOST_AUTO_TEST_CASE(apostrophe_inside_a_word_that_is_not_an_article_is_kept) {
    const auto t = analyse("aujourd’hui");
    BOOST_TEST_REQUIRE(t.size() == 1U);
    BOOST_TEST(t[0].text == "aujourd’hui");
}

BOOST_AUTO_TEST_CASE(case_accents_and_ligatures_fold) {
    BOOST_TEST(terms("RÉALISATEUR") == terms("réalisateur"), boost::test_tools::per_element());
    BOOST_TEST(va::folded("Œuvre cœur Ærø straße ÇA") == "oeuvre coeur aero strasse ca");
    BOOST_TEST(terms("œuvres") == terms("oeuvre"), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(accentless_spelling_is_indexed_beside_the_stem) {
    // Snowball stems aimée to "aim" but aimee to "aime": both are indexed for "aimée".
    const auto t = analyse("aimée");
    BOOST_TEST_REQUIRE(t.size() == 1U);
    BOOST_TEST(t[0].term == "aim");
    BOOST_TEST(t[0].alt == "aime");
    BOOST_TEST(terms("aimee")[0] == "aime");
    BOOST_TEST(analyse("maison")[0].alt.empty());
}

BOOST_AUTO_TEST_CASE(glued_words_are_cut_at_case_changes) {
    using veille::analysis::glue_points;
    const auto points = [](std::string_view w) { return glue_points(w); };
    BOOST_TEST(points("KutcherQuel") == (std::vector<std::size_t>{7}),
               boost::test_tools::per_element());
    BOOST_TEST(points("IAdans") == (std::vector<std::size_t>{2}), boost::test_tools::per_element());
    BOOST_TEST(points("DeepMind") == (std::vector<std::size_t>{4}),
               boost::test_tools::per_element());
    BOOST_TEST(points("ÉtatÉcole") == (std::vector<std::size_t>{5}),
               boost::test_tools::per_element());  // É is two bytes
    for (const char* w : {"réalisateur", "Paris", "SNCF", "OpenAI", "M6", "a", ""})
        BOOST_TEST(points(w).empty(), w);
    BOOST_TEST(veille::analysis::unglue("Ashton KutcherQuel rôle") == "Ashton Kutcher Quel rôle");
    BOOST_TEST(veille::analysis::unglue("le domaine.Il a dit, selon M.Dupont.") ==
               "le domaine. Il a dit, selon M.Dupont.");
    BOOST_TEST(veille::analysis::unglue("aucun mot collé ici") == "aucun mot collé ici");

    // Indexed whole, then by parts: the first part where the word stands, the next after it,
    // and the words after keep their order.
    std::vector<std::pair<std::string, std::uint32_t>> got;
    veille::analysis::Analyzer a;
    a.analyse("Ashton KutcherQuel rôle", 1, [&](const veille::analysis::Token& t) {
        got.emplace_back(std::string(t.term), t.position);
    });
    const std::vector<std::pair<std::string, std::uint32_t>> want{
        {"ashton", 1}, {"kutcherquel", 2}, {"kutch", 2}, {"quel", 3}, {"rol", 4}};
    BOOST_TEST_REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        BOOST_TEST(got[i].first == want[i].first);
        BOOST_TEST(got[i].second == want[i].second);
    }
}

BOOST_AUTO_TEST_CASE(separators_of_french_typography) {
    const auto expected = terms("porte parole dit oui");
    BOOST_TEST(expected.size() == 4U);
    const auto t = terms("porte-parole\u00A0dit\u202F«oui»");
    BOOST_TEST(t == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stopwords_are_flagged) {
    const auto t = analyse("le président de la République");
    BOOST_TEST_REQUIRE(t.size() == 5U);
    BOOST_TEST(t[0].stop);
    BOOST_TEST(!t[1].stop);
    BOOST_TEST(t[2].stop);
    BOOST_TEST(t[3].stop);
    BOOST_TEST(!t[4].stop);
}

BOOST_AUTO_TEST_CASE(cjk_gives_unigrams_and_bigrams) {
    va::Analyzer a;
    std::vector<std::string> uni, bi;
    a.analyse("北京大学 Pékin", 1,
              [&](const va::Token& t) { (t.cjk_bigram ? bi : uni).emplace_back(t.term); });
    BOOST_TEST(uni == (std::vector<std::string>{"北", "京", "大", "学", "pekin"}),
               boost::test_tools::per_element());
    BOOST_TEST(bi == (std::vector<std::string>{"北京", "京大", "大学"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(overlong_words_are_skipped_not_fatal) {
    va::Analyzer a;
    const std::string text = "avant " + std::string(10000, 'a') + " après";
    std::vector<std::string> t;
    a.analyse(text, 1, [&](const va::Token& tok) { t.emplace_back(tok.term); });
    BOOST_TEST(t.size() == 2U);
    BOOST_TEST(a.long_words_skipped() == 1U);
}

// The word cache grows, then starts again once it holds 2^19 words: neither may give a word
// another word's analysis, nor move an entry a Token still points into.
BOOST_AUTO_TEST_CASE(words_keep_their_analysis_as_the_word_cache_grows_and_starts_again) {
    const std::string real = "Les éléphants d’Afrique ont été protégés, PROTÉGÉS et protégées";
    const auto expected = analyse(real);
    auto synthetic = [](std::size_t n) {  // "mots" of letters: one distinct word per number
        std::string w = "mot";
        for (; n > 0; n /= 26) w += static_cast<char>('a' + n % 26);
        return w;
    };
    va::Analyzer a;
    std::vector<std::string> first_terms;
    constexpr std::size_t words = 700000;  // more than the cache's 524,288
    for (std::size_t n = 0; n < words; n += 1000) {
        std::string text;
        for (std::size_t k = n; k < n + 1000; ++k) text += synthetic(k) + ' ';
        std::size_t k = n;
        a.analyse(text, 1, [&](const va::Token& t) {
            // The views into the cache stay valid for as long as the token lives.
            BOOST_REQUIRE(t.text == synthetic(k));
            if (k < 2000)
                first_terms.emplace_back(t.term);
            else if (k < 4000 || k >= words - 2000)
                BOOST_REQUIRE(t.term == va::Analyzer().term(t.text));
            ++k;
        });
        if (n % 50000 == 0) {
            std::vector<Term> got;
            a.analyse(real, 1, [&](const va::Token& t) {
                got.push_back(
                    {std::string(t.text), std::string(t.term), std::string(t.alt), t.stop});
            });
            BOOST_REQUIRE(got.size() == expected.size());
            for (std::size_t i = 0; i < got.size(); ++i) {
                BOOST_TEST(got[i].term == expected[i].term);
                BOOST_TEST(got[i].alt == expected[i].alt);
                BOOST_TEST(got[i].stop == expected[i].stop);
            }
        }
    }
    // After the cache started again, the first words are analysed anew, the same way.
    std::size_t k = 0;
    std::string text;
    for (std::size_t n = 0; n < 2000; ++n) text += synthetic(n) + ' ';
    a.analyse(text, 1, [&](const va::Token& t) { BOOST_TEST(t.term == first_terms[k++]); });
    BOOST_TEST(k == 2000U);
}

BOOST_AUTO_TEST_CASE(facet_keys_ignore_case_accents_hyphens_and_spaces) {
    BOOST_TEST(va::facet_key("Gordon-Levitt") == va::facet_key("gordon  levitt"));
    BOOST_TEST(va::facet_key("Élisabeth Borne") == "elisabethborne");
    BOOST_TEST(va::facet_key("L’Équipe") == va::facet_key("l'equipe"));
}

BOOST_AUTO_TEST_CASE(utf8_repair_and_nfc) {
    std::string s = "caf\xC3 cr\xE8me";
    BOOST_TEST(!va::valid_utf8(s));
    BOOST_TEST(va::repair_utf8(s) == 2U);
    BOOST_TEST(va::valid_utf8(s));
    BOOST_TEST(va::nfc("e\xCC\x81t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");  // e + U+0301 -> é
}

BOOST_AUTO_TEST_SUITE_END()

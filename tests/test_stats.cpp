// SPDX-License-Identifier: MIT
// Searcher::stats(): the figures of `veille stats`.
#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>

using namespace veille;
using veille::test::doc;
using veille::test::TempDir;

BOOST_AUTO_TEST_SUITE(stats)

BOOST_AUTO_TEST_CASE(counts_sources_persons_and_the_date_range) {
    TempDir dir;
    {
        Index index(dir.str(), IndexOptions{.extract_persons = false, .hygiene = {}});
        index.add(doc("a", "Budget", "Le budget de la culture.", "Le Monde", "2021-06",
                      {"Claire Vasseur"}));
        // The same source written differently is one source.
        index.add(doc("b", "Sport", "Le club gagne.", "LE MONDE", "2019", {"Karim Haddad"}));
        index.add(doc("c", "Météo", "Il pleut.", "Radio Littoral", "2024-03-15",
                      {"Claire Vasseur", "Sophie Nguyen"}));
        index.add(doc("d", "Sans date", "Un article sans date."));
        index.commit();
    }
    Searcher s(dir.str());
    const IndexStats st = s.stats();
    BOOST_TEST(st.documents == 4U);
    BOOST_TEST(st.sources == 2U);
    BOOST_TEST(st.persons == 3U);
    BOOST_TEST(st.dated == 3U);
    BOOST_TEST(st.first_date == "2019");
    BOOST_TEST(st.last_date == "2024-03-15");
    BOOST_TEST(st.disk_bytes > 0U);
}

BOOST_AUTO_TEST_CASE(an_empty_index_has_no_dates) {
    TempDir dir;
    { Index index(dir.str()); }
    Searcher s(dir.str());
    const IndexStats st = s.stats();
    BOOST_TEST(st.documents == 0U);
    BOOST_TEST(st.sources == 0U);
    BOOST_TEST(st.persons == 0U);
    BOOST_TEST(st.dated == 0U);
    BOOST_TEST(st.first_date.empty());
    BOOST_TEST(st.last_date.empty());
}

BOOST_AUTO_TEST_SUITE_END()

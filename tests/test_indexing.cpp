// SPDX-License-Identifier: MIT
#include "fixtures.hpp"

#include <boost/test/unit_test.hpp>

using namespace veille;
using veille::test::doc;
using veille::test::has_code;
using veille::test::ids;
using veille::test::Ids;
using veille::test::TempDir;

BOOST_AUTO_TEST_SUITE(indexing)

BOOST_AUTO_TEST_CASE(add_replaces_by_id_and_remove_deletes) {
    TempDir dir;
    Index index(dir.str());
    index.add(doc("a", "Budget", "Le budget de la culture augmente."));
    index.add(doc("b", "Sport", "Le club a gagné la finale."));
    index.add(doc("a", "Budget révisé", "Le budget de l'éducation baisse."));
    BOOST_TEST(index.size() == 2U);
    BOOST_TEST(index.pending() == 3U);
    index.commit();
    BOOST_TEST(index.pending() == 0U);
    Searcher s(dir.str());
    BOOST_TEST(ids(s, "culture").empty());
    BOOST_TEST(ids(s, "education") == Ids{"a"}, boost::test_tools::per_element());
    BOOST_TEST(index.remove("b"));
    BOOST_TEST(!index.remove("b"));
    BOOST_TEST(!index.remove("absent"));
    index.commit();
    s.reopen();
    BOOST_TEST(ids(s, "finale").empty());
    BOOST_TEST(s.size() == 1U);
}

BOOST_AUTO_TEST_CASE(uncommitted_changes_are_invisible_and_discarded_on_destruction) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("gardé", "Un", "premier article"));
        index.commit();
        index.add(doc("perdu", "Deux", "second article"));
        Searcher s(dir.str());
        BOOST_TEST(s.size() == 1U);
    }
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 1U);
    BOOST_TEST(ids(s, "article") == Ids{"gardé"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_second_writer_is_refused_as_locked) {
    TempDir dir;
    Index first(dir.str());
    try {
        Index second(dir.str());
        BOOST_FAIL("a second writer opened the index");
    } catch (const Error& e) {
        BOOST_TEST(e.code() == ErrorCode::locked);
        BOOST_TEST(std::string(e.what()).find("locked") != std::string::npos);
        BOOST_TEST(!e.hint().empty());
    }
}

BOOST_AUTO_TEST_CASE(a_missing_index_is_not_found_for_readers) {
    TempDir dir;
    BOOST_CHECK_EXCEPTION(Searcher(dir.str("absent")), Error, has_code(ErrorCode::not_found));
}

BOOST_AUTO_TEST_CASE(reopen_sees_new_commits) {
    TempDir dir;
    Index index(dir.str());
    index.commit();
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 0U);
    index.add(doc("x", "Titre", "Texte"));
    index.commit();
    BOOST_TEST(s.size() == 0U);
    s.reopen();
    BOOST_TEST(s.size() == 1U);
}

BOOST_AUTO_TEST_CASE(invalid_documents_are_refused_with_a_reason) {
    TempDir dir;
    Index index(dir.str());
    BOOST_CHECK_EXCEPTION(index.add(doc("", "t", "b")), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.add(doc(std::string(300, 'x'), "t", "b")), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.add(doc("d", "t", "b", "", "2024-13-45")), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_CHECK_EXCEPTION(index.add(doc("u", "t", "caf\xC3")), Error,
                          has_code(ErrorCode::invalid_argument));
    BOOST_TEST(index.size() == 0U);
}

BOOST_AUTO_TEST_CASE(sanitize_repairs_and_says_what_it_changed) {
    Document d = doc("id", "Titre\x01 propre", "caf\xC3 et cr\xE8me", "Source", "2024-02-30");
    const auto warnings = sanitize(d);
    BOOST_TEST(warnings.size() == 3U);
    BOOST_TEST(d.title == "Titre  propre");
    BOOST_TEST(d.date.empty());
    BOOST_TEST(d.body == "caf\xEF\xBF\xBD et cr\xEF\xBF\xBDme");
    Document clean = doc("id", "Titre", "Texte", "Source", "2024-02-29");
    BOOST_TEST(sanitize(clean).empty());
}

BOOST_AUTO_TEST_CASE(valid_dates) {
    for (const char* d : {"", "2024", "2024-06", "2024-02-29", "1999-12-31"})
        BOOST_TEST(is_valid_date(d), d);
    for (const char* d :
         {"24", "2024-6", "2023-02-29", "2024-13", "2024-06-31", "2024/06/01", "2024-06-01T10:00"})
        BOOST_TEST(!is_valid_date(d), d);
}

BOOST_AUTO_TEST_CASE(the_index_survives_reopening_with_its_documents) {
    TempDir dir;
    {
        Index index(dir.str());
        index.add(doc("a", "L'été des festivals", "Les festivals d'été attirent la foule.",
                      "Ouest-France", "2023-07"));
        index.commit();
    }
    {
        Index index(dir.str());
        BOOST_TEST(index.size() == 1U);
    }
    Searcher s(dir.str());
    auto d = s.get("a");
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->title == "L'été des festivals");
    BOOST_TEST(d->source == "Ouest-France");
    BOOST_TEST(d->date == "2023-07");
}

BOOST_AUTO_TEST_SUITE_END()

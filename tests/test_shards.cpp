// SPDX-License-Identifier: MIT
// A sharded index (IndexOptions::shards) is one index for its users: the same generated
// articles, indexed as one database and as four shards, give the same answer to every call of
// the Searcher, field by field. Words come from Debian's French word list (package wfrench,
// installed by tests/run.sh, never committed).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "fixtures.hpp"
#include "generated_news.hpp"
#include "index/shard_writer.hpp"
#include "schema/schema.hpp"
#include "store/journal.hpp"
#include "store/shards.hpp"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

using namespace veille;
using veille::test::Corpus;
using veille::test::generate;
using veille::test::has_code;
using veille::test::queries;
using veille::test::TempDir;

namespace {

void build(const std::string& dir, const Corpus& c, unsigned shards) {
    IndexOptions o;
    o.shards = shards;
    o.memory_budget_mb = 64;  // several automatic commits
    Index index(dir, o);
    for (std::size_t i = 0; i < c.docs.size(); ++i) {
        index.add(c.docs[i]);
        if (i % 1500 == 1499) index.commit();
    }
    for (const auto& id : c.removed) BOOST_TEST(index.remove(id));
    BOOST_TEST(!index.remove("article-absent"));
    index.commit();
}

SearchRequest request(const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.limit = 3000;  // every hit: ties of score and date have no order to compare
    r.reference_date = "2024-12-31";
    FacetRequest source, person, date;
    source.field = "source";
    person.field = "person";
    date.field = "date";
    date.granularity = DateGranularity::month;
    source.top = person.top = date.top = 0;
    r.facets = std::vector<FacetRequest>{source, person, date};
    return r;
}

// Scores are equal to the last bits but the order of the sums. Xapian 1.4 estimates the
// frequency of a synonym group from the terms each shard holds (Xapian 2.0 passes the global
// one), so a group whose terms some shards lack weighs differently there: accent groups on
// this corpus do not, and wildcards match without weight (search/query.cpp).
bool same_score(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, a); }

// An explanation without its estimate of the matches (an estimate, per shard here).
std::string without_estimate(const std::string& text) {
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (!line.starts_with("matches:")) out += line + '\n';
    return out;
}

void check_same(const SearchResults& one, const SearchResults& four, const std::string& q) {
    BOOST_TEST_CONTEXT("query " << q) {
        BOOST_TEST(one.total == four.total);
        BOOST_TEST(one.exact == four.exact);
        BOOST_TEST(one.suggestion == four.suggestion);
        BOOST_TEST_REQUIRE(one.hits.size() == four.hits.size());
        std::map<std::string, const Hit*> by_id;
        for (const auto& h : one.hits) by_id[h.id] = &h;
        for (std::size_t i = 0; i < four.hits.size(); ++i) {
            const Hit& h = four.hits[i];
            const auto it = by_id.find(h.id);
            BOOST_TEST_REQUIRE((it != by_id.end()), h.id << " found by 4 shards only");
            const Hit& o = *it->second;
            BOOST_TEST(o.title == h.title);
            BOOST_TEST(o.source == h.source);
            BOOST_TEST(o.date == h.date);
            BOOST_TEST(o.url == h.url);
            BOOST_TEST(o.persons == h.persons);
            BOOST_TEST(o.snippet == h.snippet);
            BOOST_TEST(same_score(o.score, h.score), o.score << " vs " << h.score);
            // The same ranking: scores (then dates) never rise down the list.
            if (i > 0) BOOST_TEST(four.hits[i - 1].score >= h.score - 1e-9);
        }
        BOOST_TEST_REQUIRE(one.facets.size() == four.facets.size());
        for (std::size_t f = 0; f < one.facets.size(); ++f) {
            const auto &a = one.facets[f], &b = four.facets[f];
            BOOST_TEST(a.field == b.field);
            BOOST_TEST(a.missing == b.missing);
            BOOST_TEST(a.coarser == b.coarser);
            BOOST_TEST_REQUIRE(a.values.size() == b.values.size());
            for (std::size_t v = 0; v < a.values.size(); ++v) {
                BOOST_TEST(a.values[v].value == b.values[v].value);
                BOOST_TEST(a.values[v].count == b.values[v].count);
            }
        }
    }
}

// Related documents above the score of the last one returned (those are not cut by a tie),
// by id.
std::map<std::string, double> related_above_last(Searcher& s, const std::string& id) {
    RelatedRequest r;
    r.limit = 30;
    const auto hits = s.related(id, r);
    std::map<std::string, double> out;
    for (const auto& h : hits)
        if (h.score > hits.back().score + 1e-6) out.emplace(h.id, h.score);
    return out;
}

void check_same_related(Searcher& one, Searcher& four, const std::string& id) {
    const auto a = related_above_last(one, id), b = related_above_last(four, id);
    BOOST_TEST_REQUIRE(a.size() == b.size(), id);
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j) {
        BOOST_TEST(i->first == j->first);
        BOOST_TEST(same_score(i->second, j->second));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shards)

BOOST_AUTO_TEST_CASE(four_shards_answer_every_search_as_one_database) {
    const Corpus c = generate(5000);
    TempDir tmp;
    // VEILLE_KEEP_SHARDS_TEST=DIR keeps both indexes there, to look at a failure.
    const char* keep = std::getenv("VEILLE_KEEP_SHARDS_TEST");
    const std::string one_dir = keep ? std::string(keep) + "/one" : tmp.str("one");
    const std::string four_dir = keep ? std::string(keep) + "/four" : tmp.str("four");
    build(one_dir, c, 1);
    build(four_dir, c, 4);
    BOOST_TEST(!store::is_sharded(one_dir));
    BOOST_TEST_REQUIRE(store::is_sharded(four_dir));

    Searcher one(one_dir), four(four_dir);
    const IndexStats a = one.stats(), b = four.stats();
    BOOST_TEST(a.shards == 1U);
    BOOST_TEST(b.shards == 4U);
    BOOST_TEST(a.documents == b.documents);
    BOOST_TEST(a.documents == 5000 - c.removed.size());
    BOOST_TEST(a.sources == b.sources);
    BOOST_TEST(a.persons == b.persons);
    BOOST_TEST(a.dated == b.dated);
    BOOST_TEST(a.first_date == b.first_date);
    BOOST_TEST(a.last_date == b.last_date);

    // Every shard holds some of the articles: the sources were shared out.
    for (const auto& name : store::read_manifest(four_dir).shards) {
        Searcher shard((std::filesystem::path(four_dir) / name).string());
        BOOST_TEST(shard.size() > 500U, name << " holds " << shard.size());
    }

    std::size_t hits = 0, compared = 0;
    for (const auto& q : queries(c)) {
        const auto r1 = one.search(request(q));
        const auto r4 = four.search(request(q));
        check_same(r1, r4, q);
        hits += r1.hits.size();
        ++compared;
        const auto e1 = one.explain(request(q)), e4 = four.explain(request(q));
        BOOST_TEST(without_estimate(e1.text) == without_estimate(e4.text), q);
    }
    BOOST_TEST(compared >= 290U);
    BOOST_TEST(hits > 10000U);
    // Boilerplate was counted per source across the shards as in one database: the line is
    // indexed only where it is not its source's boilerplate (a republished copy's, mostly).
    const auto line = request("\"lire la suite\"");
    BOOST_TEST(one.search(line).total == four.search(line).total);
    BOOST_TEST(one.search(line).total < 100U);

    auto h1 = one.hygiene_stats(), h4 = four.hygiene_stats();
    auto by_source = [](const SourceHygiene& x, const SourceHygiene& y) {
        return x.source < y.source;
    };
    std::sort(h1.begin(), h1.end(), by_source);
    std::sort(h4.begin(), h4.end(), by_source);
    BOOST_TEST_REQUIRE(h1.size() == h4.size());
    for (std::size_t i = 0; i < h1.size(); ++i) {
        BOOST_TEST(h1[i].source == h4[i].source);
        BOOST_TEST(h1[i].documents == h4[i].documents);
        BOOST_TEST(h1[i].boilerplate_lines == h4[i].boilerplate_lines);
        BOOST_TEST(h1[i].boilerplate_parts == h4[i].boilerplate_parts);
        BOOST_TEST(h1[i].repeated_parts == h4[i].repeated_parts);
        BOOST_TEST(h1[i].unchecked == h4[i].unchecked);
    }

    std::set<std::string> removed(c.removed.begin(), c.removed.end());
    for (std::size_t i = 0; i < 5000; i += 7) {
        const std::string id = "article-" + std::to_string(i);
        const auto d1 = one.get(id), d4 = four.get(id);
        BOOST_TEST_REQUIRE(d1.has_value() == d4.has_value());
        BOOST_TEST(d1.has_value() == !removed.contains(id));
        if (!d1) continue;
        BOOST_TEST(d1->title == d4->title);
        BOOST_TEST(d1->body == d4->body);
        BOOST_TEST(d1->source == d4->source);
        BOOST_TEST(d1->date == d4->date);
        BOOST_TEST(d1->persons == d4->persons);
        BOOST_TEST(one.skipped_parts(id)->size() == four.skipped_parts(id)->size());
        if (i % 70 == 0) check_same_related(one, four, id);
    }
}

BOOST_AUTO_TEST_CASE(a_sharded_index_reopens_with_its_shards_and_one_writer) {
    TempDir dir;
    IndexOptions o;
    o.shards = 3;
    {
        Index index(dir.str(), o);
        for (int i = 0; i < 30; ++i)
            index.add(test::doc("d" + std::to_string(i), "Titre",
                                "Le conseil municipal vote la délibération " + std::to_string(i),
                                "Source " + std::to_string(i % 5)));
        index.commit();
        // One writer per directory, across processes as in this one.
        BOOST_CHECK_EXCEPTION(Index(dir.str(), o), Error, has_code(ErrorCode::locked));
        index.add(test::doc("d0", "Titre", "Le conseil départemental vote.", "Source 4"));
        index.add(test::doc("neuf", "Titre", "Une séance publique.", "Source 9"));
        BOOST_TEST(index.size() == 31U);  // d0 moved to the shard of Source 4, not doubled
    }                                     // not committed: dropped
    const auto m = store::read_manifest(dir.str());
    BOOST_TEST(m.shards.size() == 3U);
    BOOST_TEST(m.generation == 1U);
    {
        o.shards = 1;  // an existing index keeps its shards
        Index index(dir.str(), o);
        BOOST_TEST(index.size() == 30U);
        index.add(test::doc("d0", "Titre", "Le conseil départemental vote.", "Source 4"));
        BOOST_TEST(index.remove("d1"));
        index.commit();
        BOOST_TEST(index.size() == 29U);
    }
    Searcher s(dir.str());
    BOOST_TEST(s.size() == 29U);
    BOOST_TEST(s.stats().shards == 3U);
    BOOST_TEST(test::ids(s, "départemental") == test::Ids{"d0"});
    BOOST_TEST(test::ids(s, "municipal").size() == 28U);
    BOOST_TEST(store::read_manifest(dir.str()).generation == 2U);
}

std::uint64_t shard_generation(const std::string& dir, const std::string& shard) {
    return store::parse_generation(Xapian::Database((std::filesystem::path(dir) / shard).string())
                                       .get_metadata(std::string(schema::generation_key)));
}

BOOST_AUTO_TEST_CASE(a_commit_interrupted_between_shards_is_finished_when_the_index_is_opened) {
    TempDir dir;
    IndexOptions o;
    o.shards = 2;
    {
        Index index(dir.str(), o);
        // A new source goes to the shard with the fewest documents: A to shard-00, B to -01.
        index.add(test::doc("a1", "Titre", "Le maire de Lyon inaugure le pont.", "A"));
        index.add(test::doc("b1", "Titre", "Le préfet de Rennes visite le port.", "B"));
        index.commit();
    }
    // What a commit of generation 2 leaves when its writer dies after the first shard
    // committed: the journal sealed, shard-00 at generation 2, shard-01 and the manifest at 1.
    const Document a2 = test::doc("a2", "Titre", "Le maire de Lyon ouvre la séance.", "A");
    const Document b2 = test::doc("b2", "Titre", "Le préfet de Rennes ferme le port.", "B");
    {
        store::Journal journal(dir.str());
        journal.add(0, a2);
        journal.add(1, b2);
        journal.remove(1, "b1");
        journal.seal(2);
        IndexOptions shard = o;
        shard.memory_budget_mb = 0;
        detail::ShardWriter w((std::filesystem::path(dir.str()) / "shard-00").string(), shard);
        w.add(a2);
        w.commit(2);
    }
    BOOST_TEST(shard_generation(dir.str(), "shard-00") == 2U);
    BOOST_TEST(shard_generation(dir.str(), "shard-01") == 1U);
    {
        // A reader waits for the commit to end, then takes the shards as they are.
        Searcher s(dir.str());
        BOOST_TEST(s.get("a2").has_value());
        BOOST_TEST(!s.get("b2").has_value());
    }
    {
        Index index(dir.str(), o);  // finishes the commit from the journal
        BOOST_TEST(index.size() == 3U);
    }
    BOOST_TEST(store::read_manifest(dir.str()).generation == 2U);
    BOOST_TEST(shard_generation(dir.str(), "shard-01") == 2U);
    Searcher s(dir.str());
    BOOST_TEST(s.get("a2").has_value());
    BOOST_TEST(s.get("b2").has_value());
    BOOST_TEST(!s.get("b1").has_value());
    BOOST_TEST(test::ids(s, "préfet") == test::Ids{"b2"});

    // A journal without its seal is a generation never committed: dropped.
    {
        store::Journal journal(dir.str());
        journal.add(1, test::doc("b3", "Titre", "Une séance du conseil.", "B"));
    }
    { BOOST_TEST(Index(dir.str(), o).size() == 3U); }
    // A shard ahead of the manifest without the journal that got it there is refused.
    {
        IndexOptions shard = o;
        shard.memory_budget_mb = 0;
        detail::ShardWriter w((std::filesystem::path(dir.str()) / "shard-01").string(), shard);
        w.commit(3);
    }
    BOOST_CHECK_EXCEPTION(Index(dir.str(), o), Error, has_code(ErrorCode::corrupt));
}

// compact() on both layouts: smaller, the same answers, docids kept (the hygiene lists hold
// them), writable and searchable afterwards, a reader already open unharmed.
BOOST_AUTO_TEST_CASE(compacting_keeps_every_answer_and_the_index_writable) {
    const Corpus c = generate(1500);
    for (const unsigned shards : {1U, 3U}) {
        BOOST_TEST_CONTEXT("shards " << shards) {
            TempDir dir;
            IndexOptions o;
            o.shards = shards;
            o.memory_budget_mb = 16;  // many automatic commits: much for the compactor to do
            auto index = std::make_unique<Index>(dir.str(), o);
            for (const auto& d : c.docs) index->add(d);
            for (const auto& id : c.removed) BOOST_TEST(index->remove(id));
            index->commit();
            Searcher before(dir.str());
            std::vector<SearchResults> answers;
            const auto qs = queries(c);
            for (std::size_t i = 0; i < qs.size(); i += 10)
                answers.push_back(before.search(request(qs[i])));

            const CompactReport r = index->compact();
            BOOST_TEST(r.bytes_after < r.bytes_before);
            BOOST_TEST(r.bytes_after == store::directory_bytes(dir.str()));
            BOOST_TEST(!std::filesystem::exists(dir.str() + ".compacting"));
            // The reader open before still reads the old files; reopened, the new ones.
            check_same(answers[0], before.search(request(qs[0])), qs[0]);
            before.reopen();
            Searcher after(dir.str());
            for (std::size_t i = 0, k = 0; i < qs.size(); i += 10, ++k) {
                check_same(answers[k], after.search(request(qs[i])), qs[i]);
                check_same(answers[k], before.search(request(qs[i])), qs[i]);
            }
            // Still the writer, and the hygiene lists still name the right documents: a new
            // article of a source takes its boilerplate as known, and nothing needs cleaning.
            Document more = c.docs[1];
            more.id = "après-compactage";
            index->add(more);
            index->commit();
            BOOST_TEST(index->clean().reanalysed == 0U);
            after.reopen();
            BOOST_TEST(after.size() == before.size() + 1);
            BOOST_TEST(after.get("après-compactage").has_value());
            BOOST_TEST(after.skipped_parts("après-compactage")->size() ==
                       after.skipped_parts(c.docs[1].id)->size());
            index.reset();
            BOOST_TEST(Index(dir.str(), o).size() == after.size());
        }
    }
}

BOOST_AUTO_TEST_CASE(a_damaged_manifest_is_refused_as_corrupt) {
    TempDir dir;
    IndexOptions o;
    o.shards = 2;
    { Index(dir.str(), o).commit(); }
    const auto manifest = std::filesystem::path(dir.str()) / store::manifest_name;
    std::ofstream(manifest, std::ios::app) << "remote :elsewhere:1234\n";
    BOOST_CHECK_EXCEPTION(Index(dir.str(), o), Error, has_code(ErrorCode::corrupt));
    std::ofstream(manifest, std::ios::trunc) << "# vide\n";
    BOOST_CHECK_EXCEPTION(Index(dir.str(), o), Error, has_code(ErrorCode::corrupt));
    BOOST_CHECK_EXCEPTION(Searcher(dir.str()), Error, has_code(ErrorCode::corrupt));
}

BOOST_AUTO_TEST_SUITE_END()

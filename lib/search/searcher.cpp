// SPDX-License-Identifier: MIT
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "alerts/alerts.hpp"
#include "analysis/text.hpp"
#include "core/xapian_try.hpp"
#include "facets/facets.hpp"
#include "hygiene/hygiene.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"
#include "search/check.hpp"
#include "search/explain.hpp"
#include "search/query.hpp"
#include "search/recency.hpp"
#include "search/related.hpp"
#include "search/snippet.hpp"
#include "search/spelling.hpp"
#include "search/stats.hpp"
#include "store/shards.hpp"
#include "veille/search.hpp"

#include <xapian.h>

namespace veille {

using detail::xapian_read;
using detail::xapian_try;

namespace {
// How many times a reader opens the shards again when it finds them at different generations
// (10 ms apart): a commit's shards are committed in parallel, within this. Past it, the writer
// stopped in the middle of a commit; the reader takes the shards as they are.
constexpr int max_open_attempts = 100;
}  // namespace

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;  // every shard, searched as one
    // A sharded index's shards, sharing their state with db (add_database), and its manifest.
    std::vector<Xapian::Database> shards;
    store::Manifest manifest;
    detail::QueryBuilder queries;
    analysis::Analyzer analyzer;  // for snippets
    detail::FacetCacheHolder facet_cache;
    std::vector<detail::FacetCacheHolder> shard_caches;  // one per shard

    // The shards for the facets to count one by one, with their caches (when @p used).
    std::vector<detail::FacetCounter::Shard> facet_shards(bool used) {
        std::vector<detail::FacetCounter::Shard> out;
        if (!used) return out;
        shard_caches.resize(shards.size());
        for (std::size_t i = 0; i < shards.size(); ++i)
            out.push_back({&shards[i], shard_caches[i].get(shards[i])});
        return out;
    }

    explicit Impl(const std::string& p) : path(p) {
        // Opening, and reading even the metadata, can race a commit of the writer: retried
        // like a search.
        bool opened = false;
        xapian_read(db, "opening index '" + p + "'", [&] {
            if (!opened) {
                open();
                opened = true;
            }
            const std::string v = db.get_metadata(std::string(schema::version_key));
            if (v.empty()) throw Error(ErrorCode::corrupt, "'" + p + "' is not a veille index");
            if (v != schema::version && !schema::upgradable(v))
                throw Error(ErrorCode::corrupt,
                            "index '" + p + "' has schema version " + v + ", this veille reads " +
                                std::string(schema::version),
                            "Rebuild the index with this version of veille.");
        });
    }

    // Opens the index: one database, or the shards its manifest lists. The writer commits
    // its shards one after the other, then the manifest: a reader that finds them at
    // different generations opened during a commit, and opens them again once it is over.
    void open() {
        if (!store::is_sharded(path)) {
            db = Xapian::Database(path);
            return;
        }
        for (int attempt = 0;; ++attempt) {
            manifest = store::read_manifest(path);
            Xapian::Database all;
            std::vector<Xapian::Database> parts;
            for (const auto& name : manifest.shards) {
                parts.emplace_back((std::filesystem::path(path) / name).string());
                all.add_database(parts.back());
            }
            db = std::move(all);
            shards = std::move(parts);
            if (consistent() || attempt == max_open_attempts) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    // Whether every shard is at the generation of the manifest read.
    bool consistent() const {
        for (const auto& s : shards)
            if (store::parse_generation(s.get_metadata(std::string(schema::generation_key))) !=
                manifest.generation)
                return false;
        return true;
    }

    // What a read racing a commit does before it runs again (xapian_read): a sharded index is
    // opened again from its manifest, so the retry too sees every shard at one generation.
    void reopen() {
        if (shards.empty()) {
            db.reopen();
            return;
        }
        open();
    }

    std::string what() const { return "searching index '" + path + "'"; }

    static detail::QueryOptions query_options(const SearchRequest& request) {
        return {request.reference_date, request.synonyms};
    }

    std::string suggestion(const SearchRequest& request, const detail::ParsedQuery& pq,
                           std::uint64_t total) {
        if (!request.suggest || !pq.has_text || total >= detail::suggest_below) return {};
        return detail::spelling_suggestion(db, queries.analyzer(), request.query);
    }

    Hit make_hit(const Xapian::MSetIterator& it, const detail::SnippetTerms& terms,
                 const SnippetOptions& options) {
        auto stored = detail::load(it.get_document());
        Hit h;
        h.id = std::move(stored.doc.id);
        h.title = std::move(stored.doc.title);
        h.source = std::move(stored.doc.source);
        h.date = std::move(stored.doc.date);
        h.url = std::move(stored.doc.url);
        h.persons = std::move(stored.persons);
        h.score = it.get_weight();
        // Snippets never come from text hygiene kept out of the index.
        const std::string body = analysis::nfc(hygiene::visible(stored.doc.body, stored.skipped));
        if (!body.empty() || h.title.empty())
            h.snippet = detail::make_snippet(analyzer, body, terms, options);
        else
            h.snippet = detail::make_snippet(analyzer, analysis::nfc(h.title), terms, options);
        return h;
    }
};

Searcher::Searcher(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] {
        if (!(request.recency_half_life_days >= 0))
            throw Error(ErrorCode::invalid_argument, "recency_half_life_days must be 0 or more");
        const detail::ParsedQuery pq =
            im.queries.parse(im.db, request.query, request.filters, im.query_options(request));
        const Xapian::Query query = pq.full();
        const auto facet_requests = request.facets ? *request.facets : detail::default_facets();
        detail::FacetCounter facets(
            im.db, pq, facet_requests,
            facet_requests.empty() || !im.shards.empty() ? nullptr : im.facet_cache.get(im.db),
            im.facet_shards(!facet_requests.empty()));

        Xapian::Enquire enquire(im.db);
        enquire.set_query(query);
        const bool by_date =
            request.sort == Sort::date || (request.sort == Sort::automatic && !pq.has_text);
        if (by_date)
            enquire.set_sort_by_value_then_relevance(schema::slot::date_start, true);
        else
            enquire.set_sort_by_relevance_then_value(schema::slot::date_start, true);

        const auto doccount = im.db.get_doccount();
        // No page reaches past the last document (and no sum below overflows).
        const std::size_t offset = std::min<std::size_t>(request.offset, doccount);
        const std::size_t wanted = offset + std::min<std::size_t>(request.limit, doccount);
        // Facets need every matching document seen: then the total is exact too.
        const Xapian::doccount check_all = facets.attach(enquire) ? doccount : 0;
        auto check = [&](std::size_t items) {
            return std::max<Xapian::doccount>(
                {static_cast<Xapian::doccount>(std::min<std::size_t>(items, doccount) + 100), 1000,
                 check_all});
        };
        SearchResults r;
        const auto terms = detail::snippet_terms(pq);
        if (!by_date && pq.has_text && request.recency_half_life_days > 0) {
            // Multiplicative boost on the top of the relevance ranking, deepened until exact.
            const detail::RecencyBoost boost(im.db, request.recency_half_life_days);
            std::size_t asked = std::max<std::size_t>(wanted, 100);
            for (;;) {
                asked = std::min<std::size_t>(asked, std::size_t{doccount} + 1);
                const Xapian::MSet mset =
                    enquire.get_mset(0, static_cast<Xapian::doccount>(asked), check(asked));
                enquire.clear_matchspies();  // counted once, in the first pass
                bool exact = false;
                const auto ranked = boost.rank(mset, asked, wanted, exact);
                if (!exact) {
                    asked *= 4;
                    continue;
                }
                r.total = mset.get_matches_estimated();
                r.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
                for (std::size_t i = offset; i < ranked.size() && i < wanted; ++i) {
                    r.hits.push_back(im.make_hit(mset[ranked[i].index], terms, request.snippet));
                    r.hits.back().score = ranked[i].score;
                }
                break;
            }
        } else {
            const Xapian::MSet mset =
                enquire.get_mset(static_cast<Xapian::doccount>(offset),
                                 static_cast<Xapian::doccount>(wanted - offset), check(wanted));
            r.total = mset.get_matches_estimated();
            r.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
            for (auto it = mset.begin(); it != mset.end(); ++it)
                r.hits.push_back(im.make_hit(it, terms, request.snippet));
        }
        r.facets = facets.results();
        if (const auto matched = facets.matched()) {
            r.total = *matched;  // counted exactly by the facets' own pass
            r.exact = true;
        }
        r.suggestion = im.suggestion(request, pq, r.total);
        return r;
    });
}

void Searcher::set_synonyms(const Synonyms& synonyms) { impl_->queries.set_synonyms(synonyms); }

std::vector<Hit> Searcher::related(const std::string& id, const RelatedRequest& request) {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] {
        const std::string term = std::string(schema::id.prefix) + id;
        auto p = id.empty() ? im.db.postlist_end(term) : im.db.postlist_begin(term);
        if (p == im.db.postlist_end(term))
            throw Error(ErrorCode::not_found, "no document with id '" + id + "'");
        const detail::ParsedQuery pq =
            im.queries.parse(im.db, {}, request.filters, {request.reference_date, false});
        Xapian::Enquire enquire(im.db);
        enquire.set_query(detail::related_query(im.db, *p, pq.filter(), request.limit,
                                                request.duplicate_overlap));
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(request.limit));
        std::vector<Hit> hits;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            hits.push_back(im.make_hit(it, detail::SnippetTerms{}, request.snippet));
        return hits;
    });
}

QueryExplanation Searcher::explain(const SearchRequest& request) {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] {
        const detail::ParsedQuery pq =
            im.queries.parse(im.db, request.query, request.filters, im.query_options(request));
        const Xapian::Query query = pq.full();
        Xapian::Enquire enquire(im.db);
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, 0, detail::suggest_below);
        const std::uint64_t total = mset.get_matches_estimated();
        return detail::explain_query(im.queries.analyzer(), request, pq, query, total,
                                     im.suggestion(request, pq, total));
    });
}

std::optional<Document> Searcher::get(const std::string& id) {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&]() -> std::optional<Document> {
        const std::string term = std::string(schema::id.prefix) + id;
        if (id.empty()) return std::nullopt;
        auto p = im.db.postlist_begin(term);
        if (p == im.db.postlist_end(term)) return std::nullopt;
        auto stored = detail::load(im.db.get_document(*p));
        stored.doc.persons = std::move(stored.persons);
        return std::move(stored.doc);
    });
}

std::optional<std::vector<SkippedPart>> Searcher::skipped_parts(const std::string& id) {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&]() -> std::optional<std::vector<SkippedPart>> {
        const std::string term = std::string(schema::id.prefix) + id;
        if (id.empty()) return std::nullopt;
        auto p = im.db.postlist_begin(term);
        if (p == im.db.postlist_end(term)) return std::nullopt;
        return detail::load(im.db.get_document(*p)).skipped;
    });
}

std::vector<SourceHygiene> Searcher::hygiene_stats() {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] { return hygiene::source_stats(im.db); });
}

std::uint64_t Searcher::size() {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] { return std::uint64_t{im.db.get_doccount()}; });
}

IndexStats Searcher::stats() {
    auto& im = *impl_;
    return xapian_read(im, im.what(), [&] {
        IndexStats s = detail::index_stats(im.db, im.path);
        s.shards = std::max<std::size_t>(im.shards.size(), 1);
        return s;
    });
}

CheckReport Searcher::check() {
    auto& im = *impl_;
    return xapian_try(im.what(), [&] {
        std::vector<std::string> paths;
        for (const auto& name : im.manifest.shards)
            paths.push_back((std::filesystem::path(im.path) / name).string());
        if (paths.empty()) paths.push_back(im.path);
        return detail::check_index(paths, im.db);
    });
}

std::vector<Alert> Searcher::alerts() {
    auto& im = *impl_;
    return xapian_read(im, "reading the alerts of index '" + im.path + "'", [&] {
        return alerts::read_alerts(im.shards.empty() ? im.db : im.shards.front());
    });
}

std::vector<AlertMatch> Searcher::alert_matches(std::uint64_t since, std::size_t limit,
                                                const std::string& alert) {
    auto& im = *impl_;
    return xapian_read(im, "reading the alert matches of index '" + im.path + "'", [&] {
        std::vector<AlertMatch> out;
        for (auto& r : alerts::read_matches(im.shards.empty() ? im.db : im.shards.front(), since,
                                            limit, alert)) {
            // The article as the index holds it now, if it still does.
            const std::string term = std::string(schema::id.prefix) + r.match.id;
            if (auto p = im.db.postlist_begin(term); p != im.db.postlist_end(term)) {
                auto stored = detail::load(im.db.get_document(*p));
                stored.doc.body = hygiene::visible(stored.doc.body, stored.skipped);
                alerts::complete(r, stored.doc, im.analyzer);
            }
            out.push_back(std::move(r.match));
        }
        return out;
    });
}

void Searcher::reopen() {
    // A reopen that races a commit is retried (xapian_read reopens again).
    xapian_read(*impl_, "reopening index '" + impl_->path + "'", [&] { impl_->reopen(); });
}

}  // namespace veille

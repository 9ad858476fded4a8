// SPDX-License-Identifier: MIT
#include "veille/search.hpp"

#include <xapian.h>

#include "analysis/text.hpp"
#include "core/xapian_try.hpp"
#include "facets/facets.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"
#include "search/query.hpp"
#include "search/snippet.hpp"

namespace veille {

using detail::xapian_read;
using detail::xapian_try;

struct Searcher::Impl {
    std::string path;
    Xapian::Database db;
    detail::QueryBuilder queries;
    analysis::Analyzer analyzer;  // for snippets

    explicit Impl(const std::string& p) : path(p) {
        // Opening, and reading even the metadata, can race a commit of the writer: retried
        // like a search.
        bool opened = false;
        xapian_read(db, "opening index '" + p + "'", [&] {
            if (!opened) {
                db = Xapian::Database(p);
                opened = true;
            }
            const std::string v = db.get_metadata(std::string(schema::version_key));
            if (v.empty())
                throw Error(ErrorCode::corrupt, "'" + p + "' is not a veille index");
            if (v != schema::version)
                throw Error(ErrorCode::corrupt,
                            "index '" + p + "' has schema version " + v + ", this veille reads " +
                                std::string(schema::version),
                            "Rebuild the index with this version of veille.");
        });
    }

    std::string what() const { return "searching index '" + path + "'"; }

    detail::SnippetTerms snippet_terms(const detail::ParsedQuery& pq) const {
        detail::SnippetTerms st;
        if (!pq.has_text || pq.nothing) return st;
        for (auto t = pq.text.get_unique_terms_begin(); t != pq.text.get_unique_terms_end(); ++t) {
            std::string term = *t;
            // title: terms carry the S prefix; words never start with a capital.
            if (term.starts_with(schema::title.prefix)) term.erase(0, schema::title.prefix.size());
            st.terms.insert(std::move(term));
        }
        st.prefixes = pq.wildcard_prefixes;
        return st;
    }

    Hit make_hit(const Xapian::MSetIterator& it, const detail::SnippetTerms& terms,
                 const SnippetOptions& options) {
        auto stored = detail::decode(it.get_document().get_data());
        Hit h;
        h.id = std::move(stored.doc.id);
        h.title = std::move(stored.doc.title);
        h.source = std::move(stored.doc.source);
        h.date = std::move(stored.doc.date);
        h.url = std::move(stored.doc.url);
        h.persons = std::move(stored.persons);
        h.score = it.get_weight();
        const std::string body = analysis::nfc(stored.doc.body);
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
    return xapian_read(im.db, im.what(), [&] {
        const detail::ParsedQuery pq = im.queries.parse(im.db, request.query, request.filters);
        const Xapian::Query query = pq.full();

        Xapian::Enquire enquire(im.db);
        enquire.set_query(query);
        const bool by_date = request.sort == Sort::date || (request.sort == Sort::automatic && !pq.has_text);
        if (by_date)
            enquire.set_sort_by_value_then_relevance(schema::slot::date_start, true);
        else
            enquire.set_sort_by_relevance_then_value(schema::slot::date_start, true);

        const auto doccount = im.db.get_doccount();
        const auto wanted = static_cast<Xapian::doccount>(request.offset + request.limit);
        const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                                                   static_cast<Xapian::doccount>(request.limit),
                                                   std::max<Xapian::doccount>(wanted + 100, 1000));
        (void)doccount;
        SearchResults r;
        r.total = mset.get_matches_estimated();
        r.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        const auto terms = im.snippet_terms(pq);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            r.hits.push_back(im.make_hit(it, terms, request.snippet));
        r.facets = detail::count_facets(im.db, pq, request.facets ? *request.facets : detail::default_facets());
        return r;
    });
}

std::optional<Document> Searcher::get(const std::string& id) {
    auto& im = *impl_;
    return xapian_read(im.db, im.what(), [&]() -> std::optional<Document> {
        const std::string term = std::string(schema::id.prefix) + id;
        if (id.empty()) return std::nullopt;
        auto p = im.db.postlist_begin(term);
        if (p == im.db.postlist_end(term)) return std::nullopt;
        auto stored = detail::decode(im.db.get_document(*p).get_data());
        stored.doc.persons = std::move(stored.persons);
        return std::move(stored.doc);
    });
}

std::uint64_t Searcher::size() {
    auto& im = *impl_;
    return xapian_read(im.db, im.what(), [&] { return std::uint64_t{im.db.get_doccount()}; });
}

void Searcher::reopen() {
    // A reopen that races a commit is retried (xapian_read reopens again).
    xapian_read(impl_->db, "reopening index '" + impl_->path + "'", [&] { impl_->db.reopen(); });
}

}  // namespace veille

// SPDX-License-Identifier: MIT
#include "hygiene/clean.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "hygiene/hygiene.hpp"
#include "index/document_builder.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"

namespace veille::hygiene {

namespace {

std::string with_prefix(std::string_view prefix, std::string_view rest) {
    std::string t(prefix);
    t += rest;
    return t;
}

// Calls f(term) for every term of @p db starting with @p prefix.
template <class F>
void each_term(const Xapian::Database& db, const std::string& prefix, F&& f) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) f(*t);
}

// The boilerplate lines of a source and their number of skippers: line hash -> termfreq(XB).
using Skippers = std::unordered_map<std::uint64_t, Xapian::doccount>;

class Cleaner {
public:
    Cleaner(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
            const HygieneOptions& options)
        : db_(db), builder_(builder), options_(options) {}

    // Documents indexed with other rules than the current ones (or before hygiene).
    void check_flags() {
        const unsigned want = flags(options_);
        auto v = db_.valuestream_begin(schema::slot::hygiene);
        const auto v_end = db_.valuestream_end(schema::slot::hygiene);
        for (auto d = db_.postlist_begin(""); d != db_.postlist_end(""); ++d) {
            const Xapian::docid did = *d;
            if (v != v_end && v.get_docid() < did) v.skip_to(did);
            const unsigned had = v != v_end && v.get_docid() == did ? decode_figures(*v).flags : 0U;
            if (had != want) stale_.emplace(did, (had & 2U) ? 0U : 1U);
        }
    }

    // Every line of every source.
    void check_all_lines() {
        each_term(db_, std::string(schema::source.prefix), [&](const std::string& source_term) {
            const std::string key = source_term.substr(schema::source.prefix.size());
            const std::string tag = source_tag(key);
            const auto documents = db_.get_termfreq(source_term);
            check_every_line(tag, documents, skipped_lines(tag));
        });
    }

    // The lines a transaction touched, and the lines whose status the change in their
    // source's size may have flipped: a source that grew can only lose boilerplate lines (its
    // XB terms); one that shrank may gain any line with enough holders, so all are checked.
    void check_touched(const Touched::Source& source, const std::string& key) {
        const std::string tag = source_tag(key);
        const auto documents = db_.get_termfreq(with_prefix(schema::source.prefix, key));
        const auto skippers = skipped_lines(tag);
        if (source.delta < 0) {
            check_every_line(tag, documents, skippers);
            return;
        }
        std::vector<std::uint64_t> lines(source.lines.begin(), source.lines.end());
        if (source.delta > 0)
            for (const auto& [line, n] : skippers) lines.push_back(line);
        std::sort(lines.begin(), lines.end());
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
        // One walk through the source's XH terms in key order (big-endian hashes sort as the
        // numbers do): each skip_to goes on from the leaf block the previous one read, where a
        // get_termfreq per line would descend the B-tree again, at about 4 us a line.
        const std::string prefix = paragraph_term_prefix(tag);
        auto t = db_.allterms_begin(prefix);
        const auto t_end = db_.allterms_end(prefix);
        for (const auto line : lines) {
            const std::string held = paragraph_term(tag, line);
            if (t != t_end && *t < held) t.skip_to(held);
            const Xapian::doccount holders = t != t_end && *t == held ? t.get_termfreq() : 0;
            check_line(tag, line, documents, holders, skippers_of(skippers, line));
        }
    }

    CleanReport finish(std::size_t every, const std::function<void()>& checkpoint) {
        // Documents without the boilerplate terms do not count themselves yet: they are
        // re-analysed first, then the lines are checked again now that every count is final.
        std::set<Xapian::docid> done;
        auto rebuild_all = [&](const std::map<Xapian::docid, std::uint64_t>& which) {
            for (const auto& [did, self] : which) {
                const detail::StoredDocument stored =
                    detail::load(db_.get_document(did));
                db_.replace_document(did, builder_.build(stored.doc, Counts{&db_, self}));
                done.insert(did);
                if (every > 0 && checkpoint && ++since_checkpoint_ >= every) {
                    checkpoint();
                    since_checkpoint_ = 0;
                }
            }
        };
        if (!stale_.empty()) {
            const bool recount = std::any_of(stale_.begin(), stale_.end(),
                                             [](const auto& e) { return e.second != 0; });
            rebuild_all(stale_);
            if (recount && options_.skip_boilerplate) {
                rebuild_.clear();
                report_.paragraphs_checked = 0;
                report_.boilerplate_lines = 0;
                check_all_lines();
            }
        }
        rebuild_all(rebuild_);
        report_.reanalysed = done.size();
        report_.documents = db_.get_doccount();
        return report_;
    }

private:
    static std::string paragraph_term_prefix(const std::string& tag) {
        return with_prefix(schema::paragraph_prefix, tag);
    }

    // The source's Skippers: few terms.
    Skippers skipped_lines(const std::string& tag) {
        Skippers out;
        const std::string prefix = with_prefix(schema::boilerplate_prefix, tag);
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t)
            out.emplace(line_of_term(*t), t.get_termfreq());
        return out;
    }

    // Every line of a source, in one walk of its XH terms.
    void check_every_line(const std::string& tag, std::uint64_t documents,
                          const Skippers& skippers) {
        const std::string prefix = paragraph_term_prefix(tag);
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
            const std::uint64_t line = line_of_term(*t);
            check_line(tag, line, documents, t.get_termfreq(), skippers_of(skippers, line));
        }
    }

    static Xapian::doccount skippers_of(const Skippers& skippers, std::uint64_t line) {
        const auto it = skippers.find(line);
        return it == skippers.end() ? 0 : it->second;
    }

    // @p holders and @p skippers are the termfreqs of the line's XH and XB terms.
    void check_line(const std::string& tag, std::uint64_t line, std::uint64_t documents,
                    Xapian::doccount holders, Xapian::doccount skippers) {
        ++report_.paragraphs_checked;
        const bool boilerplate = holders > 0 && is_boilerplate(holders, documents, options_);
        if (boilerplate) ++report_.boilerplate_lines;
        if (boilerplate && skippers != holders) {
            // Holders that did not skip it: walk both posting lists together.
            const std::string held = paragraph_term(tag, line);
            const std::string skipped = skipped_term(tag, line);
            auto s = db_.postlist_begin(skipped);
            const auto s_end = db_.postlist_end(skipped);
            for (auto h = db_.postlist_begin(held); h != db_.postlist_end(held); ++h) {
                if (s != s_end && *s < *h) s.skip_to(*h);
                if (s == s_end || *s != *h) rebuild_.emplace(*h, 0U);
            }
        } else if (!boilerplate && skippers > 0) {
            const std::string skipped = skipped_term(tag, line);
            for (auto s = db_.postlist_begin(skipped); s != db_.postlist_end(skipped); ++s)
                rebuild_.emplace(*s, 0U);
        }
    }

    Xapian::WritableDatabase& db_;
    detail::DocumentBuilder& builder_;
    const HygieneOptions& options_;
    // Documents to re-analyse, with the Counts::self to use (1: not counted in XH yet).
    std::map<Xapian::docid, std::uint64_t> stale_;
    std::map<Xapian::docid, std::uint64_t> rebuild_;
    CleanReport report_;
    std::size_t since_checkpoint_ = 0;
};

}  // namespace

void Touched::leaving(const Xapian::Database& db, Xapian::docid did) {
    std::string key;
    const std::string source_prefix(schema::source.prefix);
    auto t = db.termlist_begin(did);
    t.skip_to(source_prefix);
    if (t == db.termlist_end(did) || !(*t).starts_with(source_prefix)) return;
    key = (*t).substr(source_prefix.size());
    auto& source = sources_[key];
    --source.delta;
    const std::string prefix = with_prefix(schema::paragraph_prefix, source_tag(key));
    auto p = db.termlist_begin(did);
    for (p.skip_to(prefix); p != db.termlist_end(did) && (*p).starts_with(prefix); ++p)
        source.lines.insert(line_of_term(*p));
}

void Touched::joined(const std::string& source_key, const std::vector<std::uint64_t>& lines) {
    if (source_key.empty()) return;
    auto& source = sources_[source_key];
    ++source.delta;
    source.lines.insert(lines.begin(), lines.end());
}

CleanReport clean(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
                  const HygieneOptions& options, const Touched* touched, std::size_t every,
                  const std::function<void()>& checkpoint) {
    Cleaner cleaner(db, builder, options);
    if (touched == nullptr) {
        cleaner.check_flags();
        if (options.skip_boilerplate) cleaner.check_all_lines();
    } else if (options.skip_boilerplate) {
        for (const auto& [key, source] : touched->sources_) cleaner.check_touched(source, key);
    }
    return cleaner.finish(every, checkpoint);
}

}  // namespace veille::hygiene

// SPDX-License-Identifier: MIT
#include "hygiene/clean.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/text.hpp"
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

// What @p x, whose stored original is @p stored, holds.
Held held_of(const Xapian::Document& x, const detail::StoredDocument& stored) {
    Held h;
    h.source_key = analysis::facet_key(analysis::collapse_spaces(stored.doc.source));
    if (h.source_key.empty()) return h;
    h.tag = source_tag(h.source_key);
    if (decode_figures(x.get_value(schema::slot::hygiene)).flags & 2U)
        h.lines = distinct_lines(stored.doc.body);
    return h;
}

// The boilerplate lines of a source and their number of skippers: line hash -> termfreq(XB).
using Skippers = std::unordered_map<std::uint64_t, Xapian::doccount>;

class Cleaner {
public:
    Cleaner(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
            const HygieneOptions& options, Lists& lists)
        : db_(db), builder_(builder), options_(options), lists_(lists) {
        lists_.apply(db_);  // the walks below read XL and XJ entries from the database
    }

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

    CleanReport finish(std::size_t every, const std::function<void()>& checkpoint,
                       const Rebuilt& rebuilt) {
        // Documents without the boilerplate terms do not count themselves yet: they are
        // re-analysed first, then the lines are checked again now that every count is final.
        std::set<Xapian::docid> done;
        auto rebuild_all = [&](const std::map<Xapian::docid, std::uint64_t>& which) {
            for (const auto& entry : which) {
                const Xapian::docid did = entry.first;
                const std::uint64_t self = entry.second;
                const Xapian::Document old = db_.get_document(did);
                const detail::StoredDocument stored = detail::load(old);
                // Built while the document still counts itself (self = 0), then written anew.
                auto built = builder_.build(stored.doc, Counts{&db_, self, &lists_});
                Xapian::Document& x = built.doc;
                const Held was = held_of(old, stored);
                release(db_, lists_, did, was.tag, was.lines);
                join(db_, lists_, x, built.plan, [&] {
                    db_.replace_document(did, x);
                    return did;
                });
                if (rebuilt) rebuilt(built.words);
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
                lists_.apply(db_);
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

    // Every line of a source: one walk of its XH terms, and the lines no document holds by
    // an XH term that matter: those skipped somewhere, and, when listed holders alone can
    // reach the threshold (boilerplate_min_documents <= listed_holders), every XL entry.
    void check_every_line(const std::string& tag, std::uint64_t documents,
                          const Skippers& skippers) {
        std::vector<std::uint64_t> extra;
        for (const auto& [line, n] : skippers) extra.push_back(line);
        if (is_boilerplate(listed_holders, documents, options_)) {
            const std::string listed = with_prefix(schema::listed_prefix, tag);
            for (auto k = db_.metadata_keys_begin(listed); k != db_.metadata_keys_end(listed); ++k)
                extra.push_back(line_of_term(*k));
            for (const auto line : lists_.unmerged_lines(db_, tag)) extra.push_back(line);
        }
        std::sort(extra.begin(), extra.end());
        extra.erase(std::unique(extra.begin(), extra.end()), extra.end());
        auto e = extra.begin();
        const std::string prefix = paragraph_term_prefix(tag);
        for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
            const std::uint64_t line = line_of_term(*t);
            for (; e != extra.end() && *e <= line; ++e)
                if (*e < line) check_line(tag, *e, documents, 0, skippers_of(skippers, *e));
            check_line(tag, line, documents, t.get_termfreq(), skippers_of(skippers, line));
        }
        for (; e != extra.end(); ++e) check_line(tag, *e, documents, 0, skippers_of(skippers, *e));
    }

    static Xapian::doccount skippers_of(const Skippers& skippers, std::uint64_t line) {
        const auto it = skippers.find(line);
        return it == skippers.end() ? 0 : it->second;
    }

    // @p termed and @p skippers are the termfreqs of the line's XH and XB terms; its listed
    // holders are read only when they could make it boilerplate.
    void check_line(const std::string& tag, std::uint64_t line, std::uint64_t documents,
                    Xapian::doccount termed, Xapian::doccount skippers) {
        ++report_.paragraphs_checked;
        std::vector<Xapian::docid> holders;
        bool boilerplate = false;
        if (is_boilerplate(termed + listed_holders, documents, options_)) {
            holders = decode_listed(lists_.get(db_, tag, line));
            const std::uint64_t n = termed + holders.size();
            boilerplate = n > 0 && is_boilerplate(n, documents, options_);
        }
        if (boilerplate) ++report_.boilerplate_lines;
        if (boilerplate && skippers != termed + holders.size()) {
            // Holders that did not skip it: the listed and the termed ones, in docid order,
            // against the posting list of the skippers.
            const std::string held = paragraph_term(tag, line);
            for (auto h = db_.postlist_begin(held); h != db_.postlist_end(held); ++h)
                holders.push_back(*h);
            std::sort(holders.begin(), holders.end());
            const std::string skipped = skipped_term(tag, line);
            auto s = db_.postlist_begin(skipped);
            const auto s_end = db_.postlist_end(skipped);
            for (const auto did : holders) {
                if (s != s_end && *s < did) s.skip_to(did);
                if (s == s_end || *s != did) rebuild_.emplace(did, 0U);
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
    Lists& lists_;
    // Documents to re-analyse, with the Counts::self to use (1: not counted as a holder yet).
    std::map<Xapian::docid, std::uint64_t> stale_;
    std::map<Xapian::docid, std::uint64_t> rebuild_;
    CleanReport report_;
    std::size_t since_checkpoint_ = 0;
};

}  // namespace

void Touched::leaving(const Held& held) {
    if (held.source_key.empty()) return;
    auto& source = sources_[held.source_key];
    --source.delta;
    source.lines.insert(held.lines.begin(), held.lines.end());
}

void leave(const Xapian::Database& db, Lists& lists, Xapian::docid did, Touched* touched) {
    const Xapian::Document x = db.get_document(did);
    const Held h = held_of(x, detail::load(x));
    release(db, lists, did, h.tag, h.lines);
    if (touched != nullptr) touched->leaving(h);
}

void Touched::joined(const std::string& source_key, const std::vector<std::uint64_t>& lines) {
    if (source_key.empty()) return;
    auto& source = sources_[source_key];
    ++source.delta;
    source.lines.insert(lines.begin(), lines.end());
}

CleanReport clean(Xapian::WritableDatabase& db, detail::DocumentBuilder& builder,
                  const HygieneOptions& options, Lists& lists, const Touched* touched,
                  std::size_t every, const std::function<void()>& checkpoint,
                  const Rebuilt& rebuilt) {
    Cleaner cleaner(db, builder, options, lists);
    if (touched == nullptr) {
        cleaner.check_flags();
        if (options.skip_boilerplate) cleaner.check_all_lines();
    } else if (options.skip_boilerplate) {
        for (const auto& [key, source] : touched->sources_) cleaner.check_touched(source, key);
    }
    return cleaner.finish(every, checkpoint, rebuilt);
}

}  // namespace veille::hygiene

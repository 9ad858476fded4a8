// SPDX-License-Identifier: MIT
#include "search/phrase.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/codec.hpp"
#include "index/positions.hpp"
#include "schema/schema.hpp"
#include "veille/error.hpp"

namespace veille::detail {

namespace {

// A term of a phrase without its field prefix. Prefixed terms start with an ASCII capital;
// the only positional prefix is the title's (positional() refuses the others).
std::string_view word_of(std::string_view term) {
    const bool title = !term.empty() && term[0] >= 'A' && term[0] <= 'Z';
    return title ? term.substr(schema::title.prefix.size()) : term;
}

}  // namespace

PhraseCheck::PhraseCheck(std::vector<std::string> terms, Xapian::termcount window, bool ordered,
                         const std::shared_ptr<const positions::Unposted>& unposted)
    : terms_(std::move(terms)), window_(window), ordered_(ordered) {
    for (const auto& t : terms_) {
        const std::string_view word = word_of(t);
        const int k = unposted ? unposted->find(word) : -1;
        lookups_.push_back(positions::Lookup{fnv1a64(word), word.size() != t.size(), k});
        if (k < 0) posted_.push_back(t);
    }
    if (!ordered_) {
        // NEAR "a a b" needs two positions of a: count each distinct term.
        for (std::size_t i = 0; i < terms_.size(); ++i) {
            const auto first = std::find(terms_.begin(), terms_.end(), terms_[i]) - terms_.begin();
            distinct_.push_back(static_cast<std::size_t>(first));
        }
    }
}

bool PhraseCheck::matches(std::string_view value) {
    if (value.empty()) return false;  // a document without words
    positions::find(value, lookups_, found_);
    return ordered_ ? in_order() : near();
}

std::string PhraseCheck::description() const {
    std::string d = ordered_ ? "phrase(" : "near(";
    for (const auto& t : terms_) d += t + ' ';
    return d + "window " + std::to_string(window_) + ")";
}

// Greedily, each term at its first position after the previous one: the shortest span for a
// first position, and the span only grows with the first position.
bool PhraseCheck::in_order() const {
    for (const auto first : found_[0]) {
        std::uint32_t last = first;
        for (std::size_t k = 1; k < found_.size(); ++k) {
            const auto next = std::upper_bound(found_[k].begin(), found_[k].end(), last);
            if (next == found_[k].end()) return false;
            last = *next;
        }
        if (last - first < window_) return true;
    }
    return false;
}

// The narrowest span holding every distinct term as often as the query names it.
bool PhraseCheck::near() {
    occurrences_.clear();
    need_.assign(terms_.size(), 0);
    for (std::size_t k = 0; k < terms_.size(); ++k) {
        ++need_[distinct_[k]];
        if (distinct_[k] == k)
            for (const auto p : found_[k]) occurrences_.emplace_back(p, k);
    }
    std::sort(occurrences_.begin(), occurrences_.end());
    have_.assign(terms_.size(), 0);
    std::size_t missing = 0;
    for (std::size_t k = 0; k < terms_.size(); ++k)
        if (need_[k] > 0) missing += need_[k];
    std::size_t left = 0;
    for (const auto& [pos, k] : occurrences_) {
        if (have_[k]++ < need_[k]) --missing;
        while (missing == 0) {
            if (pos - occurrences_[left].first < window_) return true;
            const std::size_t j = occurrences_[left++].second;
            if (--have_[j] < need_[j]) ++missing;
        }
    }
    return false;
}

namespace {

using UnpostedPtr = std::shared_ptr<const positions::Unposted>;

// Matches the documents holding every term whose positions satisfy the window. Used as the
// right side of an OP_FILTER whose left side is the AND of the same terms but the unposted
// ones, so Xapian mostly asks check() about documents that already hold them; next() and
// skip_to() intersect the posted terms' posting lists themselves (or walk the documents with
// positions, when every term is unposted), so the filter is exact whichever side drives.
class PositionFilter final : public Xapian::PostingSource {
public:
    explicit PositionFilter(PhraseCheck check) : check_(std::move(check)) {}

    void init(const Xapian::Database& db) override {
        db_ = db;
        its_.clear();
        max_ = db.get_doccount();
        for (const auto& t : check_.posted()) {
            its_.push_back(db.postlist_begin(t));
            max_ = std::min(max_, db.get_termfreq(t));
        }
        values_ = db.valuestream_begin(schema::slot::positions);
        value_did_ = 0;
        did_ = 0;
        on_ = false;
        at_end_ = false;
    }

    Xapian::doccount get_termfreq_min() const override { return 0; }
    // Xapian's own phrase guesses half of the AND; the AND orders its parts by this figure.
    Xapian::doccount get_termfreq_est() const override { return max_ / 2; }
    Xapian::doccount get_termfreq_max() const override { return max_; }

    void next(double) override { advance(did_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (on_ && did <= did_) return;
        advance(on_ ? did : std::max(did, did_ + 1));
    }
    bool check(Xapian::docid did, double) override {
        if (on_ && did <= did_) return true;
        did_ = did;
        on_ = holds_all(did) && matches(did);
        return on_;  // false: "indeterminate" at did, next() and skip_to() go past it
    }
    bool at_end() const override { return at_end_; }
    Xapian::docid get_docid() const override { return did_; }

    PostingSource* clone() const override { return new PositionFilter(check_); }

    std::string get_description() const override { return check_.description(); }

private:
    bool holds_all(Xapian::docid did) {
        for (auto& it : its_) {
            if (it == end_) return false;
            it.skip_to(did);
            if (it == end_ || *it != did) return false;
        }
        return true;
    }

    void advance(Xapian::docid from) {
        if (from == 0) {  // past the largest docid
            at_end_ = true;
            return;
        }
        if (its_.empty()) {  // unposted terms only: every document with positions
            for (Xapian::docid c = from; c != 0; ++c) {
                c = with_positions(c);
                if (c == 0) break;
                if (matches(c)) {
                    did_ = c;
                    on_ = true;
                    return;
                }
            }
            at_end_ = true;
            return;
        }
        Xapian::docid c = from;
        for (;;) {
            bool moved = false;
            for (auto& it : its_) {
                if (it != end_) it.skip_to(c);
                if (it == end_) {
                    at_end_ = true;
                    return;
                }
                if (*it > c) {
                    c = *it;
                    moved = true;
                    break;
                }
            }
            if (moved) continue;
            if (matches(c)) {
                did_ = c;
                on_ = true;
                return;
            }
            ++c;
        }
    }

    // The first document from @p did on that has positions, or 0.
    Xapian::docid with_positions(Xapian::docid did) {
        const auto end = db_.valuestream_end(schema::slot::positions);
        if (did < value_did_)
            values_ = db_.valuestream_begin(schema::slot::positions);  // never in Xapian's order
        value_did_ = did;
        if (values_ == end) return 0;  // no document from here on has positions
        values_.skip_to(did);
        return values_ == end ? 0 : values_.get_docid();
    }

    bool matches(Xapian::docid did) {
        return with_positions(did) == did && check_.matches(*values_);
    }

    PhraseCheck check_;
    Xapian::Database db_;
    std::vector<Xapian::PostingIterator> its_;
    const Xapian::PostingIterator end_;
    Xapian::ValueIterator values_;
    Xapian::docid value_did_ = 0;  // the last document matches() read
    Xapian::doccount max_ = 0;
    Xapian::docid did_ = 0;  // the current document, or the one check() refused
    bool on_ = false;        // did_ matches
    bool at_end_ = false;
};

// The window Xapian stores is not readable through its 1.4 API but is in the description:
// "(a@1 PHRASE 3 b@2 PHRASE 3 c@3)". Terms never hold spaces, so the first " PHRASE " or
// " NEAR " is the operator's.
Xapian::termcount window_of(const Xapian::Query& q, std::string_view op) {
    const std::string d = q.get_description();
    const std::string marker = " " + std::string(op) + " ";
    const auto at = d.find(marker);
    if (at == std::string::npos) return static_cast<Xapian::termcount>(q.get_num_subqueries());
    Xapian::termcount w = 0;
    for (std::size_t i = at + marker.size(); i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i)
        w = w * 10 + static_cast<Xapian::termcount>(d[i] - '0');
    // As Xapian does, a window narrower than the terms is as wide as they are.
    return std::max(w, static_cast<Xapian::termcount>(q.get_num_subqueries()));
}

[[noreturn]] void unsupported(const Xapian::Query& q) {
    std::string d = q.get_description();
    if (d.size() > 200) d = d.substr(0, 200) + "...";  // a wildcard's thousands of terms
    throw Error(ErrorCode::query_syntax,
                "query syntax: a phrase or NEAR of other than words: " + d);
}

bool unposted(const UnpostedPtr& list, std::string_view term) {
    return list && list->find(word_of(term)) >= 0;
}

// @p matches, weighed as well by the postings @p unposted terms still have: those their
// homographs that are not stopwords give them ("sûr" and "sur", "dé" and "de").
Xapian::Query weighed(const Xapian::Query& matches, const std::vector<Xapian::Query>& unposted) {
    if (unposted.empty()) return matches;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, matches,
                         Xapian::Query(Xapian::Query::OP_OR, unposted.begin(), unposted.end()));
}

Xapian::Query rewrite(const Xapian::Query& q, const UnpostedPtr& list, bool& changed) {
    const auto op = q.get_type();
    const std::size_t n = q.get_num_subqueries();
    if (auto check = phrase_check(q, list)) {
        // A phrase, a NEAR, or a stopword left alone ("-le", or quoted): its posted terms,
        // filtered by their positions.
        std::vector<Xapian::Query> subs, unposted_subs;
        if (op == Xapian::Query::LEAF_TERM)
            unposted_subs.push_back(q);
        else
            for (std::size_t i = 0; i < n; ++i) {
                Xapian::Query s = q.get_subquery(i);
                (unposted(list, *s.get_terms_begin()) ? unposted_subs : subs).push_back(s);
            }
        changed = true;
        const Xapian::Query filter((new PositionFilter(std::move(*check)))->release());
        if (subs.empty()) return weighed(filter, unposted_subs);
        return weighed(
            Xapian::Query(Xapian::Query::OP_FILTER,
                          Xapian::Query(Xapian::Query::OP_AND, subs.begin(), subs.end()), filter),
            unposted_subs);
    }
    if (n == 0) return q;
    std::vector<Xapian::Query> subs;
    bool below = false;
    for (std::size_t i = 0; i < n; ++i) subs.push_back(rewrite(q.get_subquery(i), list, below));
    if (!below) return q;
    changed = true;
    switch (op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
            return Xapian::Query(op, subs.begin(), subs.end());
        default:
            unsupported(
                q);  // an operator with parameters the QueryParser never puts above a phrase
    }
}

}  // namespace

std::optional<PhraseCheck> phrase_check(const Xapian::Query& q, const UnpostedPtr& unposted_terms) {
    const auto op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        if (!unposted(unposted_terms, *q.get_terms_begin())) return std::nullopt;
        return PhraseCheck({*q.get_terms_begin()}, 1, true, unposted_terms);
    }
    if (op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR) return std::nullopt;
    std::vector<std::string> terms;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query s = q.get_subquery(i);
        if (s.get_type() != Xapian::Query::LEAF_TERM) unsupported(q);
        std::string t = *s.get_terms_begin();
        const bool prefixed = !t.empty() && t[0] >= 'A' && t[0] <= 'Z';
        if (t.empty() || (prefixed && !t.starts_with(schema::title.prefix))) unsupported(q);
        terms.push_back(std::move(t));
    }
    const bool ordered = op == Xapian::Query::OP_PHRASE;
    return PhraseCheck(std::move(terms), window_of(q, ordered ? "PHRASE" : "NEAR"), ordered,
                       unposted_terms);
}

Xapian::Query positional(const Xapian::Query& q,
                         const std::shared_ptr<const positions::Unposted>& unposted) {
    bool changed = false;
    return rewrite(q, unposted, changed);
}

}  // namespace veille::detail

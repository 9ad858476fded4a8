// SPDX-License-Identifier: MIT
#include "alerts/alerts.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <set>

#include "analysis/accents.hpp"
#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "core/xapian_try.hpp"
#include "schema/schema.hpp"
#include "search/phrase.hpp"
#include "search/snippet.hpp"
#include "veille/error.hpp"

namespace veille::alerts {

namespace {

using Q = Xapian::Query;
using Unposted = std::shared_ptr<const detail::positions::Unposted>;

// The date terms of a filter hold the article's date, which relative expressions read against
// the article itself: never a presearch term.
bool date_term(std::string_view t) {
    return t.starts_with(schema::year_prefix) || t.starts_with(schema::month_prefix) ||
           t.starts_with(schema::day_prefix);
}

std::string utc_now() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// The day relative dates of an alert are read against: the article's first day.
std::string reference_of(const std::string& date) {
    if (date.size() == 4) return date + "-01-01";
    if (date.size() == 7) return date + "-01";
    return date;  // a day, or none (today)
}

void check_name(const std::string& name) {
    if (name.empty()) throw Error(ErrorCode::invalid_argument, "alert name is empty");
    if (name.size() > max_alert_name_bytes)
        throw Error(ErrorCode::invalid_argument, "alert name is " + std::to_string(name.size()) +
                                                     " bytes long; at most " +
                                                     std::to_string(max_alert_name_bytes));
    if (!analysis::valid_utf8(name))
        throw Error(ErrorCode::invalid_argument, "alert name is not valid UTF-8");
    for (const char c : name)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw Error(ErrorCode::invalid_argument, "alert name holds a control character");
}

Xapian::WritableDatabase in_memory() {
    return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

}  // namespace

std::optional<std::vector<std::string>> required_terms(
    const Xapian::Query& q, const std::function<double(const std::string&)>& cost) {
    if (q.empty()) return std::vector<std::string>{};
    const auto weigh = [&](const std::vector<std::string>& ts) {
        double c = 0;
        for (const auto& t : ts) c += cost(t);
        return c;
    };
    switch (q.get_type()) {
        case Q::LEAF_TERM: {
            std::string t = *q.get_terms_begin();
            if (t.empty() || date_term(t)) return std::nullopt;
            return std::vector<std::string>{std::move(t)};
        }
        case Q::LEAF_MATCH_NOTHING:
            return std::vector<std::string>{};
        case Q::OP_AND:
        case Q::OP_FILTER:
        case Q::OP_NEAR:
        case Q::OP_PHRASE: {
            std::optional<std::vector<std::string>> best;
            double best_cost = 0;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                auto r = required_terms(q.get_subquery(i), cost);
                if (!r) continue;
                if (r->empty()) return r;
                const double c = weigh(*r);
                if (!best || c < best_cost) {
                    best = std::move(r);
                    best_cost = c;
                }
            }
            return best;
        }
        case Q::OP_AND_NOT:
        case Q::OP_AND_MAYBE:
        case Q::OP_SCALE_WEIGHT:
            return required_terms(q.get_subquery(0), cost);
        case Q::OP_OR:
        case Q::OP_XOR:
        case Q::OP_SYNONYM:
        case Q::OP_ELITE_SET:
        case Q::OP_MAX: {
            std::vector<std::string> all;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                auto r = required_terms(q.get_subquery(i), cost);
                if (!r) return std::nullopt;
                all.insert(all.end(), r->begin(), r->end());
            }
            std::sort(all.begin(), all.end());
            all.erase(std::unique(all.begin(), all.end()), all.end());
            return all;
        }
        default:  // MatchAll, value ranges, posting sources: any document may match
            return std::nullopt;
    }
}

// ---- the stored form ----

std::string match_key(std::uint64_t sequence) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(sequence));
    return std::string(schema::match_prefix) + hex;
}

namespace {
constexpr char match_format = 1;

void put(std::string& out, std::string_view s) {
    detail::put_varint(out, s.size());
    out += s;
}
}  // namespace

namespace {
// The words a Found keeps ("prefix*" for a wildcard) as the terms a snippet marks.
detail::SnippetTerms snippet_terms_of(const std::vector<std::string>& words) {
    detail::SnippetTerms st;
    for (const auto& w : words) {
        if (w.ends_with('*'))
            st.prefixes.push_back(w.substr(0, w.size() - 1));
        else
            st.terms.insert(w);
    }
    return st;
}
}  // namespace

std::string encode(const std::string& id, const std::string& recorded, const Found& f) {
    std::string out(1, match_format);
    for (const std::string* t : {&f.alert, &id, &recorded}) put(out, *t);
    for (const auto* list : {&f.persons, &f.words}) {
        detail::put_varint(out, list->size());
        for (const auto& t : *list) put(out, t);
    }
    return out;
}

Recorded decode(std::string_view value, std::uint64_t sequence) {
    const auto damaged = [&] {
        return Error(ErrorCode::corrupt,
                     "alert match " + std::to_string(sequence) + " is damaged in the index");
    };
    if (value.empty() || value[0] != match_format) throw damaged();
    std::size_t i = 1;
    const auto text = [&](std::string& to) {
        const auto n = detail::get_varint(value, i);
        if (!n || *n > value.size() - i) throw damaged();
        to.assign(value.substr(i, *n));
        i += *n;
    };
    const auto list = [&](std::vector<std::string>& to) {
        const auto count = detail::get_varint(value, i);
        if (!count || *count > value.size()) throw damaged();
        to.resize(*count);
        for (auto& t : to) text(t);
    };
    Recorded r;
    r.match.sequence = sequence;
    for (std::string* t : {&r.match.alert, &r.match.id, &r.match.recorded}) text(*t);
    list(r.match.persons);
    std::vector<std::string> words;
    list(words);
    if (i != value.size()) throw damaged();
    r.terms = snippet_terms_of(words);
    return r;
}

namespace {
// Snippets of alerts are plain text: the marks are French quotes.
const SnippetOptions alert_marks{200, "«", "»", false};

void fill(AlertMatch& m, const detail::SnippetTerms& terms, const Document& doc,
          analysis::Analyzer& analyzer) {
    m.title = doc.title;
    m.source = doc.source;
    m.date = doc.date;
    m.url = doc.url;
    const std::string& text = doc.body.empty() ? doc.title : doc.body;
    m.snippet = detail::make_snippet(analyzer, analysis::nfc(text), terms, alert_marks);
}
}  // namespace

AlertMatch complete(const Found& f, const Document& doc, analysis::Analyzer& analyzer) {
    AlertMatch m;
    m.alert = f.alert;
    m.id = doc.id;
    m.persons = f.persons;
    fill(m, snippet_terms_of(f.words), doc, analyzer);
    return m;
}

void complete(Recorded& r, const Document& doc, analysis::Analyzer& analyzer) {
    fill(r.match, r.terms, doc, analyzer);
}

std::vector<Alert> read_alerts(const Xapian::Database& home) {
    std::vector<Alert> out;
    const std::string prefix(schema::alert_prefix);
    for (auto k = home.metadata_keys_begin(prefix); k != home.metadata_keys_end(prefix); ++k)
        out.push_back({(*k).substr(prefix.size()), home.get_metadata(*k)});
    return out;
}

std::vector<Recorded> read_matches(const Xapian::Database& home, std::uint64_t since,
                                   std::size_t limit, const std::string& alert) {
    std::vector<Recorded> out;
    const std::string prefix(schema::match_prefix);
    if (since == ~std::uint64_t{0}) return out;
    auto k = home.metadata_keys_begin(prefix);
    k.skip_to(match_key(since + 1));
    for (; k != home.metadata_keys_end(prefix); ++k) {
        const std::string key = *k;
        std::uint64_t seq = 0;
        const char* b = key.data() + prefix.size();
        const auto [end, ec] = std::from_chars(b, key.data() + key.size(), seq, 16);
        if (ec != std::errc() || end != key.data() + key.size() || seq <= since) continue;
        Recorded r = decode(home.get_metadata(key), seq);
        if (!alert.empty() && r.match.alert != alert) continue;
        out.push_back(std::move(r));
        if (limit != 0 && out.size() >= limit) break;
    }
    return out;
}

// ---- the writer's book ----

Book::Book(std::string index, const std::string& home)
    : index_(std::move(index)), bare_(in_memory()) {
    detail::xapian_try("reading the alerts of index '" + index_ + "'", [&] {
        const Xapian::Database h(home);
        for (const char* key : {schema::person_aliases_key.data(), schema::unposted_key.data()})
            bare_.set_metadata(key, h.get_metadata(key));
        const std::string next = h.get_metadata(std::string(schema::match_next_key));
        if (!next.empty()) {
            const auto [end, ec] = std::from_chars(next.data(), next.data() + next.size(), next_);
            if (ec != std::errc() || end != next.data() + next.size() || next_ == 0)
                throw Error(ErrorCode::corrupt, "index '" + index_ + "': damaged " +
                                                    std::string(schema::match_next_key));
        }
        taken_next_ = next_;
        std::lock_guard lock(mutex_);
        for (auto& a : read_alerts(h)) defs_.emplace(a.name, compile(a, reader()));
    });
}

Xapian::Database& Book::reader() {
    if (!reader_) reader_.emplace(index_);
    return *reader_;
}

Compiled Book::compile(const Alert& alert, const Xapian::Database& index) {
    Compiled c;
    c.alert = alert;
    c.slot =
        slots_.try_emplace(alert.name, static_cast<std::uint32_t>(slots_.size())).first->second;
    c.version = ++versions_;
    const detail::QueryOptions today{{}, false};
    // As a search parses it: the syntax checked, the accent keys its words read.
    const detail::ParsedQuery pq = queries_.parse(index, alert.query, {}, today);
    if (pq.nothing || !(pq.has_text || !pq.filters.empty()))
        throw Error(ErrorCode::query_syntax,
                    "alert '" + alert.name + "': the query would match " +
                        (pq.nothing ? "nothing (its words are all stopwords)" : "every article"),
                    "Give the alert words or filters.");
    c.wildcards = !pq.wildcard_prefixes.empty();
    for (const auto& u : pq.uses) c.dated = c.dated || u.field == schema::date.name;
    c.accent_keys = pq.accent_keys;
    std::sort(c.accent_keys.begin(), c.accent_keys.end());
    c.accent_keys.erase(std::unique(c.accent_keys.begin(), c.accent_keys.end()),
                        c.accent_keys.end());

    // The presearch, from the parse against the bare database: each word's term and
    // accent-less stem, each wildcard's pattern. The rarest side of each AND in the index.
    const detail::ParsedQuery bare = queries_.parse(bare_, alert.query, {}, today);
    const auto required = required_terms(bare.full(), [&](const std::string& t) {
        return 1.0 + static_cast<double>(index.get_termfreq(t));
    });
    if (!required) {
        c.always = true;
        return c;
    }
    c.never = required->empty();
    const std::string title(schema::title.prefix);
    for (const auto& t : *required) {
        bool pattern = false;
        for (const auto& p : bare.wildcard_prefixes) pattern = pattern || t == p || t == title + p;
        (pattern ? c.prefixes : c.terms).push_back(t);
    }
    // The accent map's terms for the keys required: an accent-less article word reaches the
    // group through them (analysis/accents.hpp).
    std::set<std::string> more;
    for (const auto& key : bare.accent_keys)
        for (const std::string& p : {std::string(), title})
            if (std::find(c.terms.begin(), c.terms.end(), p + key) != c.terms.end())
                for (const auto& t : analysis::accented_terms(index, key)) more.insert(p + t);
    c.terms.insert(c.terms.end(), more.begin(), more.end());
    return c;
}

void Book::rebuild() const {
    auto s = std::make_shared<Set>();
    s->epoch = epoch_;
    s->slots = static_cast<std::uint32_t>(slots_.size());
    for (const auto& [name, c] : defs_) {
        const auto i = static_cast<std::uint32_t>(s->alerts.size());
        s->alerts.push_back(c);
        if (c.never) continue;
        if (c.always) s->always.push_back(i);
        for (const auto& t : c.terms) s->by_term[detail::fnv1a64(t)].push_back(i);
        for (const auto& p : c.prefixes) {
            s->by_prefix[p].push_back(i);
            s->longest_prefix = std::max(s->longest_prefix, p.size());
        }
    }
    std::size_t bits = 1024;
    while (bits < 16 * s->by_term.size()) bits *= 2;
    s->term_bits.assign(bits / 64, 0);
    for (const auto& [h, _] : s->by_term) {
        const std::size_t bit = h & (bits - 1);
        s->term_bits[bit / 64] |= 1ULL << (bit % 64);
    }
    // An alert keyed twice (a term and its title form) is a candidate once: Matcher stamps.
    set_ = std::move(s);
    dirty_ = false;
}

const std::vector<std::uint32_t>* Set::requiring(std::string_view term) const {
    if (term_bits.empty()) return nullptr;
    const std::uint64_t h = detail::fnv1a64(term);
    const std::size_t bit = h & (term_bits.size() * 64 - 1);
    if (!(term_bits[bit / 64] & (1ULL << (bit % 64)))) return nullptr;
    const auto it = by_term.find(h);
    return it == by_term.end() ? nullptr : &it->second;
}

void Book::set(const Alert& alert) {
    check_name(alert.name);
    if (alert.query.empty())
        throw Error(ErrorCode::invalid_argument, "alert '" + alert.name + "': the query is empty",
                    "Give the alert words or filters.");
    std::lock_guard lock(mutex_);
    reader().reopen();  // cheap: the writer committed since, or not
    Compiled c = detail::xapian_try("storing alert '" + alert.name + "'",
                                    [&] { return compile(alert, reader()); });
    defs_.insert_or_assign(alert.name, std::move(c));
    changed_[alert.name] = true;
    dirty_ = true;
}

bool Book::remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    if (defs_.erase(name) == 0) return false;
    changed_[name] = false;
    dirty_ = true;
    return true;
}

std::vector<Alert> Book::list() const {
    std::lock_guard lock(mutex_);
    std::vector<Alert> out;
    for (const auto& [name, c] : defs_) out.push_back(c.alert);
    return out;
}

std::shared_ptr<const Set> Book::current() const {
    std::lock_guard lock(mutex_);
    if (dirty_) rebuild();
    return set_;
}

bool Book::empty() const {
    std::lock_guard lock(mutex_);
    return defs_.empty();
}

std::size_t Book::record(const std::string& id, std::vector<Found> matches) {
    std::size_t bytes = 0;
    for (const auto& f : matches) {
        bytes += 64 + id.size() + f.alert.size();  // the entry, its key, its strings
        for (const auto& w : f.words) bytes += 16 + w.size();
        for (const auto& p : f.persons) bytes += 16 + p.size();
    }
    std::lock_guard lock(mutex_);
    if (const auto it = pending_at_.find(id); it != pending_at_.end()) {
        pending_[it->second].second = std::move(matches);
        return bytes;
    }
    if (matches.empty()) return 0;
    pending_at_.emplace(id, pending_.size());
    pending_.emplace_back(id, std::move(matches));
    return bytes;
}

void Book::forget(const std::string& id) {
    std::lock_guard lock(mutex_);
    if (const auto it = pending_at_.find(id); it != pending_at_.end())
        pending_[it->second].second.clear();
}

void Book::accents_added(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::lock_guard lock(mutex_);
    if (defs_.empty()) return;
    for (const auto& p : pairs) accent_keys_.insert(p.first);
}

std::vector<std::pair<std::string, std::string>> Book::changes() {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, std::string>> kv;
    taken_changed_ = changed_;
    for (const auto& [name, stored] : changed_)
        kv.emplace_back(std::string(schema::alert_prefix) + name,
                        stored ? defs_.at(name).alert.query : std::string());
    std::uint64_t seq = next_;
    const std::string recorded = utc_now();
    for (const auto& [id, matches] : pending_)
        for (const auto& f : matches) {
            kv.emplace_back(match_key(seq), encode(id, recorded, f));
            ++seq;
        }
    taken_matches_ = pending_.size();
    taken_next_ = seq;
    if (seq != next_) kv.emplace_back(std::string(schema::match_next_key), std::to_string(seq));
    return kv;
}

void Book::committed() {
    std::lock_guard lock(mutex_);
    for (const auto& [name, stored] : taken_changed_)
        if (auto it = changed_.find(name); it != changed_.end() && it->second == stored)
            changed_.erase(it);
    taken_changed_.clear();
    pending_.erase(pending_.begin(),
                   pending_.begin() + static_cast<std::ptrdiff_t>(taken_matches_));
    taken_matches_ = 0;
    pending_at_.clear();
    for (std::size_t i = 0; i < pending_.size(); ++i) pending_at_[pending_[i].first] = i;
    next_ = taken_next_;
    // New accent map entries for words of alerts: their groups and presearch terms grow.
    if (accent_keys_.empty()) return;
    std::vector<std::string> touched;
    for (const auto& [name, c] : defs_)
        for (const auto& k : c.accent_keys)
            if (accent_keys_.contains(k)) {
                touched.push_back(name);
                break;
            }
    accent_keys_.clear();
    if (touched.empty()) return;
    detail::xapian_try("refreshing the alerts of index '" + index_ + "'", [&] {
        reader().reopen();
        for (const auto& name : touched) {
            auto& c = defs_.at(name);
            c = compile(c.alert, reader());
        }
    });
    ++epoch_;
    dirty_ = true;
}

void Book::count(std::uint64_t candidates, std::uint64_t matches) {
    documents_.fetch_add(1, std::memory_order_relaxed);
    candidates_.fetch_add(candidates, std::memory_order_relaxed);
    matches_.fetch_add(matches, std::memory_order_relaxed);
}

Counts Book::counts() const {
    return {documents_.load(std::memory_order_relaxed), candidates_.load(std::memory_order_relaxed),
            matches_.load(std::memory_order_relaxed)};
}

// ---- matching ----

namespace {

// A query of terms, phrases and boolean operators, evaluated on the article's sorted terms
// and its positions value: what Xapian's matcher would answer on a database of that one
// article (its postings are the article's terms), without building one. The query is read
// as parsed with QueryOptions::positional false: phrases and NEAR as Xapian's operators,
// checked as search/phrase.hpp checks them. Value ranges and posting sources go to Xapian.
struct Node {
    enum Kind { term, all, none, all_of, any_of, first_not_rest, odd_of, phrase } kind = none;
    std::string text;
    std::vector<Node> kids;
    std::shared_ptr<detail::PhraseCheck> check;  // a phrase's; scratch inside: one Matcher's
};

// What eval() reads of an article.
struct Article {
    const std::vector<std::string>& terms;  // sorted
    std::string_view positions;             // the positions value
};

std::optional<Node> boolean_of(const Xapian::Query& q, const Unposted& unposted) {
    Node n;
    if (q.empty()) return n;  // MatchNothing
    if (auto check = detail::phrase_check(q, unposted)) {
        n.kind = Node::phrase;
        n.check = std::make_shared<detail::PhraseCheck>(std::move(*check));
        return n;
    }
    const auto kids = [&](Node::Kind kind, std::size_t count) -> std::optional<Node> {
        n.kind = kind;
        for (std::size_t i = 0; i < count; ++i) {
            auto k = boolean_of(q.get_subquery(i), unposted);
            if (!k) return std::nullopt;
            n.kids.push_back(std::move(*k));
        }
        return n;
    };
    switch (q.get_type()) {
        case Q::LEAF_TERM:
            n.text = *q.get_terms_begin();
            n.kind = n.text.empty() ? Node::all : Node::term;
            return n;
        case Q::LEAF_MATCH_ALL:
            n.kind = Node::all;
            return n;
        case Q::LEAF_MATCH_NOTHING:
            return n;
        case Q::OP_AND:
        case Q::OP_FILTER:
            return kids(Node::all_of, q.get_num_subqueries());
        case Q::OP_OR:
        case Q::OP_SYNONYM:
        case Q::OP_MAX:
            return kids(Node::any_of, q.get_num_subqueries());
        case Q::OP_AND_NOT:
            return kids(Node::first_not_rest, q.get_num_subqueries());
        case Q::OP_XOR:
            return kids(Node::odd_of, q.get_num_subqueries());
        case Q::OP_AND_MAYBE:
        case Q::OP_SCALE_WEIGHT:
            return boolean_of(q.get_subquery(0), unposted);
        default:
            return std::nullopt;
    }
}

// A condition every matching article meets, for a query boolean_of() cannot read: its terms
// and operators, each other leaf (a phrase's positions, a value range) read as true, which
// only holds where no NOT or XOR stands above it.
Node necessary_of(const Xapian::Query& q, const Unposted& unposted) {
    if (auto exact = boolean_of(q, unposted)) return std::move(*exact);
    Node n;
    n.kind = Node::all;
    switch (q.get_type()) {
        case Q::OP_AND:
        case Q::OP_FILTER:
            n.kind = Node::all_of;
            break;
        case Q::OP_OR:
        case Q::OP_SYNONYM:
        case Q::OP_MAX:
            n.kind = Node::any_of;
            break;
        case Q::OP_AND_NOT:
        case Q::OP_AND_MAYBE:
        case Q::OP_SCALE_WEIGHT:
            return necessary_of(q.get_subquery(0), unposted);
        default:
            return n;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        n.kids.push_back(necessary_of(q.get_subquery(i), unposted));
    return n;
}

bool holds(const std::vector<std::string>& terms, const std::string& t) {
    return std::binary_search(terms.begin(), terms.end(), t);
}

bool eval(const Node& n, const Article& a) {
    switch (n.kind) {
        case Node::term:
            return holds(a.terms, n.text);
        case Node::phrase:
            return std::all_of(n.check->posted().begin(), n.check->posted().end(),
                               [&](const std::string& t) { return holds(a.terms, t); }) &&
                   n.check->matches(a.positions);
        case Node::all:
            return true;
        case Node::none:
            return false;
        case Node::all_of:
            return std::all_of(n.kids.begin(), n.kids.end(),
                               [&](const Node& k) { return eval(k, a); });
        case Node::any_of:
            return std::any_of(n.kids.begin(), n.kids.end(),
                               [&](const Node& k) { return eval(k, a); });
        case Node::first_not_rest:
            if (n.kids.empty() || !eval(n.kids[0], a)) return false;
            return std::none_of(n.kids.begin() + 1, n.kids.end(),
                                [&](const Node& k) { return eval(k, a); });
        case Node::odd_of: {
            std::size_t on = 0;
            for (const auto& k : n.kids) on += eval(k, a) ? 1 : 0;
            return on % 2 == 1;
        }
    }
    return false;
}

}  // namespace

struct Matcher::Entry {
    std::uint64_t version = 0;
    std::string day;
    std::optional<Node> fast;  // the query, when eval() reads all of it
    Node necessary;            // otherwise, what an article must hold before Xapian runs it,
    Xapian::Query query;       // and what Xapian runs
    // The words a match keeps: each term a snippet marks and its title form, each wildcard.
    std::vector<std::array<std::string, 2>> words;
    std::vector<std::string> wildcards;       // "prefix*"
    std::unordered_set<std::string> persons;  // XP terms of the query
};

Matcher::Matcher(std::string index) : index_(std::move(index)), article_(in_memory()) {}
Matcher::~Matcher() = default;

void Matcher::open_reader() {
    try {
        if (reader_)
            reader_->reopen();
        else
            reader_.emplace(index_);
    } catch (const Xapian::DatabaseOpeningError&) {
        reader_.emplace(in_memory());  // not created yet: nothing to read
    }
}

const Matcher::Entry& Matcher::query_of(const Compiled& c, const std::string& day,
                                        const Xapian::Database* with_article) {
    if (cache_.size() <= c.slot) cache_.resize(c.slot + 1);
    auto& slot = cache_[c.slot];
    if (!with_article && slot && slot->version == c.version && slot->day == day) return *slot;
    auto e = std::make_unique<Entry>();
    e->version = c.version;
    e->day = day;
    const auto parse = [&] {
        detail::QueryOptions options{day, false};
        options.positional = false;
        return queries_.parse(with_article ? *with_article : *reader_, c.alert.query, {}, options);
    };
    detail::ParsedQuery pq;
    try {
        try {
            pq = parse();
        } catch (const Xapian::DatabaseModifiedError&) {
            throw Error(ErrorCode::io, "the index changed");
        }
    } catch (const Error&) {
        // The writer committed twice since the reader opened (QueryBuilder translated
        // Xapian's DatabaseModifiedError): the index as it is now. Another error comes again.
        reader_->reopen();
        pq = parse();
    }
    const Xapian::Query query = pq.full();
    e->fast = boolean_of(query, pq.unposted);
    if (!e->fast) {
        e->necessary = necessary_of(query, pq.unposted);
        e->query = detail::positional(query, pq.unposted);
    }
    auto marked = detail::snippet_terms(pq);
    for (const auto& t : marked.terms)
        e->words.push_back({t, std::string(schema::title.prefix) + t});
    for (const auto& p : marked.prefixes) e->wildcards.push_back(p + "*");
    const std::string person(schema::person.prefix);
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        if ((*t).starts_with(person)) e->persons.insert(*t);
    if (with_article) {
        once_ = std::move(e);
        return *once_;
    }
    slot = std::move(e);
    return *slot;
}

std::vector<std::uint32_t> Matcher::candidates(const Set& set, const Xapian::Document& built,
                                               std::vector<std::string>& terms) {
    if (seen_.size() < set.alerts.size()) seen_.resize(set.alerts.size(), 0);
    if (++stamp_ == 0) {
        std::fill(seen_.begin(), seen_.end(), 0);
        stamp_ = 1;
    }
    std::vector<std::uint32_t> candidates;
    const auto take = [&](const std::vector<std::uint32_t>& v) {
        for (const auto i : v)
            if (seen_[i] != stamp_) {
                seen_[i] = stamp_;
                candidates.push_back(i);
            }
    };
    terms.clear();  // sorted: a termlist is in term order
    for (auto t = built.termlist_begin(); t != built.termlist_end(); ++t) {
        terms.push_back(*t);
        const std::string& term = terms.back();
        if (const auto* alerts = set.requiring(term)) take(*alerts);
        const std::size_t longest = std::min(term.size(), set.longest_prefix);
        for (std::size_t n = 1; n <= longest; ++n)
            if (const auto it = set.by_prefix.find(term.substr(0, n)); it != set.by_prefix.end())
                take(it->second);
    }
    take(set.always);
    std::sort(candidates.begin(), candidates.end());
    return candidates;
}

std::pair<std::vector<Found>, std::uint64_t> Matcher::match(const Set& set, const Document& doc,
                                                            const Xapian::Document& built) {
    std::vector<Found> out;
    if (set.alerts.empty()) return {out, 0};
    std::vector<std::string> terms;  // sorted: a termlist is in term order
    const std::vector<std::uint32_t> candidates = this->candidates(set, built, terms);
    if (candidates.empty()) return {out, 0};

    if (epoch_ != set.epoch) {
        // Alerts were parsed again against a commit's accent map: their versions changed,
        // and their entries here are parsed again, against the index as it is now.
        open_reader();
        epoch_ = set.epoch;
    }
    bool loaded = false;  // article_ holds this article
    const auto load = [&] {
        if (loaded) return;
        if (holds_)
            article_.replace_document(1, built);
        else
            article_.add_document(built);
        holds_ = loaded = true;
    };
    const std::string positions = built.get_value(schema::slot::positions);
    const Article article{terms, positions};
    std::optional<Xapian::Database> both;  // the index and the article, for wildcards
    const std::string day = reference_of(doc.date);
    for (const auto i : candidates) {
        const Compiled& c = set.alerts[i];
        if (c.wildcards && !both) {
            load();
            both.emplace(*reader_);
            both->add_database(article_);
        }
        const Entry& e = query_of(c, c.dated ? day : std::string(), c.wildcards ? &*both : nullptr);
        if (e.fast) {
            if (!eval(*e.fast, article)) continue;
        } else {
            if (!eval(e.necessary, article)) continue;
            load();
            Xapian::Enquire enquire(article_);
            enquire.set_weighting_scheme(Xapian::BoolWeight());
            enquire.set_query(e.query);
            if (enquire.get_mset(0, 1).empty()) continue;
        }
        Found f;
        f.alert = c.alert.name;
        for (const auto& [t, in_title] : e.words)
            if (holds(terms, t) || holds(terms, in_title)) f.words.push_back(t);
        f.words.insert(f.words.end(), e.wildcards.begin(), e.wildcards.end());
        if (!e.persons.empty()) {
            // The persons value: "key\x1Fdisplay" pairs (schema.hpp).
            const std::string person(schema::person.prefix);
            schema::each_person(built.get_value(schema::slot::persons), [&](std::string_view pair) {
                const auto sep = pair.find(schema::pair_sep);
                if (sep != std::string_view::npos &&
                    e.persons.contains(person + std::string(pair.substr(0, sep))))
                    f.persons.emplace_back(pair.substr(sep + 1));
            });
        }
        out.push_back(std::move(f));
    }
    return {out, candidates.size()};
}

}  // namespace veille::alerts

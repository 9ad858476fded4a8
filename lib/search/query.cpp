// SPDX-License-Identifier: MIT
#include "search/query.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "analysis/accents.hpp"
#include "analysis/text.hpp"
#include "core/xapian_try.hpp"
#include "dates/french_dates.hpp"
#include "persons/person_index.hpp"
#include "schema/schema.hpp"
#include "search/phrase.hpp"

#include <unicode/uchar.h>

namespace veille::detail {

namespace {

// Lets Xapian's QueryParser produce exactly the terms the indexer writes: it hands us each
// word lower-cased, we apply elision, stemming and folding.
class FrenchStem : public Xapian::StemImplementation {
public:
    explicit FrenchStem(analysis::Analyzer& a) : analyzer_(a) {}
    std::string operator()(const std::string& word) override { return analyzer_.term(word); }
    std::string get_description() const override { return "veille-french"; }

private:
    analysis::Analyzer& analyzer_;
};

bool is_space(char32_t c) {
    return u_isUWhiteSpace(static_cast<UChar32>(c)) || c == U'\u00A0' || c == U'\u202F';
}

// NFC; apostrophe variants become ', guillemets become phrase quotes, odd spaces become spaces.
std::string prepare(std::string_view query) {
    const std::string n = analysis::nfc(query);
    std::string out;
    out.reserve(n.size());
    for (std::size_t i = 0; i < n.size();) {
        const std::size_t start = i;
        const char32_t c = analysis::next_code_point(n, i);
        if (analysis::is_apostrophe(c))
            out += '\'';
        else if (c == U'«' || c == U'»' || c == U'\u201C' || c == U'\u201D')
            out += '"';
        else if (c != U' ' && is_space(c))
            out += ' ';
        else
            out.append(n, start, i - start);
    }
    return out;
}

// Whether the code point at byte @p i of @p q is a word character (analysis/text.hpp); sets
// @p next to the byte after it.
bool word_at(std::string_view q, std::size_t i, std::size_t& next) {
    next = i;
    return analysis::is_word_char(analysis::next_code_point(q, next));
}

// Placeholders: one private-use code point per filter value of the text (see protect()).
constexpr char32_t placeholder_base = 0xE000;
constexpr std::size_t max_placeholders = 0x1800;
// Field names the QueryParser also knows, each matching every document: `anchor` stands
// before each '-' that starts a term, because Xapian 1.4 cannot parse a group of hated items
// alone ("-source:X", "chat OR -chien": "Can't just hate") and then silently reparses the
// query without operators, so "-source:X" meant "source:X". `start` begins the text: its
// processor runs once per parse, so a second call tells that Xapian fell back to that
// reparse, which veille reports as a syntax error instead.
constexpr std::string_view anchor_field = "veilleanchor";
constexpr std::string_view start_field = "veillestart";
constexpr char32_t marker = 0xF8FF;

// Whether a term may start at q[i], as Xapian's lexer reads it for a field name: at the start,
// after a space or '(', or after a '+' or '-' that stands there itself. After other
// punctuation Xapian may see a field too (the processor then gets the value as written), but
// never after a letter or a phrase character ("a.source:x" is the phrase "a source x").
bool term_start(const std::string& q, std::size_t i) {
    const auto boundary = [&](std::size_t k) {  // q[k - 1] ends nothing
        return k == 0 || q[k - 1] == ' ' || q[k - 1] == '\t' || q[k - 1] == '(';
    };
    if (boundary(i)) return true;
    return (q[i - 1] == '+' || q[i - 1] == '-') && boundary(i - 1);
}

struct Protected {
    std::string text;                 // filter values replaced by placeholders, anchors added
    std::string words;                // filters blanked: the free text alone
    std::vector<std::string> values;  // by placeholder
};

// The text rewrites done before the QueryParser (elision, wildcards, synonyms) work on
// words, and a filter's value is not words ("L'Équipe" keeps its article, a synonym never
// expands inside a person's name). So each `field:value` and `field:"a value"` that Xapian's
// lexer will read as a boolean field (outside phrases, at the start of a term) has its value
// replaced in place by a placeholder, which the field's processor reads back: where the
// filter stands in the grammar does not change.
Protected protect(const std::string& q) {
    Protected out;
    out.text.reserve(q.size() + 16);
    out.words.reserve(q.size());
    bool in_phrase = false;
    std::size_t i = 0;
    while (i < q.size()) {
        if (!in_phrase && term_start(q, i)) {
            if (q[i] == '-' && i + 1 < q.size() && q[i + 1] != ' ') {
                out.text += std::string(anchor_field) + ':';
                analysis::append_utf8(out.text, marker);
                out.text += ' ';
            }
            const schema::Field* field = nullptr;
            for (const auto& f : schema::fields) {
                const std::size_t n = f.name.size();
                if (schema::is_filter(f) && q.compare(i, n, f.name) == 0 && i + n + 1 < q.size() &&
                    q[i + n] == ':' && static_cast<unsigned char>(q[i + n + 1]) > ' ' &&
                    q[i + n + 1] != ')')
                    field = &f;
            }
            if (field != nullptr) {
                std::size_t k = i + field->name.size() + 1;
                std::string value;
                if (q[k] == '"') {
                    // Quoted: anything up to the closing quote, "" standing for one quote.
                    for (++k;; ++k) {
                        if (k >= q.size())
                            throw Error(ErrorCode::query_syntax,
                                        "query syntax: unterminated quote in " + q.substr(i, 40));
                        if (q[k] == '"') {
                            if (k + 1 < q.size() && q[k + 1] == '"') {
                                value += '"';
                                ++k;
                                continue;
                            }
                            ++k;
                            break;
                        }
                        value += q[k];
                    }
                } else {
                    while (k < q.size() && static_cast<unsigned char>(q[k]) > ' ' && q[k] != ')')
                        value += q[k++];
                }
                if (out.values.size() == max_placeholders)
                    throw Error(
                        ErrorCode::query_syntax,
                        "query syntax: more than " + std::to_string(max_placeholders) + " filters");
                out.text += std::string(field->name) + ':';
                analysis::append_utf8(out.text,
                                      placeholder_base + static_cast<char32_t>(out.values.size()));
                out.values.push_back(std::move(value));
                out.words.append(k - i, ' ');
                i = k;
                continue;
            }
        }
        if (q[i] == '"') in_phrase = !in_phrase;
        out.text += q[i];
        out.words += q[i];
        ++i;
    }
    return out;
}

// Removes elided articles at the start of words ("l'intelligence" -> "intelligence") and folds
// the prefix of wildcards ("Réalis*" -> "realis*"), which the QueryParser does not stem.
std::string rewrite_words(const std::string& q, std::vector<std::string>& wildcards) {
    std::string out;
    out.reserve(q.size());
    std::size_t i = 0;
    while (i < q.size()) {
        std::size_t next = 0;
        if (!word_at(q, i, next)) {
            out.append(q, i, next - i);
            i = next;
            continue;
        }
        // A word, with the apostrophes prepare() made plain: "l'intelligence".
        std::size_t j = next;
        while (j < q.size()) {
            if (q[j] == '\'') {
                ++j;
                continue;
            }
            if (!word_at(q, j, next)) break;
            j = next;
        }
        std::string_view word = std::string_view(q).substr(i, j - i);
        // "title:" and other field names stay as they are.
        if (j < q.size() && q[j] == ':') {
            out += word;
            i = j;
            continue;
        }
        word = analysis::strip_elisions(word);
        if (j < q.size() && q[j] == '*') {
            wildcards.push_back(analysis::folded(word));
            out += wildcards.back();
        } else {
            out += word;
        }
        i = j;
    }
    return out;
}

// The most XORs on one path from the root of @p q to a leaf.
std::size_t xor_depth(const Xapian::Query& q) {
    std::size_t below = 0;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        below = std::max(below, xor_depth(q.get_subquery(i)));
    return below + (q.get_type() == Xapian::Query::OP_XOR ? 1 : 0);
}

// The QueryParser gets no Stopper: with one, Xapian 1.4 dereferences a null subquery, and
// crashes, on a loved or hated bracket of stopwords only after another signed term
// ("chat -x -(de, la)"), and it turns "le -chat" into "chat". Stopwords are dropped from the
// parsed tree instead, as the Stopper means to: beside other words, but not in phrases nor
// when a lone word is hated ("-le").
struct Stripped {
    Xapian::Query q;
    bool stopwords = false;  // only stopwords: q unchanged, for the parent to drop
};

template <class IsStopword>
Stripped strip_stopwords(const Xapian::Query& q, const IsStopword& is_stopword) {
    using Q = Xapian::Query;
    const auto op = q.get_type();
    const std::size_t n = q.get_num_subqueries();
    if (op == Q::LEAF_TERM) return {q, is_stopword(*q.get_terms_begin())};
    if (op == Q::OP_FILTER) {  // "le source:X": the filter alone
        std::vector<Q> subs;
        const Stripped base = strip_stopwords(q.get_subquery(0), is_stopword);
        subs.push_back(base.stopwords ? match_all() : base.q);
        for (std::size_t i = 1; i < n; ++i) subs.push_back(q.get_subquery(i));
        return {Q(op, subs.begin(), subs.end())};
    }
    if (op == Q::OP_AND_NOT) {
        std::vector<Q> subs;
        const Stripped base = strip_stopwords(q.get_subquery(0), is_stopword);
        subs.push_back(base.stopwords ? match_all() : base.q);
        for (std::size_t i = 1; i < n; ++i) {
            const Q hated = q.get_subquery(i);
            Stripped s = strip_stopwords(hated, is_stopword);
            if (!s.stopwords || hated.get_type() == Q::LEAF_TERM) subs.push_back(std::move(s.q));
        }
        return {Q(op, subs.begin(), subs.end())};
    }
    if (op != Q::OP_AND && op != Q::OP_OR && op != Q::OP_XOR && op != Q::OP_SYNONYM) return {q};
    std::vector<Q> kept;
    for (std::size_t i = 0; i < n; ++i) {
        Stripped s = strip_stopwords(q.get_subquery(i), is_stopword);
        if (!s.stopwords) kept.push_back(std::move(s.q));
    }
    if (kept.empty()) return {q, true};
    return {Q(op, kept.begin(), kept.end())};
}

// What the filter processors saw during one parse.
struct ParseState {
    const std::vector<std::string>* values = nullptr;  // Protected::values
    const PersonAliases* aliases = nullptr;
    std::string reference_date;
    struct Seen {
        FilterUse use;
        std::string query;  // serialised, to find the filter in the parsed tree
    };
    std::vector<Seen> seen;
    std::optional<Error> error;  // the first; thrown once Xapian has returned
    int starts = 0;

    // The value written for @p raw: a placeholder's, or @p raw itself (a field that
    // protect() did not see as one, which Xapian did: it gets its value as written).
    std::string value_of(const std::string& raw) const {
        std::size_t i = 0;
        const char32_t c = analysis::next_code_point(raw, i);
        if (i == raw.size() && c >= placeholder_base && c - placeholder_base < values->size())
            return (*values)[c - placeholder_base];
        return raw;
    }
};

// A filter field of the schema as a boolean prefix of the QueryParser. Errors are kept for
// after the parse rather than thrown through Xapian's parser.
class FilterProcessor final : public Xapian::FieldProcessor {
public:
    FilterProcessor(std::string_view field, ParseState& state) : field_(field), state_(state) {}

    Xapian::Query operator()(const std::string& raw) override {
        std::string value = state_.value_of(raw);
        try {
            Xapian::Query q = filter_query(field_, value, *state_.aliases, state_.reference_date);
            state_.seen.push_back({{std::string(field_), std::move(value), false}, q.serialise()});
            return q;
        } catch (const Error& e) {
            if (!state_.error) state_.error = e;
            return Xapian::Query::MatchNothing;
        }
    }

private:
    std::string_view field_;
    ParseState& state_;
};

// The anchor and start fields: every document.
class EverythingProcessor final : public Xapian::FieldProcessor {
public:
    explicit EverythingProcessor(int* calls = nullptr) : calls_(calls) {}
    Xapian::Query operator()(const std::string&) override {
        if (calls_ != nullptr) ++*calls_;
        return match_all();
    }

private:
    int* calls_;
};

bool is_match_all(const Xapian::Query& q) { return q.get_type() == Xapian::Query::LEAF_MATCH_ALL; }

// The filter field every leaf of @p q belongs to, or "" when they are not all of one filter
// field (a word, a phrase, a mix of fields). A filter_query() is a prefixed term or, for
// date spans, a comparison of the date values: no other part of a parsed query compares
// values.
std::string_view field_of(const Xapian::Query& q) {
    using Q = Xapian::Query;
    switch (q.get_type()) {
        case Q::LEAF_TERM: {
            const std::string term = *q.get_terms_begin();
            for (const auto& f : schema::fields)
                if (f.kind == schema::Kind::filter && term.starts_with(f.prefix)) return f.name;
            for (const auto p : {schema::year_prefix, schema::month_prefix, schema::day_prefix})
                if (term.starts_with(p)) return schema::date.name;
            return {};
        }
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE:
        case Q::OP_VALUE_RANGE:
            return schema::date.name;
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_SCALE_WEIGHT: {
            std::string_view field;
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
                const std::string_view f = field_of(q.get_subquery(i));
                if (f.empty() || (!field.empty() && f != field)) return {};
                field = f;
            }
            return field;
        }
        default:
            return {};
    }
}

// The top of a parsed query taken apart: the conjuncts that are filters of one field, and
// the rest (weighted conjuncts, unweighted ones, excluded ones), to be put back together.
struct TopLevel {
    std::vector<Xapian::Query> weighted, boolean, excluded;
    std::map<std::string, FieldFilter, std::less<>> filters;

    void conjunct(const Xapian::Query& q, bool weighted_side) {
        using Q = Xapian::Query;
        if (is_match_all(q)) return;  // an anchor, or the base of "NOT x"
        switch (q.get_type()) {
            case Q::OP_AND:
                for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                    conjunct(q.get_subquery(i), weighted_side);
                return;
            case Q::OP_FILTER:
                conjunct(q.get_subquery(0), weighted_side);
                for (std::size_t i = 1; i < q.get_num_subqueries(); ++i)
                    conjunct(q.get_subquery(i), false);
                return;
            case Q::OP_AND_NOT:
                conjunct(q.get_subquery(0), weighted_side);
                for (std::size_t i = 1; i < q.get_num_subqueries(); ++i) hated(q.get_subquery(i));
                return;
            case Q::OP_SCALE_WEIGHT:  // the QueryParser scales by 0 only: a boolean part
                conjunct(q.get_subquery(0), false);
                return;
            default:
                if (const auto f = field_of(q); !f.empty()) {
                    filters[std::string(f)].include.push_back(q);
                    return;
                }
        }
        (weighted_side ? weighted : boolean).push_back(q);
    }

    void hated(const Xapian::Query& q) {
        if (q.get_type() == Xapian::Query::OP_OR) {  // NOT (a OR b) = NOT a AND NOT b
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) hated(q.get_subquery(i));
            return;
        }
        if (const auto f = field_of(q); !f.empty())
            filters[std::string(f)].exclude.push_back(q);
        else
            excluded.push_back(q);
    }

    // The query without its filters; empty when nothing else is left.
    [[nodiscard]] Xapian::Query rest() const {
        using Q = Xapian::Query;
        Q q;
        if (!weighted.empty()) q = Q(Q::OP_AND, weighted.begin(), weighted.end());
        if (!boolean.empty())
            q = Q(Q::OP_FILTER, q.empty() ? match_all() : q,
                  Q(Q::OP_AND, boolean.begin(), boolean.end()));
        if (!excluded.empty())
            q = Q(Q::OP_AND_NOT, q.empty() ? match_all() : q,
                  Q(Q::OP_OR, excluded.begin(), excluded.end()));
        return q;
    }
};

// Whether a query of operator @p op is rebuilt from its subqueries alone: the operators
// without parameters that the QueryParser puts above words and filters.
bool rebuildable(Xapian::Query::op op) {
    using Q = Xapian::Query;
    return op == Q::OP_AND || op == Q::OP_FILTER || op == Q::OP_OR || op == Q::OP_XOR ||
           op == Q::OP_AND_NOT || op == Q::OP_AND_MAYBE || op == Q::OP_SYNONYM;
}

// @p q without the anchors: the match-all operands of AND and FILTER.
Xapian::Query drop_anchors(const Xapian::Query& q) {
    using Q = Xapian::Query;
    const auto op = q.get_type();
    // The QueryParser scales by 0 only (a group of filters without words).
    if (op == Q::OP_SCALE_WEIGHT) return Q(op, drop_anchors(q.get_subquery(0)), 0.0);
    if (!rebuildable(op)) return q;
    const bool conjunction = op == Q::OP_AND || op == Q::OP_FILTER;
    std::vector<Q> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        Q sub = drop_anchors(q.get_subquery(i));
        if (conjunction && (op == Q::OP_AND || i > 0) && is_match_all(sub)) continue;
        subs.push_back(std::move(sub));
    }
    if (subs.empty()) return match_all();
    if (subs.size() == 1 && conjunction) return subs.front();
    return Q(op, subs.begin(), subs.end());
}

// Marks the filters of @p state found in @p q under an odd number of negations.
void mark_excluded(const Xapian::Query& q, bool negated, ParseState& state) {
    if (!state.seen.empty()) {
        const std::string s = q.serialise();
        for (auto& seen : state.seen)
            if (seen.query == s) seen.use.excluded = negated;
    }
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        mark_excluded(q.get_subquery(i),
                      q.get_type() == Xapian::Query::OP_AND_NOT && i > 0 ? !negated : negated,
                      state);
}

// @p q readable, filters as written: "(chien AND (source:Le Monde OR source:Libération))".
std::string render(const Xapian::Query& q, const ParseState& state) {
    using Q = Xapian::Query;
    if (!state.seen.empty()) {
        const std::string s = q.serialise();
        for (const auto& seen : state.seen)
            if (seen.query == s) {
                const std::string& v = seen.use.value;
                return seen.use.field + ":" +
                       (v.find_first_of(" ()") == std::string::npos ? v : '"' + v + '"');
            }
    }
    const auto op = q.get_type();
    if (op == Q::LEAF_MATCH_ALL) return "<all>";
    if (op == Q::LEAF_MATCH_NOTHING) return "<nothing>";
    if (op == Q::LEAF_TERM) {
        const std::string term = *q.get_terms_begin();
        return term.starts_with(schema::title.prefix) ? std::string(schema::title.name) + ":" +
                                                            term.substr(schema::title.prefix.size())
                                                      : term;
    }
    if (op == Q::OP_SCALE_WEIGHT) return render(q.get_subquery(0), state);
    const char* name = nullptr;
    switch (op) {
        case Q::OP_AND:
        case Q::OP_FILTER:
            name = "AND";
            break;
        case Q::OP_OR:
        case Q::OP_SYNONYM:
            name = "OR";
            break;
        case Q::OP_AND_NOT:
            name = "AND NOT";
            break;
        case Q::OP_XOR:
            name = "XOR";
            break;
        case Q::OP_AND_MAYBE:
            name = "AND_MAYBE";
            break;
        case Q::OP_NEAR:
            name = "NEAR";
            break;
        case Q::OP_PHRASE: {
            std::string out = "\"";
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                out += (i ? " " : "") + render(q.get_subquery(i), state);
            return out + '"';
        }
        default: {
            std::string d = q.get_description();  // "Query(...)"
            return d.size() > 7 ? d.substr(6, d.size() - 7) : d;
        }
    }
    std::string out = "(";
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        if (i > 0) out += std::string(" ") + name + " ";
        out += render(q.get_subquery(i), state);
    }
    return out + ")";
}

// Wildcard @p q as the terms it stands for, matching without weight, as Lucene's constant-score
// rewrite scores every document alike: the query's words rank, and a wildcard alone lists
// newest first. Weighed as one synonym group, as Xapian does, a wildcard's score depended on
// the shards: Xapian 1.4 estimates a group's frequency from the terms each shard holds, and
// many rare terms of a pattern are held by some shards only (0.2 % off on 4 shards,
// test_shards.cpp). Xapian 1.4 gives a wildcard's pattern only in its description
// ("Query(WILDCARD SYNONYM car)").
Xapian::Query expand_wildcard(const Xapian::Query& q, const Xapian::Database& db,
                              const positions::Unposted* unposted) {
    using Q = Xapian::Query;
    const std::string d = q.get_description();
    const std::string head = "Query(WILDCARD SYNONYM ";
    if (!d.starts_with(head) || !d.ends_with(")")) return q;  // another combiner: Xapian's
    const std::string pattern = d.substr(head.size(), d.size() - head.size() - 1);
    std::vector<Q> terms;
    // Glass cuts a prefix past its longest key: every term is checked. Unposted stopwords
    // ("a", "et") stay out, as from any query outside a phrase.
    for (auto t = db.allterms_begin(pattern); t != db.allterms_end(pattern); ++t)
        if ((*t).starts_with(pattern) && (!unposted || unposted->find(*t) < 0))
            terms.emplace_back(*t);
    // No term: the pattern itself, which no document holds (Query::MatchNothing is the empty
    // query, which reads as "no text" further on).
    if (terms.empty()) terms.emplace_back(pattern);
    // Under a filter of every document: Xapian 1.4.22 fails on a term every document holds
    // read without weight, as a pattern of one such term would be (FacetCounter::run_pass).
    return Q(Q::OP_SCALE_WEIGHT,
             Q(Q::OP_FILTER, match_all(), Q(Q::OP_OR, terms.begin(), terms.end())), 0.0);
}

// @p q with each word outside phrases read as the synonym group of the accent map
// (analysis/accents.hpp): its term, its accent-less stem and the terms of the accented words
// of the index that share it. A leaf is a word of the text when the parser stemmed it
// (filters are terms it never stemmed).
// Unposted stopwords (positions::Unposted) stay out of the groups: a PostingSource cannot be
// part of an OP_SYNONYM.
Xapian::Query expand_accents(const Xapian::Query& q, const Xapian::QueryParser& qp,
                             const Xapian::Database& db, analysis::Analyzer& analyzer,
                             const positions::Unposted* unposted, std::vector<std::string>& keys) {
    using Q = Xapian::Query;
    const auto op = q.get_type();
    if (op == Q::LEAF_TERM) {
        const std::string term = *q.get_terms_begin();
        auto word = qp.unstem_begin(term);
        if (word == qp.unstem_end(term)) return q;
        const std::string_view prefix =
            term.starts_with(schema::title.prefix) ? schema::title.prefix : std::string_view{};
        const std::string base = term.substr(prefix.size());
        const auto posted = [&](const std::string& t) {
            return !unposted || unposted->find(t) < 0;
        };
        if (!posted(base)) return q;
        std::set<std::string> group;
        for (; word != qp.unstem_end(term); ++word) {
            std::string key = analyzer.alt(*word);
            if (key.empty()) key = base;
            keys.push_back(key);
            for (auto& t : analysis::accented_terms(db, key))
                if (posted(t)) group.insert(std::move(t));
            if (posted(key)) group.insert(std::move(key));
        }
        group.erase(base);
        if (group.empty()) return q;
        std::vector<Q> subs{q};
        for (const auto& t : group) subs.emplace_back(std::string(prefix) + t);
        return Q(Q::OP_SYNONYM, subs.begin(), subs.end());
    }
    if (op == Q::OP_WILDCARD) return expand_wildcard(q, db, unposted);
    if (op == Q::OP_SCALE_WEIGHT)  // the QueryParser scales by 0 only (drop_anchors)
        return Q(op, expand_accents(q.get_subquery(0), qp, db, analyzer, unposted, keys), 0.0);
    if (!rebuildable(op))
        return q;  // phrases and NEAR keep their terms; wildcards and filters have no words
    std::vector<Q> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(expand_accents(q.get_subquery(i), qp, db, analyzer, unposted, keys));
    return Q(op, subs.begin(), subs.end());
}

}  // namespace

std::string mask_filters(const std::string& query) { return protect(query).words; }

Xapian::Query match_all() { return Xapian::Query(std::string()); }

Xapian::Query filter_query(std::string_view field, std::string_view value,
                           const PersonAliases& aliases, std::string_view reference_date) {
    if (field == schema::date.name) {
        const DaySpan r = resolve_date_expression(value, reference_day(reference_date));
        // The Y/M/D terms hold exactly the documents whose date lies inside one calendar
        // year, month or day; other spans compare the documents' first and last days.
        if (r.exact == DateGranularity::year)
            return Xapian::Query(std::string(schema::year_prefix) + r.first.substr(0, 4));
        if (r.exact == DateGranularity::month)
            return Xapian::Query(std::string(schema::month_prefix) + r.first.substr(0, 6));
        if (r.exact == DateGranularity::day)
            return Xapian::Query(std::string(schema::day_prefix) + r.first);
        Xapian::Query q;
        if (!r.first.empty())
            q = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot::date_start, r.first);
        if (!r.last.empty()) {
            Xapian::Query le(Xapian::Query::OP_VALUE_LE, schema::slot::date_end, r.last);
            q = q.empty() ? le : Xapian::Query(Xapian::Query::OP_AND, q, le);
        }
        return q;
    }
    const schema::Field* f = nullptr;
    for (const auto& candidate : schema::fields)
        if (candidate.name == field && candidate.kind == schema::Kind::filter) f = &candidate;
    if (f == nullptr)
        throw Error(ErrorCode::invalid_argument,
                    "unknown filter field '" + std::string(field) + "'",
                    "Filters are source:, person: and date:.");
    const std::string key =
        field == schema::person.name ? aliases.canonical(value).key : analysis::facet_key(value);
    if (key.empty())
        throw Error(ErrorCode::query_syntax,
                    "query syntax: empty value in " + std::string(field) + ":");
    return Xapian::Query(std::string(f->prefix) + key);
}

Xapian::Query ParsedQuery::filter(std::string_view skip_field) const {
    using Q = Xapian::Query;
    Q all;
    for (const auto& [name, f] : filters) {
        if (name == skip_field) continue;
        Q q;
        if (!f.include.empty()) q = Q(Q::OP_AND, f.include.begin(), f.include.end());
        if (!f.exclude.empty())
            q = Q(Q::OP_AND_NOT, q.empty() ? match_all() : q,
                  Q(Q::OP_OR, f.exclude.begin(), f.exclude.end()));
        if (q.empty()) continue;
        all = all.empty() ? q : Q(Q::OP_AND, all, q);
    }
    return all;
}

Xapian::Query ParsedQuery::full(std::string_view skip_field) const {
    if (nothing) return Xapian::Query::MatchNothing;
    Xapian::Query base = core.empty() ? match_all() : core;
    Xapian::Query f = filter(skip_field);
    return f.empty() ? base : Xapian::Query(Xapian::Query::OP_FILTER, base, f);
}

namespace {

// What count_words() finds in a query's text.
struct Words {
    std::size_t words = 0;    // words, operators aside
    std::size_t stops = 0;    // of which stopwords
    bool long_words = false;  // a word too long to index
};

// The limits of a query's text.
void check_text(const std::string& query) {
    if (query.size() > max_query_bytes)
        throw Error(ErrorCode::query_syntax, "query syntax: the query is " +
                                                 std::to_string(query.size()) +
                                                 " bytes long; at most " +
                                                 std::to_string(max_query_bytes) + " are accepted");
    if (!analysis::valid_utf8(query))
        throw Error(ErrorCode::query_syntax, "query syntax: the query is not valid UTF-8");
}

// Xapian reads a binary operator at the start as an operand once `start` stands there.
void refuse_leading_operator(const std::string& text) {
    const std::size_t b = text.find_first_not_of(" \t");
    for (const char* op : {"AND", "OR", "XOR"}) {
        const std::size_t n = std::char_traits<char>::length(op);
        if (b != std::string::npos && text.compare(b, n, op) == 0 &&
            (b + n == text.size() || text[b + n] == ' ' || text[b + n] == '('))
            throw Error(ErrorCode::query_syntax,
                        std::string("query syntax: the query starts with ") + op,
                        std::string("Write <expression> ") + op + " <expression>.");
    }
}

}  // namespace

struct QueryBuilder::Impl {
    analysis::Analyzer analyzer;
    SynonymExpander synonyms;
    // The person aliases stored in the index, parsed again only when they change.
    std::string aliases_text;
    PersonAliases aliases;

    const PersonAliases& aliases_of(const Xapian::Database& db) {
        std::string text = db.get_metadata(std::string(schema::person_aliases_key));
        if (text != aliases_text) {
            try {
                aliases = PersonAliases::parse(text);
            } catch (const Error& e) {
                throw Error(ErrorCode::corrupt, std::string("stored person aliases: ") + e.what());
            }
            aliases_text = std::move(text);
        }
        return aliases;
    }

    // The index's unposted stopwords (fixed when it was created).
    std::string unposted_text;
    std::shared_ptr<const positions::Unposted> unposted;

    const std::shared_ptr<const positions::Unposted>& unposted_of(const Xapian::Database& db) {
        std::string text = db.get_metadata(std::string(schema::unposted_key));
        if (!unposted || text != unposted_text) {
            unposted =
                std::make_shared<const positions::Unposted>(positions::Unposted::parse(text));
            unposted_text = std::move(text);
        }
        return unposted;
    }

    // Words of the text, operators aside: a query of stopwords only finds nothing rather
    // than everything (the QueryParser keeps stopwords when nothing else is left).
    Words count_words(std::string_view text) {
        Words w;
        const auto long_before = analyzer.long_words_skipped();
        analyzer.analyse(text, 1, [&](const analysis::Token& t) {
            if (t.cjk_bigram || t.part) return;
            if (is_query_operator(t.text)) return;
            ++w.words;
            if (t.stop) ++w.stops;
        });
        // Words too long to be indexed (analysis::Analyzer::max_word_bytes) are words all the
        // same: a query of one such word finds nothing, it must not list every document.
        w.long_words = analyzer.long_words_skipped() != long_before;
        return w;
    }

    // @p text as @p qp reads it, checked (no fallback reading, XOR not too deep), its
    // stopwords dropped; @p query is the text as given, for the error.
    Xapian::Query read(Xapian::QueryParser& qp, const std::string& text, const std::string& query,
                       const ParseState& state) {
        constexpr unsigned flags =
            Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
            Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
            Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;
        const Xapian::Query parsed = drop_anchors(qp.parse_query(text, flags));
        if (state.error) throw *state.error;
        if (state.starts != 1)
            throw Error(ErrorCode::query_syntax,
                        "query syntax: cannot read '" + query.substr(0, 80) + "'",
                        "Check the brackets, quotes and operators; NEAR and ADJ join two words "
                        "alone, or in brackets beside others: (a NEAR b) c.");
        if (const auto depth = xor_depth(parsed); depth > max_xor_depth)
            throw Error(ErrorCode::query_syntax,
                        "query syntax: XOR nested " + std::to_string(depth) + " deep; at most " +
                            std::to_string(max_xor_depth) + " are accepted");
        const auto stopword = [&](const std::string& term) {
            auto u = qp.unstem_begin(term);
            if (u == qp.unstem_end(term)) return false;
            for (; u != qp.unstem_end(term); ++u)
                if (!analyzer.is_stopword(*u)) return false;
            return true;
        };
        // Stopwords only come back as they are (the check before the parse lets quotes through).
        return strip_stopwords(parsed, stopword).q;
    }

    // The QueryParser of the query language over @p db, its filters read into @p state.
    Xapian::QueryParser parser(const Xapian::Database& db, ParseState& state) {
        Xapian::QueryParser qp;
        qp.set_database(db);
        qp.set_stemmer(Xapian::Stem(new FrenchStem(analyzer)));
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        qp.set_default_op(Xapian::Query::OP_AND);
        // The schema table drives the fields: free-text fields as prefixes, filter fields as
        // boolean prefixes (same field OR'ed, fields AND'ed, as Xapian groups them).
        for (const auto& f : schema::fields) {
            if (f.kind == schema::Kind::text && !f.name.empty())
                qp.add_prefix(std::string(f.name), std::string(f.prefix));
            else if (schema::is_filter(f))
                qp.add_boolean_prefix(std::string(f.name),
                                      (new FilterProcessor(f.name, state))->release());
        }
        qp.add_boolean_prefix(std::string(anchor_field), (new EverythingProcessor)->release());
        qp.add_boolean_prefix(std::string(start_field),
                              (new EverythingProcessor(&state.starts))->release());
        return qp;
    }
};

QueryBuilder::QueryBuilder() : impl_(std::make_unique<Impl>()) {}
QueryBuilder::~QueryBuilder() = default;

void QueryBuilder::set_synonyms(const Synonyms& synonyms) {
    impl_->synonyms = SynonymExpander(synonyms, impl_->analyzer);
}

analysis::Analyzer& QueryBuilder::analyzer() { return impl_->analyzer; }

ParsedQuery QueryBuilder::parse(const Xapian::Database& db, const std::string& query,
                                const std::vector<Filter>& extra_filters) {
    return parse(db, query, extra_filters, QueryOptions{});
}

ParsedQuery QueryBuilder::parse(const Xapian::Database& db, const std::string& query,
                                const std::vector<Filter>& extra_filters,
                                const QueryOptions& options) {
    check_text(query);
    ParsedQuery pq;
    const Protected prot = protect(prepare(query));
    const PersonAliases& aliases = impl_->aliases_of(db);
    ParseState state;
    state.values = &prot.values;
    state.aliases = &aliases;
    state.reference_date = options.reference_date;

    // Filters of the request: the values of one field OR'ed, AND'ed with the query.
    std::map<std::string, std::vector<Xapian::Query>, std::less<>> extra;
    for (const auto& f : extra_filters) {
        extra[f.field].push_back(filter_query(f.field, f.value, aliases, options.reference_date));
        pq.uses.push_back({f.field, f.value, false});
    }
    const auto add_extra = [&] {
        for (auto& [field, qs] : extra)
            pq.filters[field].include.emplace_back(Xapian::Query::OP_OR, qs.begin(), qs.end());
    };

    std::string text = rewrite_words(prot.text, pq.wildcard_prefixes);
    const Words words = impl_->count_words(prot.words);
    pq.has_text = words.words > 0 || words.long_words;
    if (!pq.has_text && prot.values.empty()) {
        add_extra();
        return pq;
    }
    // A wildcard is no stopword: "de*" stands for "depuis" and "dessin".
    if (words.words > 0 && words.stops == words.words && prot.values.empty() &&
        pq.wildcard_prefixes.empty() && prot.words.find('"') == std::string::npos) {
        pq.nothing = true;
        return pq;
    }
    refuse_leading_operator(text);

    if (options.synonyms && !impl_->synonyms.empty())
        text = impl_->synonyms.expand(text, impl_->analyzer, pq.synonyms);
    std::string marked = std::string(start_field) + ':';
    analysis::append_utf8(marked, marker);
    text = marked + ' ' + text;

    Xapian::QueryParser qp = impl_->parser(db, state);
    // The index has no Xapian positions: phrases and NEAR read slot 7 (search/phrase.hpp).
    pq.core = xapian_try("parsing the query", [&] {
        const Xapian::Query stripped = impl_->read(qp, text, query, state);
        mark_excluded(stripped, false, state);
        pq.tree = render(stripped, state);
        TopLevel top;
        top.conjunct(stripped, true);
        pq.filters = std::move(top.filters);
        const auto& unposted = impl_->unposted_of(db);
        pq.unposted = unposted;
        const Xapian::Query rest =
            expand_accents(top.rest(), qp, db, impl_->analyzer, unposted.get(), pq.accent_keys);
        return rest.empty() || !options.positional ? rest : positional(rest, unposted);
    });
    if (pq.core.empty() && pq.filters.empty() && state.seen.empty()) pq.has_text = false;
    std::vector<FilterUse> uses;
    for (auto& seen : state.seen) uses.push_back(std::move(seen.use));
    uses.insert(uses.end(), pq.uses.begin(), pq.uses.end());
    pq.uses = std::move(uses);
    add_extra();
    return pq;
}

}  // namespace veille::detail

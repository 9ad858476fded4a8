// SPDX-License-Identifier: MIT
#include "search/query.hpp"

#include <algorithm>
#include <cctype>

#include "analysis/text.hpp"
#include "core/date.hpp"
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

bool is_apostrophe(char32_t c) {
    return c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'\u2032' || c == U'`' ||
           c == U'\u00B4' || c == U'\u201B';
}

// NFC; apostrophe variants become ', guillemets become phrase quotes, odd spaces become spaces.
std::string prepare(std::string_view query) {
    const std::string n = analysis::nfc(query);
    std::string out;
    out.reserve(n.size());
    for (std::size_t i = 0; i < n.size();) {
        const std::size_t start = i;
        const char32_t c = analysis::next_code_point(n, i);
        if (is_apostrophe(c))
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

bool word_char(unsigned char c) { return c >= 0x80 || std::isalnum(c) != 0; }

// Takes `field:value` and `field:"a value"` out of @p q for the filter fields of the schema.
void extract_filters(std::string& q, std::vector<Filter>& out, std::vector<bool>& negated) {
    std::string rest;
    rest.reserve(q.size());
    std::size_t i = 0;
    while (i < q.size()) {
        const bool at_start = i == 0 || q[i - 1] == ' ' || q[i - 1] == '(' || q[i - 1] == '\t';
        bool matched = false;
        if (at_start) {
            bool neg = false;
            std::size_t j = i;
            if (q[j] == '-' || q[j] == '+') {
                neg = q[j] == '-';
                ++j;
            }
            for (const auto& f : schema::fields) {
                if (f.kind != schema::Kind::filter && f.kind != schema::Kind::date) continue;
                const std::string_view name = f.name;
                if (q.compare(j, name.size(), name) != 0 || j + name.size() >= q.size() ||
                    q[j + name.size()] != ':')
                    continue;
                std::size_t k = j + name.size() + 1;
                std::string value;
                if (k < q.size() && q[k] == '"') {
                    const std::size_t close = q.find('"', k + 1);
                    if (close == std::string::npos)
                        throw Error(ErrorCode::query_syntax,
                                    "query syntax: unterminated quote in " + std::string(name) +
                                        ":" + q.substr(k));
                    value = q.substr(k + 1, close - k - 1);
                    k = close + 1;
                } else {
                    const std::size_t end = q.find_first_of(" \t)", k);
                    value = q.substr(k, end == std::string::npos ? std::string::npos : end - k);
                    k = end == std::string::npos ? q.size() : end;
                }
                out.push_back(Filter{std::string(name), value});
                negated.push_back(neg);
                rest += ' ';
                i = k;
                matched = true;
                break;
            }
        }
        if (!matched) rest += q[i++];
    }
    q = std::move(rest);
}

// Removes elided articles at the start of words ("l'intelligence" -> "intelligence") and folds
// the prefix of wildcards ("Réalis*" -> "realis*"), which the QueryParser does not stem.
std::string rewrite_words(const std::string& q, std::vector<std::string>& wildcards) {
    std::string out;
    out.reserve(q.size());
    std::size_t i = 0;
    while (i < q.size()) {
        if (!word_char(static_cast<unsigned char>(q[i]))) {
            out += q[i++];
            continue;
        }
        std::size_t j = i;
        while (j < q.size() && (word_char(static_cast<unsigned char>(q[j])) || q[j] == '\'')) ++j;
        std::string word = q.substr(i, j - i);
        // "title:" and other field names stay as they are.
        if (j < q.size() && q[j] == ':') {
            out += word;
            i = j;
            continue;
        }
        for (std::size_t p = word.find('\''); p != std::string::npos; p = word.find('\'')) {
            if (p + 1 >= word.size() ||
                !analysis::Analyzer::is_elision(std::string_view(word).substr(0, p)))
                break;
            word.erase(0, p + 1);
        }
        if (j < q.size() && q[j] == '*') {
            word = analysis::folded(word);
            wildcards.push_back(word);
        }
        out += word;
        i = j;
    }
    return out;
}

// Never copy the static Xapian::Query::MatchAll: its reference count is not atomic, so
// searches in several threads corrupt it and crash (Xapian documents this in query.h).
// MatchNothing has no internal object and is safe.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

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

}  // namespace

Xapian::Query filter_query(std::string_view field, std::string_view value,
                           const PersonAliases& aliases, std::string_view reference_date) {
    if (field == schema::date.name) {
        const DateRange r = resolve_date_expression(value, reference_day(reference_date));
        // The Y/M/D terms hold exactly the documents whose date lies inside one calendar
        // year, month or day; other spans compare the documents' first and last days.
        if (r.precision == 1)
            return Xapian::Query(std::string(schema::year_prefix) + r.from.substr(0, 4));
        if (r.precision == 2)
            return Xapian::Query(std::string(schema::month_prefix) + r.from.substr(0, 6));
        if (r.precision == 3) return Xapian::Query(std::string(schema::day_prefix) + r.from);
        Xapian::Query q;
        if (!r.from.empty())
            q = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot::date_start, r.from);
        if (!r.to.empty()) {
            Xapian::Query le(Xapian::Query::OP_VALUE_LE, schema::slot::date_end, r.to);
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
    const std::string key = field == schema::person.name ? canonical_person(value, aliases).key
                                                         : analysis::facet_key(value);
    if (key.empty())
        throw Error(ErrorCode::query_syntax,
                    "query syntax: empty value in " + std::string(field) + ":");
    return Xapian::Query(std::string(f->prefix) + key);
}

Xapian::Query ParsedQuery::filter(std::string_view skip_field) const {
    Xapian::Query all;
    for (const auto& [name, f] : filters) {
        if (name == skip_field) continue;
        Xapian::Query q;
        if (!f.include.empty())
            q = Xapian::Query(Xapian::Query::OP_OR, f.include.begin(), f.include.end());
        if (!f.exclude.empty()) {
            Xapian::Query ex(Xapian::Query::OP_OR, f.exclude.begin(), f.exclude.end());
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, q.empty() ? match_all() : q, ex);
        }
        if (q.empty()) continue;
        all = all.empty() ? q : Xapian::Query(Xapian::Query::OP_AND, all, q);
    }
    return all;
}

Xapian::Query ParsedQuery::full(std::string_view skip_field) const {
    if (nothing) return Xapian::Query::MatchNothing;
    Xapian::Query base = has_text ? text : match_all();
    Xapian::Query f = filter(skip_field);
    return f.empty() ? base : Xapian::Query(Xapian::Query::OP_FILTER, base, f);
}

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
    if (query.size() > max_query_bytes)
        throw Error(ErrorCode::query_syntax, "query syntax: the query is " +
                                                 std::to_string(query.size()) +
                                                 " bytes long; at most " +
                                                 std::to_string(max_query_bytes) + " are accepted");
    if (!analysis::valid_utf8(query))
        throw Error(ErrorCode::query_syntax, "query syntax: the query is not valid UTF-8");

    ParsedQuery pq;
    std::string q = prepare(query);
    std::vector<Filter> filters;
    std::vector<bool> negated;
    extract_filters(q, filters, negated);
    for (const auto& f : extra_filters) {
        filters.push_back(f);
        negated.push_back(false);
    }
    const PersonAliases& aliases = impl_->aliases_of(db);
    for (std::size_t i = 0; i < filters.size(); ++i) {
        auto& ff = pq.filters[filters[i].field];
        ff.values.push_back(filters[i].value);
        ff.negated.push_back(negated[i]);
        (negated[i] ? ff.exclude : ff.include)
            .push_back(
                filter_query(filters[i].field, filters[i].value, aliases, options.reference_date));
    }

    std::string text = rewrite_words(q, pq.wildcard_prefixes);
    pq.words = text;
    // Words of the text, operators aside: a query of stopwords only finds nothing rather
    // than everything (the QueryParser keeps stopwords when nothing else is left).
    std::size_t words = 0, stops = 0;
    const auto long_before = impl_->analyzer.long_words_skipped();
    impl_->analyzer.analyse(text, 1, [&](const analysis::Token& t) {
        if (t.cjk_bigram) return;
        if (is_query_operator(t.text)) return;
        ++words;
        if (t.stop) ++stops;
    });
    // Words too long to be indexed (analysis::Analyzer::max_word_bytes) are words all the
    // same: a query of one such word finds nothing, it must not list every document.
    const bool long_words = impl_->analyzer.long_words_skipped() != long_before;
    if (words == 0 && !long_words) return pq;
    pq.has_text = true;
    if (words > 0 && stops == words && text.find('"') == std::string::npos) {
        pq.nothing = true;
        return pq;
    }

    if (options.synonyms && !impl_->synonyms.empty())
        text = impl_->synonyms.expand(text, impl_->analyzer, pq.synonyms);

    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(Xapian::Stem(new FrenchStem(impl_->analyzer)));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.add_prefix(std::string(schema::title.name), std::string(schema::title.prefix));
    constexpr unsigned flags =
        Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
        Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
        Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;
    // The index has no Xapian positions: phrases and NEAR read slot 7 (search/phrase.hpp).
    pq.text = xapian_try("parsing the query", [&] {
        const Xapian::Query parsed = qp.parse_query(text, flags);
        const auto stopword = [&](const std::string& term) {
            auto u = qp.unstem_begin(term);
            if (u == qp.unstem_end(term)) return false;
            for (; u != qp.unstem_end(term); ++u)
                if (!impl_->analyzer.is_stopword(*u)) return false;
            return true;
        };
        if (const auto depth = xor_depth(parsed); depth > max_xor_depth)
            throw Error(ErrorCode::query_syntax,
                        "query syntax: XOR nested " + std::to_string(depth) + " deep; at most " +
                            std::to_string(max_xor_depth) + " are accepted");
        // Stopwords only come back as they are (the check before the parse lets quotes through).
        return positional(strip_stopwords(parsed, stopword).q, impl_->unposted_of(db));
    });
    if (pq.text.empty()) pq.has_text = false;
    return pq;
}

}  // namespace veille::detail

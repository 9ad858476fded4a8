// SPDX-License-Identifier: MIT
// From the query language to Xapian queries. The whole query, filters included, goes through
// Xapian's QueryParser: each filter field of the schema table is a boolean prefix with a
// FieldProcessor (filter_query below), so filters are operands of the boolean grammar like
// words ("NOT source:X", "chat OR person:Y", brackets). After the parse, the filters AND-ed at
// the top of the tree are lifted out per field, so that facets can count each such field
// without its own filters (drill-sideways); a filter anywhere else stays part of the query.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/french.hpp"
#include "synonyms/expand.hpp"
#include "veille/persons.hpp"
#include "veille/search.hpp"

#include <xapian.h>

namespace veille::detail {

namespace positions {
class Unposted;
}

/// Every document, as a query of its own. Never copy the static Xapian::Query::MatchAll: its
/// reference count is not atomic, so searches in several threads corrupt it and crash (Xapian
/// documents this in query.h). MatchNothing has no internal object and is safe.
Xapian::Query match_all();

/// The filters of one field AND-ed at the top of a query: a drill-sideways dimension.
struct FieldFilter {
    std::vector<Xapian::Query> include;  // each must match (a group of one field is one OR)
    std::vector<Xapian::Query> exclude;  // none may match
};

/// One filter of the query text or the request, in the order written, for explain.
struct FilterUse {
    std::string field;
    std::string value;      // as written
    bool excluded = false;  // under an odd number of NOT or '-'
};

struct ParsedQuery {
    /// The query but its top-level filters (empty Query when nothing else is left).
    Xapian::Query core;
    bool has_text = false;  // the query has words (relevance order makes sense)
    bool nothing = false;   // the words were all stopwords: match nothing
    std::map<std::string, FieldFilter, std::less<>> filters;  // top-level filters, by field
    std::vector<FilterUse> uses;                              // every filter, in order
    std::vector<std::string> wildcard_prefixes;               // folded, for snippets
    std::vector<SynonymUse> synonyms;                         // synonym expansions made
    std::vector<std::string> accent_keys;  // keys looked up in the accent map (alerts)
    std::shared_ptr<const positions::Unposted> unposted;  // the index's (positions.hpp)
    std::string tree;  // the parsed query, filters where they stand, readable

    /// Conjunction of the top-level filters of every field except @p skip_field ("" skips
    /// none); an empty Query when there is no such filter.
    [[nodiscard]] Xapian::Query filter(std::string_view skip_field = {}) const;
    /// The whole query without the top-level filters of @p skip_field.
    [[nodiscard]] Xapian::Query full(std::string_view skip_field = {}) const;
};

/// Whether @p word is an operator of the query language (AND OR NOT XOR NEAR ADJ, capitals).
inline bool is_query_operator(std::string_view word) noexcept {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
           word == "ADJ";
}

/// @p query with its filters (field and value, as the parser reads them) blanked out, byte
/// offsets kept: the free text, for explain and spelling suggestions.
/// @throws veille::Error (query_syntax) for an unterminated quote in a filter value.
std::string mask_filters(const std::string& query);

/// Longest query text accepted.
inline constexpr std::size_t max_query_bytes = std::size_t{16} * 1024;

/// Deepest nesting of XOR accepted: Xapian 1.4's matcher takes time exponential in it (16
/// XORs nested in brackets took 0.9 s on five documents, each level about three times more).
inline constexpr std::size_t max_xor_depth = 10;

/// How a query is read, beyond its text.
struct QueryOptions {
    std::string reference_date;  // "YYYY-MM-DD" for relative dates; empty: today
    bool synonyms = true;        // expand the synonyms set with set_synonyms()
    // false: phrases and NEAR stay Xapian's OP_PHRASE and OP_NEAR, for a caller that reads
    // them on a document at hand (alerts, with search/phrase.hpp's phrase_check); the core
    // then runs on no index, which has no Xapian positions.
    bool positional = true;
};

class QueryBuilder {
public:
    QueryBuilder();
    ~QueryBuilder();
    QueryBuilder(const QueryBuilder&) = delete;
    QueryBuilder& operator=(const QueryBuilder&) = delete;

    /// @throws veille::Error (query_syntax) naming the problem.
    ParsedQuery parse(const Xapian::Database& db, const std::string& query,
                      const std::vector<Filter>& extra_filters);
    /// @throws veille::Error (query_syntax) naming the problem.
    ParsedQuery parse(const Xapian::Database& db, const std::string& query,
                      const std::vector<Filter>& extra_filters, const QueryOptions& options);

    /// Synonyms expanded in the free text of every later query (see SynonymExpander).
    void set_synonyms(const Synonyms& synonyms);

    /// The French analysis used for queries.
    analysis::Analyzer& analyzer();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The Xapian query of one filter value of @p field ("source", "person" or "date"); person
/// values are mapped through @p aliases (the index's dictionary); date expressions
/// (dates/french_dates.hpp) are resolved against @p reference_date ("YYYY-MM-DD"; empty: today).
/// @throws veille::Error (query_syntax) for a value that cannot be read (a bad date).
Xapian::Query filter_query(std::string_view field, std::string_view value,
                           const PersonAliases& aliases = {}, std::string_view reference_date = {});

}  // namespace veille::detail

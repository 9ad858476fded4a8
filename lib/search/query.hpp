// SPDX-License-Identifier: MIT
// From the query language to Xapian queries. Filters (source:, person:, date:) are taken out
// of the text first and kept per field, so that facets can count each field without its own
// filter (drill-sideways); the rest goes to Xapian's QueryParser with the French analysis.
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

/// The filters of one field: values of one field are OR'ed, a '-' before a filter excludes.
struct FieldFilter {
    std::vector<std::string> values;  // as written, for explain and facets
    std::vector<Xapian::Query> include;
    std::vector<Xapian::Query> exclude;
    std::vector<bool> negated;  // per value, for explain
};

struct ParsedQuery {
    Xapian::Query text;     // free-text part (empty Query when there is none)
    bool has_text = false;  // the query has words (relevance order makes sense)
    bool nothing = false;   // the words were all stopwords: match nothing
    std::map<std::string, FieldFilter, std::less<>> filters;  // by field name
    std::vector<std::string> wildcard_prefixes;               // folded, for snippets
    std::string words;                 // the free text given to the QueryParser, before synonyms
    std::vector<SynonymUse> synonyms;  // synonym expansions made, for explain

    /// Conjunction of the filters of every field except @p skip_field ("" skips none);
    /// an empty Query when there is no such filter.
    [[nodiscard]] Xapian::Query filter(std::string_view skip_field = {}) const;
    /// The text query filtered by the filters of every field except @p skip_field.
    [[nodiscard]] Xapian::Query full(std::string_view skip_field = {}) const;
};

/// Whether @p word is an operator of the query language (AND OR NOT XOR NEAR ADJ, capitals).
inline bool is_query_operator(std::string_view word) noexcept {
    return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
           word == "ADJ";
}

/// Longest query text accepted.
inline constexpr std::size_t max_query_bytes = 16 * 1024;

/// Deepest nesting of XOR accepted: Xapian 1.4's matcher takes time exponential in it (16
/// XORs nested in brackets took 0.9 s on five documents, each level about three times more).
inline constexpr std::size_t max_xor_depth = 10;

/// How a query is read, beyond its text.
struct QueryOptions {
    std::string reference_date;  // "YYYY-MM-DD" for relative dates; empty: today
    bool synonyms = true;        // expand the synonyms set with set_synonyms()
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

// SPDX-License-Identifier: MIT
// Snippets: a window of the original text around the best matches of a query, with the
// matched words marked. Matching runs the same analysis as indexing, so a word that matched
// through elision, folding or stemming is marked as written (« L’<b>intelligence</b> »).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "analysis/french.hpp"
#include "search/query.hpp"
#include "veille/search.hpp"

namespace veille::detail {

struct SnippetTerms {
    std::unordered_set<std::string> terms;  // indexed terms of the query, without prefixes
    std::vector<std::string> prefixes;      // wildcard prefixes, folded
    [[nodiscard]] bool empty() const { return terms.empty() && prefixes.empty(); }
    [[nodiscard]] bool matches(std::string_view term) const;
};

/// The words of @p pq a snippet marks: its terms outside filters, and its wildcards.
SnippetTerms snippet_terms(const ParsedQuery& pq);

/// @p text is the NFC text of the document (title or body).
std::string make_snippet(analysis::Analyzer& analyzer, std::string_view text,
                         const SnippetTerms& terms, const SnippetOptions& options);

/// Whether any word of @p text matches @p terms.
bool has_match(analysis::Analyzer& analyzer, std::string_view text, const SnippetTerms& terms);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// Query-time synonyms: rewrites the free text of a query (filters already taken out) so that
// a word or words matching a synonym entry become an OR of the entry and its alternatives,
// in the query language the QueryParser reads. Matching runs the French analysis on both
// sides, so case, accents, elision and stemming do not matter. Inside a quoted phrase, the
// phrase is repeated with each alternative in place (at most max_phrase_variants phrases).
#pragma once

#include <string>
#include <vector>

#include "analysis/french.hpp"
#include "veille/synonyms.hpp"

namespace veille::detail {

/// One expansion made in a query, for explain.
struct SynonymUse {
    std::string written;                    // the words of the query that matched
    std::vector<std::string> alternatives;  // what they also find
};

inline constexpr std::size_t max_phrase_variants = 16;

class SynonymExpander {
public:
    SynonymExpander() = default;
    SynonymExpander(const Synonyms& synonyms, analysis::Analyzer& analyzer);

    [[nodiscard]] bool empty() const noexcept { return rules_.empty(); }

    /// @p text with synonyms expanded; each expansion is appended to @p uses.
    std::string expand(const std::string& text, analysis::Analyzer& analyzer,
                       std::vector<SynonymUse>& uses) const;

private:
    struct Word {
        std::string term, alt;
    };
    struct Rule {
        std::vector<Word> words;
        std::vector<std::string> to;
    };
    std::vector<Rule> rules_;  // most words first, so the longest entry wins

    struct Token {
        std::size_t begin, end;  // in the segment
        std::string text, term, alt;
        bool barrier = false;  // an operator, a wildcard or a field name: never part of a match
    };
    struct Match {
        std::size_t first, count;  // tokens
        const Rule* rule;
    };
    std::vector<Match> matches(std::string_view segment, const std::vector<Token>& toks) const;
    std::vector<Token> tokens(std::string_view segment, analysis::Analyzer& analyzer) const;
    // The steps of expand(): the words of @p seg, outside quotes; one quoted phrase.
    void expand_words(std::string_view seg, analysis::Analyzer& analyzer, std::string& out,
                      std::vector<SynonymUse>& uses) const;
    void expand_phrase(const std::string& text, std::size_t quote, std::size_t close,
                       analysis::Analyzer& analyzer, std::string& out,
                       std::vector<SynonymUse>& uses) const;
};

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
/// @file
/// Synonyms applied to queries (never to the index: changing them needs no re-indexing).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "veille/export.hpp"

namespace veille {

/// A list of synonyms, read from text in this format (UTF-8, one rule per line):
///
///     # a comment; blank lines are ignored
///     IA, intelligence artificielle          equivalent: each one finds the others
///     JO, Jeux olympiques, olympiades
///     PDG, président-directeur général
///     Élysée => présidence de la République  one way: the left side also finds the right
///
/// Entries may have several words and are matched after French analysis (case, accents,
/// elision and stemming do not matter). A query word or phrase that matches an entry finds
/// the documents of any of its alternatives; inside a quoted phrase, the phrase is searched
/// with each alternative in its place.
///
/// Thread safety: a plain value; copies may be used from any thread.
class VEILLE_EXPORT Synonyms {
public:
    /// One rule: a query that says @p from also finds @p to.
    struct Rule {
        std::string from;
        std::vector<std::string> to;
    };

    /// An empty list.
    Synonyms() = default;

    /// Reads rules from @p text in the format above.
    /// @param origin name used in error messages (a file name)
    /// @throws veille::Error (invalid_argument) naming the line of a rule that cannot be read
    ///         (a line with a single entry, an empty entry, invalid UTF-8).
    static Synonyms parse(std::string_view text, const std::string& origin = "synonyms");

    /// Reads the file @p path.
    /// @throws veille::Error (io) if it cannot be read; (invalid_argument) as parse().
    static Synonyms load(const std::string& path);

    /// The default list for French news shipped with veille (also installed as
    /// share/veille/synonymes.txt).
    /// @throws nothing in practice (the list is checked by the tests).
    static Synonyms french_news();

    /// The rules, both directions of each equivalence spelled out.
    [[nodiscard]] const std::vector<Rule>& rules() const noexcept { return rules_; }

    /// Whether there is no rule.
    [[nodiscard]] bool empty() const noexcept { return rules_.empty(); }

private:
    std::vector<Rule> rules_;
};

}  // namespace veille

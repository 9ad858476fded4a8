// SPDX-License-Identifier: MIT
// Phrase and NEAR queries over the positions value (index/positions.hpp), since the index
// has no Xapian positions. The QueryParser builds OP_PHRASE and OP_NEAR as for any Xapian
// index ("a b", a-b, a NEAR b, a ADJ b); positional() turns each into the AND of its terms,
// which weighs and counts like Xapian's own phrase, filtered by a PostingSource that reads
// the candidates' positions with the semantics of Xapian's: PHRASE, the terms in order within
// the window; NEAR, in any order within it (the window spans last - first + 1 positions).
// The index's unposted stopwords (index/positions.hpp, Unposted) have no posting to join:
// the positions value alone says whether a document holds one, so a phrase of them only
// ("de la") reads the positions of every document, where other phrases read those of the
// documents holding their other words.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "index/positions.hpp"

#include <xapian.h>

namespace veille::detail {

/// One phrase or NEAR (or an unposted term alone, a phrase of one) read on a document's
/// positions value: what the PostingSource positional() builds asks of each candidate, and
/// what alerts ask of an article before it is indexed. Keeps scratch space: one per thread.
class PhraseCheck {
public:
    /// @p terms as the query holds them (the title's prefixed); @p window as Xapian's.
    PhraseCheck(std::vector<std::string> terms, Xapian::termcount window, bool ordered,
                const std::shared_ptr<const positions::Unposted>& unposted);
    /// The terms with postings: a matching document holds each of them.
    [[nodiscard]] const std::vector<std::string>& posted() const noexcept { return posted_; }
    /// Whether @p value, the positions value of a document that holds every posted term,
    /// has the terms within the window (in order for a phrase).
    /// @throws veille::Error (corrupt) if @p value is damaged.
    bool matches(std::string_view value);
    [[nodiscard]] std::string description() const;

private:
    [[nodiscard]] bool in_order() const;
    bool near();

    std::vector<std::string> terms_;
    std::vector<std::string> posted_;
    std::vector<positions::Lookup> lookups_;
    std::vector<std::size_t> distinct_;  // NEAR: index of the first equal term
    Xapian::termcount window_;
    bool ordered_;

    std::vector<std::vector<std::uint32_t>> found_;
    std::vector<std::pair<std::uint32_t, std::size_t>> occurrences_;
    std::vector<std::size_t> need_, have_;
};

/// The check of @p q when it is an OP_PHRASE or OP_NEAR, or a term of @p unposted alone;
/// nullopt for any other query.
/// @throws veille::Error (query_syntax) for a positional subquery of other than terms.
std::optional<PhraseCheck> phrase_check(const Xapian::Query& q,
                                        const std::shared_ptr<const positions::Unposted>& unposted);

/// @p q with its OP_PHRASE and OP_NEAR subqueries replaced as above; a term of @p unposted
/// (the index's, null for none) is left out of the AND, and alone becomes the documents
/// whose positions hold it.
/// @throws veille::Error (query_syntax) for a positional subquery of other than terms.
Xapian::Query positional(const Xapian::Query& q,
                         const std::shared_ptr<const positions::Unposted>& unposted);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// The French analysis pipeline, identical at index time and at query time:
//   NFC -> words (letters, digits and marks; apostrophe variants ’ ‘ ʼ ′ ` ´ read as ';
//   non-breaking spaces, guillemets and hyphens separate words) -> elision of l m t qu n s j
//   d c jusqu quoiqu lorsqu puisqu, ignoring case -> lower case -> Snowball French stem of the
//   accented word -> accent/case/ligature folding of the stem.
// Folding after stemming keeps every conflation Snowball makes on correctly accented text;
// the stem of the accent-less spelling is indexed alongside where it differs (aimée gives
// "aim" and, from "aimee", "aime"), and the accent map joins the two at query time in both
// directions (analysis/accents.hpp).
// CJK characters become unigrams and bigrams, as in Xapian's CJK n-gram mode.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace veille::analysis {

/// One word of analysed text.
struct Token {
    std::string_view text;  ///< the word as written (elided article excluded)
    std::size_t begin = 0;  ///< byte offset of the word in the analysed text
    std::size_t end = 0;    ///< byte offset just past the word
    std::uint32_t position = 0;
    std::string_view term;  ///< the indexed term
    std::string_view alt;   ///< the stem of the accent-less spelling when it differs, else empty
    /// The word for spelling suggestions (index/spelling_table.hpp), the first time this
    /// Analyzer meets it (so a writer gets each word about once), else empty: folded
    /// ("l'Intelligence" -> "intelligence"), never a stopword, a word with digits, or a word
    /// under 3 or over max_spelling_bytes bytes.
    std::string_view spelling;
    std::uint64_t spelling_hash = 0;  ///< FNV-1a of spelling
    bool stop = false;                ///< a French stopword: indexed for phrases, never weighted
    /// A word scraped text glued together ("KutcherQuel", analysis::glue_points): its parts
    /// follow it as tokens of their own, the first at its position, the next ones after.
    bool glued = false;
    bool part = false;        ///< one of those parts (its text lies inside the glued word's)
    bool cjk_bigram = false;  ///< a CJK bigram: no position, indexed only for matching
};

/// Analyses French text. Holds a stemmer and a cache of analysed words, so it is cheap to
/// reuse and must not be shared between threads.
class Analyzer {
public:
    Analyzer();
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    /// Words longer than this many bytes (URLs, base64, garbage) are not indexed: Xapian
    /// refuses terms over 245 bytes and such words are never searched for.
    static constexpr std::size_t max_word_bytes = 64;
    /// Longest word kept for spelling suggestions (longer words are not typed in queries).
    static constexpr std::size_t max_spelling_bytes = 40;

    /// Calls @p sink(const Token&) for each word of @p text (valid UTF-8, ideally NFC),
    /// numbering positions from @p first_position.
    /// @return the position after the last word.
    template <class Sink>
    std::uint32_t analyse(std::string_view text, std::uint32_t first_position, Sink&& sink);

    /// The term of one word as the query parser sees it (already lower-cased by it):
    /// elision removed, stemmed, folded.
    std::string term(std::string_view word);
    /// The stem of the accent-less spelling of that word when it differs from term(), else
    /// empty (Token::alt): the key of the accent map (analysis/accents.hpp).
    std::string alt(std::string_view word);

    /// Whether @p word (any case, accents as written) is a French stopword.
    bool is_stopword(std::string_view word);
    /// The French stopwords (Snowball's list), lower case with accents, sorted.
    static std::vector<std::string_view> stopwords();

    /// Words skipped because they were longer than max_word_bytes, since construction.
    [[nodiscard]] std::uint64_t long_words_skipped() const noexcept { return long_words_; }

private:
    struct Entry;
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::uint64_t long_words_ = 0;

    enum class CharClass : std::uint8_t { separator, letter, apostrophe, cjk };
    static CharClass classify(char32_t c) noexcept;
    const Entry& lookup(std::string_view word);
    const Entry* query_entry(std::string_view word);
    static std::string_view entry_term(const Entry& e) noexcept;
    static std::string_view entry_alt(const Entry& e) noexcept;
    static std::string_view entry_spelling(const Entry& e) noexcept;
    static std::uint64_t entry_spelling_hash(const Entry& e) noexcept;
    static bool entry_spelled(const Entry& e) noexcept;  // and marks it so
    static bool entry_stop(const Entry& e) noexcept;
};

}  // namespace veille::analysis

#include "analysis/french_impl.hpp"

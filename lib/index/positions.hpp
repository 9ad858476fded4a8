// SPDX-License-Identifier: MIT
// Word positions of a document, kept in one value (schema::slot::positions) instead of
// Xapian's position table, which writes one B-tree entry per term and document: half of the
// index and a third of the indexing time (bench/README.md, "Positions"). Phrase and NEAR
// queries read them (search/phrase.hpp).
//
// Format: a format byte (2), the code width b (8 to 64 bits), a salt byte, then as varints
// the first position after the title, the number of runs, each run's distance from the end
// of the previous one (from 0 for the first) and length, the number of extra words and
// their positions (each from the previous one); then the fields, b bits each, packed least
// significant bit first: one per position of each run (0: no word there), then one per
// extra word. Extra words are second terms at a position (the accent-less stem of the word).
// Each word is a code in [1, 2^b - 1] derived from fnv1a64(term) and the salt; the salt and
// b are chosen so that the codes of the document's distinct terms are all different. So, for
// a term the document is known to hold (its posting list says so), the positions holding
// its code are exactly its positions. Runs make the title and the body two blocks and keep
// the loop that reads the fields free of escapes: phrase queries read every candidate's.
//
// Format 3 is format 2 with, after the salt byte, a varint n and n bytes: a bitmap of the
// index's unposted terms (Unposted, below) the document holds, bit k for the k-th. Those
// terms have no posting, so the bitmap is what tells a phrase that the document holds one,
// and then its code finds its positions exactly, as above. An index without unposted terms
// writes format 2.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace veille::analysis {
class Analyzer;
}

namespace veille::detail::positions {

/// The terms of an index that get no posting (schema.hpp, "Stopwords"): stopwords whose term
/// is the word itself, found through the positions value alone. Fixed when the index is
/// created and stored in it, so that the writer and every searcher agree on them.
class Unposted {
public:
    Unposted() = default;
    /// The list for a new index: the stopwords @p analyzer indexes as themselves.
    static Unposted defaults(analysis::Analyzer& analyzer);
    /// The list stored in an index (to_text()); "" for none.
    static Unposted parse(std::string_view text);
    [[nodiscard]] std::string to_text() const;

    [[nodiscard]] bool empty() const noexcept { return terms_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return terms_.size(); }
    /// The index of @p term (unprefixed) in the list, or -1.
    [[nodiscard]] int find(std::string_view term) const noexcept;
    /// The index of the term of fnv1a64 hash @p hash, or -1.
    [[nodiscard]] int find_hash(std::uint64_t hash) const noexcept;

private:
    std::vector<std::string> terms_;                      // sorted
    std::vector<std::pair<std::uint64_t, int>> by_hash_;  // fnv1a64, index; sorted
};

/// Collects the words of one document as they are indexed, then encodes them.
class Writer {
public:
    /// Forgets the words of the previous document.
    void clear() noexcept;
    /// A term of the default field at @p position.
    void add(std::uint32_t position, std::string_view term);
    /// A term of the default field without a position (a CJK bigram): its code must differ
    /// from the others all the same, since a query may name it.
    void add_unpositioned(std::string_view term);
    /// The value for the words added; @p title_end is the first position of the body.
    /// Empty if no word was added.
    std::string finish(std::uint32_t title_end);
    /// The index's unposted terms (format 3 when there are some).
    void set_unposted(std::shared_ptr<const Unposted> unposted) { unposted_ = std::move(unposted); }
    [[nodiscard]] const std::shared_ptr<const Unposted>& unposted() const noexcept {
        return unposted_;
    }

private:
    // The code width and the salt that give the document's distinct terms distinct codes.
    std::pair<unsigned, unsigned> choose_codes();
    // Bit k for the k-th unposted term the document holds, trailing zero bytes dropped.
    [[nodiscard]] std::string unposted_bitmap() const;

    std::shared_ptr<const Unposted> unposted_;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> words_;  // position, fnv1a64(term)
    std::vector<std::uint64_t> terms_;                            // fnv1a64 of every term
    std::vector<std::uint64_t> codes_;                            // scratch
};

/// A term looked up in a positions value.
struct Lookup {
    std::uint64_t hash;       // fnv1a64 of the term, without prefix
    bool title_only = false;  // only positions in the title (the title: field)
    int unposted = -1;        // its index in the index's Unposted list, or -1
};

/// Fills @p out[i] with the ascending positions of @p terms[i] in @p value. Only meaningful
/// for terms the document holds (see above); an unposted term the document does not hold
/// has none.
/// @throws veille::Error (corrupt) if @p value is damaged.
void find(std::string_view value, std::span<const Lookup> terms,
          std::vector<std::vector<std::uint32_t>>& out);

}  // namespace veille::detail::positions

// SPDX-License-Identifier: MIT
// News text hygiene (include/veille/hygiene.hpp): which lines of a body are indexed.
//
// A line is identified by a 64-bit hash (FNV-1a) of its analysis::facet_key (folded, letters
// and digits only), so comparing lines costs one hash, never a re-analysis. Across documents
// the boilerplate rule needs the exact number of documents of a source holding a line. The
// first listed_holders of them are listed in the line's XL<source tag><line hash> metadata
// entry (or in the journal of recent changes, Lists below); the others hold a boolean term
// XH<source tag><line hash>, whose termfreq Xapian keeps exact through adds, replaces and
// deletes. So holders = listed + termfreq(XH), and a line held once or twice, most lines,
// costs one metadata entry rather than a term per document: Xapian's cost is per distinct
// term written (bench/README.md). A document that skipped a line as boilerplate also holds
// XB<source tag><line hash>, so termfreq(XB) == holders says that every holder of a
// boilerplate line is clean. See schema/schema.hpp for the terms, the
// metadata and the value slot.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/codec.hpp"
#include "core/key_filter.hpp"
#include "veille/hygiene.hpp"

#include <xapian.h>

namespace veille::hygiene {

/// FNV-1a, 64 bits (core/codec.hpp): stable, it is stored in the index.
constexpr std::uint64_t hash64(std::string_view s) noexcept { return detail::fnv1a64(s); }

/// hash64(analysis::facet_key(line)), computed without building the key; @p scratch is a
/// buffer reused between calls. The hash of a line without letters or digits is hash64("").
std::uint64_t line_hash(std::string_view line, std::string& scratch);

/// The 8 bytes that stand for a source (its facet_key) in the paragraph terms.
std::string source_tag(std::string_view source_key);

/// XH<tag><8 bytes>: the document holds this line.
std::string paragraph_term(std::string_view tag, std::uint64_t line);
/// XB<tag><8 bytes>: the document skipped this line as boilerplate.
std::string skipped_term(std::string_view tag, std::uint64_t line);
/// XL<tag><8 bytes>: the metadata key listing the first holders of this line.
std::string listed_key(std::string_view tag, std::uint64_t line);
/// The line hash of a paragraph term, skipped term or listed key (the 8 bytes after the tag).
std::uint64_t line_of_term(std::string_view term);

/// How many holders of a line its XL entry lists at most; the others hold its XH term.
inline constexpr std::size_t listed_holders = 3;
/// The documents an XL entry lists (varints). @throws veille::Error (corrupt) if damaged.
std::vector<Xapian::docid> decode_listed(std::string_view value);
std::string encode_listed(const std::vector<Xapian::docid>& docs);

/// The boilerplate rule: @p holders documents of a source of @p documents documents hold it.
bool is_boilerplate(std::uint64_t holders, std::uint64_t documents,
                    const HygieneOptions& options) noexcept;

/// Which rules a document was indexed with, stored with it: bit 0 repeated, bit 1 boilerplate.
unsigned flags(const HygieneOptions& options) noexcept;

/// @throws veille::Error (invalid_argument) for options that make no sense.
void validate(const HygieneOptions& options);

/// What hygiene recorded of one document (the hygiene value slot).
struct DocumentFigures {
    unsigned flags = 0;
    std::uint64_t body_bytes = 0;
    std::uint64_t repeated_parts = 0;
    std::uint64_t repeated_bytes = 0;
    std::uint64_t boilerplate_parts = 0;
    std::uint64_t boilerplate_bytes = 0;
};
std::string encode(const DocumentFigures& f);
/// @throws veille::Error (corrupt) if @p value is damaged.
DocumentFigures decode_figures(std::string_view value);

/// Where the boilerplate rule reads its counts: @p db, in which the document being planned
/// is already counted (@p self = 0: it is being re-analysed) or not yet (@p self = 1).
class Lists;
struct Counts {
    const Xapian::Database* db = nullptr;  // null: the boilerplate rule is not applied
    std::uint64_t self = 1;
    const Lists* lists = nullptr;  // the XL lists as db's reader sees them (journal, changes)
    // Documents per source key, kept as read: only for a reader of one committed revision
    // (emptied when it is reopened). At a million articles a source's term has a long posting
    // list, whose first chunk get_termfreq() copies out for every document otherwise.
    std::unordered_map<std::string, Xapian::doccount>* sources = nullptr;
};

/// The body of a document split into what is indexed and what is not.
struct Plan {
    std::vector<std::string> kept;     // NFC text of the lines to analyse, in order
    std::vector<SkippedPart> skipped;  // offsets into the original body
    std::string source_key;            // facet_key of the source
    std::string tag;                   // source tag; empty if the boilerplate rule was not applied
    std::vector<std::uint64_t> lines;  // distinct line hashes (listed or XH), if tag
    std::vector<std::uint64_t> boilerplate;  // of them, skipped as boilerplate (XB terms)
    DocumentFigures figures;
};

/// Plans the indexing of @p body (valid UTF-8) of a document titled @p title (NFC) from the
/// source whose facet_key is @p source_key. Xapian errors pass through.
Plan plan(std::string_view title, std::string_view body, std::string_view source_key,
          const HygieneOptions& options, const Counts& counts);

/// The distinct lines of a body as plan() counts them (empty lines and lines without letters
/// or digits left out), in order of first appearance.
std::vector<std::uint64_t> distinct_lines(std::string_view body);

/// The XL lists as the writer sees them (one writer thread): the changes of the transaction
/// are kept here and written at commit in key order. Kept by number, not by key string: the
/// writer looks up every line of every document here, and string keys sharing their first
/// ten bytes made that lookup a twelfth of its time on the Littré (bench/README.md).
///
/// A commit does not write its changes into the XL entries but into one XJ journal entry
/// (schema/schema.hpp), which every reader of the lists reads first; the journal is merged
/// into the XL entries once it holds journal_max changes. The XL keys are hashes, so a
/// commit's few thousand new lines landed all over their region of the B-tree: at a million
/// articles each commit rewrote a fifth of the blocks it wrote for them alone.
///
/// Most lines are new, so most lookups would descend the B-tree to find nothing: a Bloom
/// filter of the entries that exist (in the database, the journal or the changes) answers
/// those. So for the XH terms, whose counts plan() reads for every line of every document:
/// few lines are held by more documents than their list holds, so the writer keeps a filter
/// of the XH terms it gives and hands a copy to the analysis threads at each commit.
class Lists {
public:
    /// The filter takes at most @p filter_max_bytes (it then answers less often but never
    /// wrongly), and @p filter_first_bits at first (both powers of two, at least 64 bits);
    /// the journal is merged once it holds more than @p journal_max lines.
    static constexpr std::size_t default_first_bits = detail::KeyFilter::default_first_bits;
    explicit Lists(std::size_t filter_max_bytes = std::size_t{32} << 20,
                   std::size_t filter_first_bits = default_first_bits,
                   std::size_t journal_max = std::size_t{1} << 18) noexcept
        : journal_max_(journal_max),
          filter_(filter_max_bytes, filter_first_bits),
          termed_(filter_max_bytes / 4, std::min(filter_first_bits, std::size_t{1} << 20)) {}

    /// The lists as a reader of a committed revision sees them (the analysis threads): no
    /// filter, since another object writes; call reopened() after reopening the database.
    static Lists reader() noexcept {
        Lists l;
        l.filtered_ = false;
        return l;
    }
    /// The database given to get() was reopened: the next get() reads its journal again.
    /// @p termed: the writer's termed_snapshot() taken after the revision was committed
    /// (null: every count is read).
    void reopened(std::shared_ptr<const detail::KeyFilter> termed = nullptr) noexcept {
        journal_read_ = false;
        termed_view_ = std::move(termed);
    }

    /// Whether the document count of @p line's XH term may be other than 0 (false: it is 0,
    /// no need to read it).
    [[nodiscard]] bool may_be_termed(std::string_view tag, std::uint64_t line) const;
    /// The writer writes a document whose @p lines counts an analysis thread read (claim()).
    void counted(std::size_t lines) noexcept { planned_ += lines; }
    /// The writer gives @p line its XH term (claim()).
    void termed(std::string_view tag, std::uint64_t line) { termed_.add(key(tag, line).folded()); }
    /// The writer's filter of XH terms, for the analysis threads' next revision: null until
    /// the counts they read without it make it worth building (core/key_filter.hpp); call
    /// before the commit, since it must hold every XH term of the revision they will read.
    [[nodiscard]] std::shared_ptr<const detail::KeyFilter> termed_snapshot(
        const Xapian::Database& db);

    /// The value of the XL list of @p line of the source tagged @p tag. Xapian errors pass
    /// through; @throws veille::Error (corrupt) if the journal is damaged.
    [[nodiscard]] std::string get(const Xapian::Database& db, std::string_view tag,
                                  std::uint64_t line) const;
    /// "" removes the entry.
    void set(std::string_view tag, std::uint64_t line, std::string value);
    /// Writes the changes to @p db (still to be committed) and forgets them: as a journal
    /// entry, or, when the journal is full, merged with it into the XL entries.
    void apply(Xapian::WritableDatabase& db);
    /// The lines of the source tagged @p tag whose lists are in the journal or the changes
    /// and not empty (the XL entries hold the others).
    [[nodiscard]] std::vector<std::uint64_t> unmerged_lines(const Xapian::Database& db,
                                                            std::string_view tag) const;

private:
    struct Key {
        std::uint64_t tag;  // the source tag's 8 bytes, big-endian: keys sort as XL keys do
        std::uint64_t line;
        bool operator==(const Key&) const = default;
        // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 misreads a defaulted <=>
        auto operator<=>(const Key&) const = default;
        // The filter's key: the tags are hashes of only a few sources, so mixed in first.
        [[nodiscard]] std::uint64_t folded() const noexcept { return line ^ detail::mix64(tag); }
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept {
            return static_cast<std::size_t>(k.line ^ (k.tag * 0x9E3779B97F4A7C15ULL));
        }
    };
    using Map = std::unordered_map<Key, std::string, KeyHash>;
    static Key key(std::string_view tag, std::uint64_t line) noexcept;

    // Whether the key may have an entry (in the database, the journal or the changes): the
    // filter answers for most new lines, which have none (core/key_filter.hpp).
    [[nodiscard]] bool may_exist(const Xapian::Database& db, const Key& k) const;

    // Reads the XJ entries of @p db not read yet: all of them if the journal was merged since.
    void read_journal(const Xapian::Database& db) const;
    // Merged at this many entries too, however small: a reader lists them all to find new ones.
    static constexpr std::size_t journal_max_entries = 4096;

    std::size_t journal_max_;
    bool filtered_ = true;
    Map changes_;
    mutable detail::KeyFilter filter_;
    detail::KeyFilter termed_;   // the writer's: every XH term it gave or the index holds
    std::uint64_t planned_ = 0;  // lines whose counts the analysis threads read since
    std::shared_ptr<const detail::KeyFilter> termed_view_;  // a reader's copy
    // The journal as last read or written: its lines' lists, and its entries' numbers.
    mutable Map journal_;
    mutable std::vector<std::uint64_t> journal_entries_;
    mutable std::uint64_t next_entry_ = 0;  // never reused by one writer: readers see merges
    mutable bool journal_read_ = false;
};

/// Before writing @p x, planned as @p plan: gives it the XH term of each line whose list is
/// full, and returns the others, to list it in once it has a docid (enlist).
struct Listing {
    std::uint64_t line;
    std::string value;  // the list before the document joins it
};
std::vector<Listing> claim(const Xapian::Database& db, Lists& lists, Xapian::Document& x,
                           const Plan& plan);
/// Lists document @p did, of the source tagged @p tag, in the entries claim() returned.
void enlist(Lists& lists, std::string_view tag, Xapian::docid did,
            const std::vector<Listing>& lines);
/// Document @p did, which held @p lines of the source tagged @p tag, is about to be removed
/// or replaced: it leaves the lists it is in (its XH terms go with the document).
void release(const Xapian::Database& db, Lists& lists, Xapian::docid did, std::string_view tag,
             const std::vector<std::uint64_t>& lines);

/// Per-source figures of Searcher::hygiene_stats(). Xapian errors pass through.
std::vector<SourceHygiene> source_stats(const Xapian::Database& db);

/// @p body with the skipped parts taken out (kept lines joined by '\n'): what snippets show.
std::string visible(std::string_view body, const std::vector<SkippedPart>& skipped);

}  // namespace veille::hygiene

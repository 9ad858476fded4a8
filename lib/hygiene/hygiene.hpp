// SPDX-License-Identifier: MIT
// News text hygiene (include/veille/hygiene.hpp): which lines of a body are indexed.
//
// A line is identified by a 64-bit hash (FNV-1a) of its analysis::facet_key (folded, letters
// and digits only), so comparing lines costs one hash, never a re-analysis. Across documents
// the count the boilerplate rule needs is Xapian's own term frequency: every document of a
// source holds one boolean term XH<source tag><line hash> per distinct line, so
// termfreq(XH...) is the exact number of documents of the source holding the line, kept up
// to date by Xapian through adds, replaces and deletes with no bookkeeping of ours. A
// document that skipped a line as boilerplate also holds XB<source tag><line hash>, so
// termfreq(XB) == termfreq(XH) says, in two lookups, that every holder of a boilerplate line
// is clean. See schema/schema.hpp for the terms and the value slot.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/codec.hpp"
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
/// The line hash of a paragraph or skipped term (the 8 bytes after the tag).
std::uint64_t line_of_term(std::string_view term);

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
struct Counts {
    const Xapian::Database* db = nullptr;  // null: the boilerplate rule is not applied
    std::uint64_t self = 1;
};

/// The body of a document split into what is indexed and what is not.
struct Plan {
    std::vector<std::string> kept;     // NFC text of the lines to analyse, in order
    std::vector<SkippedPart> skipped;  // offsets into the original body
    std::string source_key;            // facet_key of the source
    std::string tag;                   // source tag; empty if the boilerplate rule was not applied
    std::vector<std::uint64_t> lines;  // distinct line hashes (XH terms), if tag
    std::vector<std::uint64_t> boilerplate;  // of them, skipped as boilerplate (XB terms)
    DocumentFigures figures;
};

/// Plans the indexing of @p body (valid UTF-8) of a document titled @p title (NFC) from the
/// source whose facet_key is @p source_key. Xapian errors pass through.
Plan plan(std::string_view title, std::string_view body, std::string_view source_key,
          const HygieneOptions& options, const Counts& counts);

/// Per-source figures of Searcher::hygiene_stats(). Xapian errors pass through.
std::vector<SourceHygiene> source_stats(const Xapian::Database& db);

/// @p body with the skipped parts taken out (kept lines joined by '\n'): what snippets show.
std::string visible(std::string_view body, const std::vector<SkippedPart>& skipped);

}  // namespace veille::hygiene

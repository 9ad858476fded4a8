// SPDX-License-Identifier: MIT
/// @file
/// News text hygiene: repeated paragraphs and site boilerplate are kept in the stored
/// document but not indexed, so they neither match queries, nor weigh in ranking, nor show
/// in snippets.
///
/// Thread safety: the types here are plain values, safe to copy between threads.
///
/// A paragraph is a line of the body (text between two line breaks), compared after
/// normalisation: case, accents, spaces and punctuation do not matter. Two rules:
/// - repeated: a line that repeats the title or an earlier line of the same document is not
///   indexed again (an aggregator page holding the article twice ranks like one copy);
/// - boilerplate: a line found in at least HygieneOptions::boilerplate_min_documents
///   documents of the same source, and in at least HygieneOptions::boilerplate_min_share of
///   that source's documents, is not indexed in any document of that source (disclaimers,
///   « Voir l'original », menus, share buttons). Documents without a source are exempt.
///
/// What is indexed is a function of the set of documents and of the options only, not of the
/// order in which documents were added: Index::commit() (when clean_at_commit is set)
/// re-analyses, from the stored originals, documents indexed before one of their lines
/// became boilerplate (or after it stopped being one), and Index::clean() brings a whole
/// index, whatever options it was built with, to that state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "veille/export.hpp"

namespace veille {

/// The hygiene rules of an Index (IndexOptions::hygiene). A plain value type.
struct HygieneOptions {
    /// Do not index a line that repeats the title or an earlier line of the same document.
    bool skip_repeated = true;
    /// Do not index lines that are boilerplate of their source (see below).
    bool skip_boilerplate = true;
    /// A line is boilerplate when at least this many documents of its source hold it
    /// (at least 2)...
    std::uint64_t boilerplate_min_documents = 5;
    /// ...and at least this share of the source's documents hold it (0 to 1; 0.01 = 1 %).
    double boilerplate_min_share = 0.01;
    /// At each Index::commit(), re-analyse the documents whose lines changed status because
    /// of the changes being committed (cheap: only the lines and sources touched are
    /// checked). Without it, call Index::clean().
    bool clean_at_commit = true;
};

/// Why a part of a body was not indexed.
enum class SkipReason {
    repeated,     ///< repeats the title or an earlier line of the same document
    boilerplate,  ///< found in many documents of the same source
};

/// "repeated" or "boilerplate".
VEILLE_EXPORT std::string_view to_string(SkipReason reason) noexcept;

/// A part of a document's body that was not indexed. A plain value type.
struct SkippedPart {
    std::size_t begin = 0;  ///< byte offset in Document::body (as added and as returned)
    std::size_t end = 0;    ///< byte offset just past the part (the line, without its '\n')
    SkipReason reason = SkipReason::repeated;

    friend bool operator==(const SkippedPart&, const SkippedPart&) = default;
};

/// How much text hygiene kept out of the index for one source. A plain value type.
struct SourceHygiene {
    std::string source;                ///< display form as given ("" for documents without one)
    std::uint64_t documents = 0;       ///< documents of the source
    std::uint64_t unchecked = 0;       ///< of them, indexed with both rules off (or before hygiene)
    std::uint64_t body_bytes = 0;      ///< total size of their bodies (checked documents)
    std::uint64_t repeated_parts = 0;  ///< lines skipped as repeated
    std::uint64_t repeated_bytes = 0;  ///< their size
    std::uint64_t boilerplate_parts = 0;  ///< lines skipped as boilerplate
    std::uint64_t boilerplate_bytes = 0;  ///< their size
    std::uint64_t boilerplate_lines = 0;  ///< distinct boilerplate lines of the source
};

/// What Index::clean() (or the cleaning of a commit) did. A plain value type.
struct CleanReport {
    std::uint64_t documents = 0;  ///< documents in the index
    std::uint64_t paragraphs_checked =
        0;  ///< distinct (source, line) pairs whose status was checked
    std::uint64_t boilerplate_lines = 0;  ///< of them, boilerplate
    std::uint64_t reanalysed = 0;         ///< documents re-analysed from their stored originals
};

}  // namespace veille

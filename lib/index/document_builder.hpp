// SPDX-License-Identifier: MIT
// Turns a veille::Document into the Xapian document the schema describes (schema/schema.hpp):
// the only place where terms, values and data of a document are written.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>

#include "analysis/accents.hpp"
#include "analysis/french.hpp"
#include "hygiene/hygiene.hpp"
#include "index/positions.hpp"
#include "index/spelling_table.hpp"
#include "persons/person_index.hpp"
#include "veille/document.hpp"
#include "veille/index.hpp"

#include <xapian.h>

namespace veille::detail {

/// Xapian's glass backend refuses longer terms.
inline constexpr std::size_t max_term_bytes = 245;
/// Longest id accepted (the Q term must fit in max_term_bytes).
inline constexpr std::size_t max_id_bytes = 200;
/// Largest document accepted, all fields together: far above any news article, low enough
/// that one document cannot exhaust the memory of the writer (its terms and positions take
/// several times its size until the commit).
inline constexpr std::size_t max_document_bytes = std::size_t{64} * 1024 * 1024;
/// Positions left between title and body, so no phrase spans the two.
inline constexpr std::uint32_t title_body_gap = 100;

/// What one document brings to the tables of the whole index, each list sorted, each entry once.
struct WordLists {
    analysis::AccentPairs accents;    // (alt, term) pairs of its accented words
    std::vector<SpellingWord> words;  // its spelling words (none when spelling is off)
};

/// A document as built for the index, with what the writer does with it besides writing it.
struct BuiltDocument {
    Xapian::Document doc;
    hygiene::Plan plan;  // its lines and what hygiene skipped, for the writer's bookkeeping
    WordLists words;     // for the accent map and the spelling word list
};

class DocumentBuilder {
public:
    DocumentBuilder(const IndexOptions& options, PersonAliases aliases);

    /// @p doc: a document validate() accepted (Index::add checks each once; the stored
    /// originals clean() re-analyses were checked when added). @p counts: where the
    /// boilerplate rule reads how many documents hold a line (none: the rule is not applied;
    /// hygiene/hygiene.hpp).
    /// @throws veille::Error if Xapian refuses the document (as rethrow_xapian translates it).
    BuiltDocument build(const Document& doc, const hygiene::Counts& counts = {});

    /// Re-resolves the persons of @p x, a document this builder's schema wrote, from its
    /// stored document (aliases changed).
    /// @return whether they changed (then @p x is updated).
    /// @throws veille::Error (corrupt) if its data is not a stored document.
    bool refresh_persons(Xapian::Document& x) const;

    [[nodiscard]] const PersonAliases& aliases() const noexcept { return persons_.aliases(); }

    /// The index's unposted terms (positions::Unposted): written to the positions only.
    void set_unposted(std::shared_ptr<const positions::Unposted> unposted) {
        positions_.set_unposted(std::move(unposted));
    }
    [[nodiscard]] const std::shared_ptr<const positions::Unposted>& unposted() const noexcept {
        return positions_.unposted();
    }

    /// Terms dropped because they were too long, since construction.
    [[nodiscard]] std::uint64_t long_terms_skipped() const noexcept;

private:
    analysis::Analyzer analyzer_;
    PersonResolver persons_;
    // The steps of build(): the words of the title and the kept lines, then the boolean
    // fields, then the persons and the stored original.
    void add_text(BuiltDocument& out, const std::string& title);
    static void add_fields(Xapian::Document& x, const Document& doc, const std::string& source);
    void add_persons_and_original(BuiltDocument& out, const Document& doc,
                                  const std::string& title);

    HygieneOptions hygiene_;
    bool spelling_;
    positions::Writer positions_;
    std::uint64_t long_terms_ = 0;
};

/// Checks what Index::add requires of a document.
/// @throws veille::Error (invalid_argument) naming the field at fault.
void validate(const Document& doc);

}  // namespace veille::detail

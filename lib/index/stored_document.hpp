// SPDX-License-Identifier: MIT
// The original document, stored in value slot schema::slot::stored so that display,
// snippets and re-analysis (aliases, hygiene) never need the original files.
//
// Format: the size of the record as a varint, then the record in zlib format (libdeflate). The
// record is the byte 'V' and a format version byte, then fields as (tag byte, varint length,
// bytes). Lists repeat their tag. Readers skip tags they do not know, so fields can be added
// without breaking older indexes.
//
// Why a value and not Xapian's document data: Xapian compresses document data itself, in the
// writer thread, which is what bounds indexing speed; a value is stored as given, so the
// compression runs in the analysis threads (bench/README.md, Design notes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "veille/document.hpp"
#include "veille/hygiene.hpp"

#include <xapian.h>

namespace veille::detail {

struct StoredDocument {
    Document doc;                      // as added; doc.persons are the explicit persons
    std::vector<std::string> persons;  // display forms of the persons indexed
    std::vector<SkippedPart> skipped;  // parts of doc.body not indexed (hygiene), in order
};

std::string encode(const StoredDocument& stored);

/// @throws veille::Error (corrupt) if @p data is not a stored document.
StoredDocument decode(std::string_view data);

/// Stores @p stored in @p x, replacing what it held.
void store(Xapian::Document& x, const StoredDocument& stored);

/// The document stored in @p x.
/// @throws veille::Error (corrupt) if it holds none or a damaged one.
StoredDocument load(const Xapian::Document& x);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// The original document, stored as the Xapian document data so that display, snippets and
// re-analysis (aliases, hygiene) never need the original files.
//
// Format: the byte 'V' and a format version byte, then fields as (tag byte, varint length,
// bytes). Lists repeat their tag. Readers skip tags they do not know, so fields can be added
// without breaking older indexes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "veille/document.hpp"
#include "veille/hygiene.hpp"

namespace veille::detail {

struct StoredDocument {
    Document doc;                         // as added; doc.persons are the explicit persons
    std::vector<std::string> persons;     // display forms of the persons indexed
    std::vector<SkippedPart> skipped;     // parts of doc.body not indexed (hygiene), in order
};

std::string encode(const StoredDocument& stored);

/// @throws veille::Error (corrupt) if @p data is not a stored document.
StoredDocument decode(std::string_view data);

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
/// @file
/// The article as veille stores and returns it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "veille/export.hpp"

namespace veille {

/// One news article. A plain value type: copy it freely between threads.
struct Document {
    std::string id;     ///< required, unique in the index; at most 200 bytes
    std::string title;  ///< headline
    std::string body;   ///< text of the article; paragraphs separated by blank lines or newlines
    std::string
        source;        ///< publisher ("Le Monde"), shown as written, matched ignoring case/accents
    std::string date;  ///< "YYYY", "YYYY-MM" or "YYYY-MM-DD", or empty
    std::string url;   ///< optional link to the original
    /// Persons mentioned. Left empty, veille finds them in the title and body at indexing;
    /// given, they are kept as given (canonicalised the same way).
    std::vector<std::string> persons;

    friend bool operator==(const Document&, const Document&) = default;
};

/// Whether @p date is empty or a real calendar date written "YYYY", "YYYY-MM" or "YYYY-MM-DD".
VEILLE_EXPORT bool is_valid_date(std::string_view date) noexcept;

/// Makes a document acceptable to Index::add without losing what is valid in it, and says
/// what it changed: invalid UTF-8 is replaced by U+FFFD, control characters in the id,
/// title, source, date, url and persons become spaces (NUL bytes are dropped from the body),
/// and a date that is not valid is cleared.
/// @return one warning per change, in words ("invalid UTF-8 repaired in body"); empty if
///         the document was already clean.
VEILLE_EXPORT std::vector<std::string> sanitize(Document& doc);

}  // namespace veille

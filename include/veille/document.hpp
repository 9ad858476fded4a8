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

/// The encodings decode_text() reads.
enum class TextEncoding {
    utf8,         ///< UTF-8, as it was
    utf8_bom,     ///< UTF-8 after a byte order mark, dropped
    utf16le,      ///< UTF-16 little-endian, after its byte order mark
    utf16be,      ///< UTF-16 big-endian, after its byte order mark
    windows1252,  ///< Windows-1252, Latin-1's superset: no BOM, and not a single UTF-8 sequence
};

/// Turns the bytes of a file or record from an encoding French archives use into UTF-8, in
/// place. Bytes with a BOM are read by it; bytes without are UTF-8, unless they are not valid
/// UTF-8 and hold no multi-byte UTF-8 sequence at all: then they are Windows-1252 (Latin-1
/// text, « été » written E9 74 E9). UTF-8 damaged here and there, with valid sequences
/// elsewhere, stays UTF-8 for sanitize() to repair.
/// @return the encoding read; windows1252 is a guess, which deserves a warning.
/// @throws veille::Error (invalid_argument) for UTF-16 of an odd number of bytes or with
///         unpaired surrogates.
VEILLE_EXPORT TextEncoding decode_text(std::string& bytes);

/// "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE" or "Windows-1252".
VEILLE_EXPORT std::string_view to_string(TextEncoding encoding) noexcept;

}  // namespace veille

// SPDX-License-Identifier: MIT
#include "veille/document.hpp"

#include "analysis/text.hpp"
#include "dates/date.hpp"
#include "veille/error.hpp"

#include <unicode/unistr.h>

namespace veille {

bool is_valid_date(std::string_view date) noexcept {
    return date.empty() || detail::parse_iso_date(date).has_value();
}

namespace {

// Control characters have no business in a one-line field; they would break display and
// the separators of the persons value slot.
std::size_t replace_controls(std::string& s, bool keep_newlines) {
    std::size_t changed = 0;
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == 0) {
            ++changed;
            continue;
        }
        if ((c < 0x20 || c == 0x7F) && !(keep_newlines && (c == '\n' || c == '\t' || c == '\r'))) {
            out += ' ';
            ++changed;
            continue;
        }
        out += ch;
    }
    if (changed) s = std::move(out);
    return changed;
}

void clean_field(std::string& value, std::string_view name, bool multiline,
                 std::vector<std::string>& warnings) {
    if (auto n = analysis::repair_utf8(value))
        warnings.push_back("invalid UTF-8 repaired in " + std::string(name) + " (" +
                           std::to_string(n) + " sequence" + (n > 1 ? "s" : "") + ")");
    if (auto n = replace_controls(value, multiline))
        warnings.push_back("control characters removed from " + std::string(name) + " (" +
                           std::to_string(n) + ")");
}

}  // namespace

std::vector<std::string> sanitize(Document& doc) {
    std::vector<std::string> warnings;
    clean_field(doc.id, "id", false, warnings);
    clean_field(doc.title, "title", false, warnings);
    clean_field(doc.body, "body", true, warnings);
    clean_field(doc.source, "source", false, warnings);
    clean_field(doc.date, "date", false, warnings);
    clean_field(doc.url, "url", false, warnings);
    for (auto& p : doc.persons) clean_field(p, "persons", false, warnings);
    if (!is_valid_date(doc.date)) {
        warnings.push_back("date '" + doc.date +
                           "' is not a valid YYYY, YYYY-MM or YYYY-MM-DD "
                           "date; indexed without a date");
        doc.date.clear();
    }
    return warnings;
}

namespace {

// Whether @p s holds at least one well-formed multi-byte UTF-8 sequence.
bool has_utf8_sequence(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0xC2 || c > 0xF4) continue;
        const std::size_t n = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
        if (i + n >= s.size()) continue;
        bool ok = true;
        for (std::size_t k = 1; k <= n; ++k)
            ok = ok && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok) return true;
    }
    return false;
}

std::string convert(std::string_view bytes, const char* from) {
    const icu::UnicodeString text(bytes.data(), static_cast<int32_t>(bytes.size()), from);
    if (text.isBogus())
        throw Error(ErrorCode::internal, std::string("cannot read text as ") + from);
    std::string out;
    text.toUTF8String(out);
    return out;
}

}  // namespace

TextEncoding decode_text(std::string& bytes) {
    const std::string_view b(bytes);
    if (b.starts_with("\xEF\xBB\xBF")) {
        bytes.erase(0, 3);
        return TextEncoding::utf8_bom;
    }
    const bool le = b.starts_with("\xFF\xFE"), be = b.starts_with("\xFE\xFF");
    if (le || be) {
        if (b.size() % 2 != 0)
            throw Error(ErrorCode::invalid_argument,
                        "UTF-16 text of an odd number of bytes (" + std::to_string(b.size()) + ")");
        // ICU turns unpaired surrogates into U+FFFD: refuse them rather than guess.
        for (std::size_t i = 2; i + 1 < b.size(); i += 2) {
            const auto u = static_cast<unsigned>(static_cast<unsigned char>(b[i + (le ? 1 : 0)]));
            const bool high = u >= 0xD8 && u <= 0xDB, low = u >= 0xDC && u <= 0xDF;
            if (low)
                throw Error(ErrorCode::invalid_argument, "UTF-16 text with an unpaired surrogate");
            if (high) {
                const auto v =
                    i + 3 < b.size()
                        ? static_cast<unsigned>(static_cast<unsigned char>(b[i + 2 + (le ? 1 : 0)]))
                        : 0U;
                if (v < 0xDC || v > 0xDF)
                    throw Error(ErrorCode::invalid_argument,
                                "UTF-16 text with an unpaired surrogate");
                i += 2;
            }
        }
        bytes = convert(b.substr(2), le ? "UTF-16LE" : "UTF-16BE");
        return le ? TextEncoding::utf16le : TextEncoding::utf16be;
    }
    if (analysis::valid_utf8(b) || has_utf8_sequence(b)) return TextEncoding::utf8;
    bytes = convert(b, "windows-1252");
    return TextEncoding::windows1252;
}

std::string_view to_string(TextEncoding encoding) noexcept {
    switch (encoding) {
        case TextEncoding::utf8:
            return "UTF-8";
        case TextEncoding::utf8_bom:
            return "UTF-8 with BOM";
        case TextEncoding::utf16le:
            return "UTF-16LE";
        case TextEncoding::utf16be:
            return "UTF-16BE";
        case TextEncoding::windows1252:
            return "Windows-1252";
    }
    return "?";
}

}  // namespace veille

// SPDX-License-Identifier: MIT
#include "veille/document.hpp"

#include "analysis/text.hpp"
#include "core/date.hpp"

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

}  // namespace veille

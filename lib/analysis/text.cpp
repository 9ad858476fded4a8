// SPDX-License-Identifier: MIT
#include "analysis/text.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "veille/error.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace veille::analysis {

namespace {

const icu::Normalizer2& nfc_normalizer() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || n == nullptr)
        throw Error(ErrorCode::internal, std::string("ICU NFC normaliser: ") + u_errorName(status));
    return *n;
}

const icu::Normalizer2& nfkd_normalizer() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(status);
    if (U_FAILURE(status) || n == nullptr)
        throw Error(ErrorCode::internal,
                    std::string("ICU NFKD normaliser: ") + u_errorName(status));
    return *n;
}

// Letters that no Unicode decomposition spells out but that French readers type without.
std::string_view special_fold(UChar32 c) {
    switch (c) {
        case U'œ':
        case U'Œ':
            return "oe";
        case U'æ':
        case U'Æ':
            return "ae";
        case U'ß':
        case U'ẞ':
            return "ss";
        case U'ø':
        case U'Ø':
            return "o";
        case U'đ':
        case U'Đ':
        case U'ð':
        case U'Ð':
            return "d";
        case U'ł':
        case U'Ł':
            return "l";
        case U'ı':
            return "i";
        case U'þ':
        case U'Þ':
            return "th";
        default:
            return {};
    }
}

std::string compute_fold(UChar32 c) {
    if (auto s = special_fold(c); !s.empty()) return std::string(s);
    icu::UnicodeString decomposed;
    if (!nfkd_normalizer().getDecomposition(c, decomposed)) decomposed = icu::UnicodeString(c);
    decomposed.foldCase();
    std::string out;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 d = decomposed.char32At(i);
        i += U16_LENGTH(d);
        if (u_charType(d) == U_NON_SPACING_MARK) continue;
        if (auto s = special_fold(d); !s.empty()) {
            out += s;
            continue;
        }
        append_utf8(out, static_cast<char32_t>(d));
    }
    return out;
}

// Folding every code point through ICU is slow; the scripts of European news fit in a table
// built once.
constexpr UChar32 table_limit = 0x3000;

const std::vector<std::string>& fold_table() {
    static const std::vector<std::string> table = [] {
        std::vector<std::string> t(table_limit);
        for (UChar32 c = 0; c < table_limit; ++c) {
            if (U_IS_SURROGATE(c)) continue;
            t[static_cast<std::size_t>(c)] = compute_fold(c);
        }
        return t;
    }();
    return table;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& i) noexcept {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto len = static_cast<int32_t>(s.size());
    auto pos = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, pos, len, c);
    i = static_cast<std::size_t>(pos);
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool valid_utf8(std::string_view s) noexcept {
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        if (p[i] < 0x80) {
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) return false;
    }
    return true;
}

std::size_t repair_utf8(std::string& s) {
    if (valid_utf8(s)) return 0;
    std::string out;
    out.reserve(s.size() + 16);
    std::size_t repaired = 0;
    const auto* p = reinterpret_cast<const uint8_t*>(s.data());
    const auto len = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < len;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(p, i, len, c);
        if (c < 0) {
            out += "\xEF\xBF\xBD";
            ++repaired;
        } else {
            out.append(s, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        }
    }
    s = std::move(out);
    return repaired;
}

std::string nfc(std::string_view s) {
    bool ascii = true;
    for (unsigned char ch : s)
        if (ch >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return std::string(s);
    const auto& n = nfc_normalizer();
    UErrorCode status = U_ZERO_ERROR;
    const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
    if (n.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return std::string(s);
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(s.size()));
    n.normalizeUTF8(0, piece, sink, nullptr, status);
    if (U_FAILURE(status))
        throw Error(ErrorCode::internal,
                    std::string("ICU NFC normalisation: ") + u_errorName(status));
    return out;
}

void append_lower(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (ch < 0x80) {
            out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            ++i;
            continue;
        }
        const char32_t c = next_code_point(s, i);
        append_utf8(
            out, static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)));
    }
}

void append_folded(std::string& out, std::string_view s) {
    const auto& table = fold_table();
    for (std::size_t i = 0; i < s.size();) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (ch < 0x80) {
            out += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
            ++i;
            continue;
        }
        const char32_t c = next_code_point(s, i);
        if (c < static_cast<char32_t>(table_limit))
            out += table[c];
        else
            out += compute_fold(static_cast<UChar32>(c));
    }
}

bool is_apostrophe(char32_t c) noexcept {
    return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'\u2032' ||
           c == U'`' || c == U'\u00B4' || c == U'\u201B';
}

bool is_word_char(char32_t c) noexcept {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (is_apostrophe(c)) return false;
    const auto u = static_cast<UChar32>(c);
    if (u_isalnum(u)) return true;
    const auto type = u_charType(u);
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
           type == U_ENCLOSING_MARK;
}

bool is_elision(std::string_view word) noexcept {
    static constexpr std::array<std::string_view, 13> articles{
        "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"};
    if (word.empty() || word.size() > 7) return false;
    char lower[8];
    for (std::size_t i = 0; i < word.size(); ++i) {
        const char ch = word[i];
        if (static_cast<unsigned char>(ch) >= 0x80) return false;
        lower[i] = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
    }
    const std::string_view w(lower, word.size());
    return std::find(articles.begin(), articles.end(), w) != articles.end();
}

std::string_view strip_elisions(std::string_view word) noexcept {
    for (std::size_t p = word.find('\''); p != std::string_view::npos; p = word.find('\'')) {
        if (p + 1 >= word.size() || !is_elision(word.substr(0, p))) break;
        word.remove_prefix(p + 1);
    }
    return word;
}

std::string facet_key(std::string_view s) {
    std::string f;
    append_folded(f, s);
    std::string key;
    key.reserve(f.size());
    for (std::size_t i = 0; i < f.size();) {
        const std::size_t start = i;
        const char32_t c = next_code_point(f, i);
        if (u_isalnum(static_cast<UChar32>(c))) key.append(f, start, i - start);
    }
    return key;
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const char32_t c = next_code_point(s, i);
        if (u_isUWhiteSpace(static_cast<UChar32>(c)) || c == U'\u00A0' || c == U'\u202F') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out.append(s, start, i - start);
    }
    return out;
}

namespace {

enum class Case : unsigned char { other, small, capital };

Case case_of(char32_t c) noexcept {
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z') return Case::small;
        if (c >= 'A' && c <= 'Z') return Case::capital;
        return Case::other;
    }
    if (u_islower(static_cast<UChar32>(c))) return Case::small;
    if (u_isupper(static_cast<UChar32>(c))) return Case::capital;
    return Case::other;
}

}  // namespace

std::vector<std::size_t> glue_points(std::string_view word) {
    std::vector<std::size_t> points;
    // Most words have no capital after their first letter: a byte scan tells.
    bool maybe = false;
    for (std::size_t i = 1; i < word.size() && !maybe; ++i) {
        const auto b = static_cast<unsigned char>(word[i]);
        maybe = b >= 0x80 || (b >= 'A' && b <= 'Z');
    }
    if (!maybe) return points;
    struct Letter {
        std::size_t begin;
        Case c;
    };
    std::vector<Letter> letters;
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t begin = i;
        letters.push_back({begin, case_of(next_code_point(word, i))});
    }
    const auto at = [&](std::size_t k) { return k < letters.size() ? letters[k].c : Case::other; };
    std::size_t capitals = 0;  // the run of capitals ending just before letter k
    for (std::size_t k = 1; k < letters.size() && points.size() < 7; ++k) {
        capitals = at(k - 1) == Case::capital ? capitals + 1 : 0;
        const Case c = at(k);
        const bool camel =
            at(k - 1) == Case::small && c == Case::capital && at(k + 1) == Case::small;
        const bool acronym = capitals >= 2 && c == Case::small && at(k + 1) == Case::small;
        if (camel || acronym) points.push_back(letters[k].begin);
    }
    return points;
}

std::string unglue(std::string_view text) {
    std::string out;
    std::size_t copied = 0;
    const auto cut = [&](std::size_t at) {
        out.append(text, copied, at - copied);
        out += ' ';
        copied = at;
    };
    const auto case_at = [&](std::size_t& at) {
        return at < text.size() ? case_of(next_code_point(text, at)) : Case::other;
    };
    Case before = Case::other;  // the last letter's, Case::other after any other character
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t begin = i;
        const char32_t c = next_code_point(text, i);
        Case k = case_of(c);
        if (k == Case::other) {
            std::size_t j = i;
            if (c == '.' && before == Case::small && case_at(j) == Case::capital &&
                case_at(j) == Case::small)
                cut(i);
            before = Case::other;
            continue;
        }
        // A run of letters: its glue points.
        std::size_t end = i;
        before = k;
        for (std::size_t j = i; (k = case_at(j)) != Case::other; end = j) before = k;
        for (const std::size_t p : glue_points(text.substr(begin, end - begin))) cut(begin + p);
        i = end;
    }
    out.append(text, copied, std::string_view::npos);
    return out;
}

}  // namespace veille::analysis

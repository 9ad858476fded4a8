// SPDX-License-Identifier: MIT
#include "analysis/french.hpp"

#include <unicode/uchar.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

namespace veille::analysis {

namespace {

// The Snowball French stop list, lower case with accents.
const std::unordered_set<std::string_view>& stopword_set() {
    static const std::unordered_set<std::string_view> set{
#include "analysis/stopwords_fr.inc"
    };
    return set;
}

bool is_apostrophe(char32_t c) noexcept {
    return c == U'\'' || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'\u2032' ||
           c == U'`' || c == U'\u00B4' || c == U'\u201B';
}

// The code point ranges Xapian's CJK n-gram mode treats as CJK (xapian-core cjk-tokenizer).
bool is_cjk(char32_t c) noexcept {
    return (c >= 0x2E80 && c <= 0x2EFF) || (c >= 0x3000 && c <= 0x9FFF) ||
           (c >= 0xA700 && c <= 0xA71F) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2F800 && c <= 0x2FA1F);
}

bool is_word_char(char32_t c) noexcept {
    const auto u = static_cast<UChar32>(c);
    if (u_isalnum(u)) return true;
    const auto type = u_charType(u);
    return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
           type == U_ENCLOSING_MARK;
}

std::string with_plain_apostrophes(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t start = i;
        const char32_t c = next_code_point(word, i);
        if (is_apostrophe(c))
            out += '\'';
        else
            out.append(word, start, i - start);
    }
    return out;
}

bool all_digits(std::string_view s) noexcept {
    for (char ch : s)
        if (ch < '0' || ch > '9') return false;
    return true;
}

}  // namespace

struct Analyzer::Impl {
    Xapian::Stem stemmer{"french"};
    std::unordered_map<std::string, Entry> cache;
    std::string key;  // scratch, to look words up without allocating

    // Bounded so that a corpus of endless distinct words cannot grow memory without limit.
    static constexpr std::size_t max_cache = 1U << 19;

    Entry analyse_word(std::string_view word) {
        Entry e;
        std::string lower;
        append_lower(lower, with_plain_apostrophes(word));
        e.stop = stopword_set().contains(lower);
        if (all_digits(lower)) {
            e.term = lower;
            return e;
        }
        e.term = folded(stemmer(lower));
        std::string plain = folded(lower);
        if (plain != lower) {
            std::string alt = folded(stemmer(plain));
            if (alt != e.term) e.alt = std::move(alt);
        }
        return e;
    }
};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

Analyzer::CharClass Analyzer::classify(char32_t c) noexcept {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            return CharClass::letter;
        return c == '\'' || c == '`' ? CharClass::apostrophe : CharClass::separator;
    }
    if (is_apostrophe(c)) return CharClass::apostrophe;
    if (!is_word_char(c)) return CharClass::separator;
    return is_cjk(c) ? CharClass::cjk : CharClass::letter;
}

bool Analyzer::is_elision(std::string_view word) noexcept {
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
    for (auto a : articles)
        if (a == w) return true;
    return false;
}

const Analyzer::Entry& Analyzer::lookup(std::string_view word) {
    auto& cache = impl_->cache;
    impl_->key.assign(word);
    if (auto it = cache.find(impl_->key); it != cache.end()) return it->second;
    if (cache.size() >= Impl::max_cache) cache.clear();
    return cache.emplace(impl_->key, impl_->analyse_word(word)).first->second;
}

std::string Analyzer::term(std::string_view word) {
    // The query parser keeps apostrophes inside words: remove an elided article here too.
    std::string w = with_plain_apostrophes(word);
    for (std::size_t p = w.find('\''); p != std::string::npos; p = w.find('\'')) {
        if (!is_elision(std::string_view(w).substr(0, p)) || p + 1 >= w.size()) break;
        w.erase(0, p + 1);
    }
    if (w.empty()) return w;
    return std::string(lookup(w).term);
}

std::vector<std::string_view> Analyzer::stopwords() {
    std::vector<std::string_view> list(stopword_set().begin(), stopword_set().end());
    std::sort(list.begin(), list.end());
    return list;
}

bool Analyzer::is_stopword(std::string_view word) {
    std::string lower;
    append_lower(lower, with_plain_apostrophes(word));
    return stopword_set().contains(lower);
}

}  // namespace veille::analysis

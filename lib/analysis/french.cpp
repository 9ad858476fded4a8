// SPDX-License-Identifier: MIT
#include "analysis/french.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>
#include <unordered_set>
#include <vector>

#include "core/codec.hpp"

#include <unicode/uchar.h>
#include <xapian.h>

namespace veille::analysis {

namespace {

// The Snowball French stop list, lower case with accents.
const std::unordered_set<std::string_view>& stopword_set() {
    static const std::unordered_set<std::string_view> set{
#include "analysis/stopwords_fr.inc"
    };
    return set;
}

// The code point ranges Xapian's CJK n-gram mode treats as CJK (xapian-core cjk-tokenizer).
bool is_cjk(char32_t c) noexcept {
    return (c >= 0x2E80 && c <= 0x2EFF) || (c >= 0x3000 && c <= 0x9FFF) ||
           (c >= 0xA700 && c <= 0xA71F) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2A6DF) ||
           (c >= 0x2F800 && c <= 0x2FA1F);
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
    // The cache of analysed words. Every word indexed is looked up here, so it is built for cache
    // misses: open addressing over a power-of-two table of 64-bit slots (high half: the hash's
    // high bits; low half: entry number + 1, 0 when empty), linear probing, at most half full;
    // the entries themselves in fixed chunks, so that an Entry never moves (a Token's views
    // into it stay valid) and a hit costs the slot and the entry. std::unordered_map also read
    // a bucket and the node before: 7 % of indexing CPU on the Littré went to its lookups.
    class WordCache {
    public:
        // Bounded so that a corpus of endless distinct words cannot grow memory without limit.
        static constexpr std::size_t max_entries = 1U << 19;

        const Entry* find(std::string_view word, std::uint64_t h) const noexcept {
            const std::size_t mask = slots_.size() - 1;
            const auto tag = static_cast<std::uint32_t>(h >> 32);
            for (std::size_t i = h & mask;; i = (i + 1) & mask) {
                const std::uint64_t s = slots_[i];
                if (s == 0) return nullptr;
                if (static_cast<std::uint32_t>(s >> 32) == tag) {
                    const Cached& c = at(static_cast<std::uint32_t>(s) - 1);
                    if (c.word == word) return &c.entry;
                }
            }
        }

        // After find() returned nullptr for @p word.
        const Entry& insert(std::string_view word, std::uint64_t h, Entry e) {
            if (size_ >= max_entries) {
                std::fill(slots_.begin(), slots_.end(), 0);
                size_ = 0;  // the chunks are reused
            } else if ((size_ + 1) * 2 > slots_.size()) {
                grow();
            }
            const std::size_t n = size_++;
            if (n / chunk_size == chunks_.size())
                chunks_.push_back(std::make_unique<Cached[]>(chunk_size));
            Cached& c = at(n);
            c.word.assign(word);
            c.hash = h;
            c.entry = std::move(e);
            place(h, n);
            return c.entry;
        }

    private:
        struct Cached {
            std::string word;
            std::uint64_t hash = 0;
            Entry entry;
        };
        static constexpr std::size_t chunk_size = 4096;

        Cached& at(std::size_t n) const noexcept { return chunks_[n / chunk_size][n % chunk_size]; }

        void place(std::uint64_t h, std::size_t n) noexcept {
            const std::size_t mask = slots_.size() - 1;
            std::size_t i = h & mask;
            while (slots_[i] != 0) i = (i + 1) & mask;
            slots_[i] = (h & 0xffffffff00000000ULL) | (n + 1);
        }

        void grow() {
            slots_.assign(slots_.size() * 2, 0);
            for (std::size_t n = 0; n < size_; ++n) place(at(n).hash, n);
        }

        std::vector<std::uint64_t> slots_ = std::vector<std::uint64_t>(1024, 0);
        std::vector<std::unique_ptr<Cached[]>> chunks_;
        std::size_t size_ = 0;
    };

    Xapian::Stem stemmer{"french"};
    WordCache cache;

    Entry analyse_word(std::string_view word) const {
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
        if (!e.stop && word.size() >= 3 && plain.size() >= 3 &&
            plain.size() <= max_spelling_bytes &&
            std::none_of(plain.begin(), plain.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            e.spelling_hash = detail::fnv1a64(plain);
            e.spelling = std::move(plain);
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

const Analyzer::Entry& Analyzer::lookup(std::string_view word) {
    const std::uint64_t h = std::hash<std::string_view>{}(word);
    if (const Entry* e = impl_->cache.find(word, h)) return *e;
    return impl_->cache.insert(word, h, impl_->analyse_word(word));
}

const Analyzer::Entry* Analyzer::query_entry(std::string_view word) {
    // The query parser keeps apostrophes inside words: remove an elided article here too.
    const std::string plain = with_plain_apostrophes(word);
    const std::string_view w = strip_elisions(plain);
    return w.empty() ? nullptr : &lookup(w);
}

std::string Analyzer::term(std::string_view word) {
    const Entry* e = query_entry(word);
    return e ? e->term : std::string();
}

std::string Analyzer::alt(std::string_view word) {
    const Entry* e = query_entry(word);
    return e ? e->alt : std::string();
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

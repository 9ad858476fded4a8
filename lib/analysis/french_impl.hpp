// SPDX-License-Identifier: MIT
// Inline part of analysis/french.hpp: the tokenizer loop, kept in a header so that the sink
// of each caller is inlined (it runs for every word indexed).
#pragma once

#include <utility>

#include "analysis/text.hpp"

namespace veille::analysis {

struct Analyzer::Entry {
    std::string term;
    std::string alt;
    std::string spelling;
    std::uint64_t spelling_hash = 0;
    bool stop = false;
    mutable bool spelled = false;  // spelling handed out in a Token already
};

inline std::string_view Analyzer::entry_term(const Entry& e) noexcept { return e.term; }
inline std::string_view Analyzer::entry_alt(const Entry& e) noexcept { return e.alt; }
inline std::string_view Analyzer::entry_spelling(const Entry& e) noexcept { return e.spelling; }
inline std::uint64_t Analyzer::entry_spelling_hash(const Entry& e) noexcept {
    return e.spelling_hash;
}
inline bool Analyzer::entry_spelled(const Entry& e) noexcept {
    return std::exchange(e.spelled, true);
}
inline bool Analyzer::entry_stop(const Entry& e) noexcept { return e.stop; }

template <class Sink>
std::uint32_t Analyzer::analyse(std::string_view text, std::uint32_t position, Sink&& sink) {
    const std::size_t n = text.size();
    std::size_t i = 0;
    std::size_t prev_cjk_begin = std::string_view::npos;  // previous CJK character, for bigrams
    while (i < n) {
        const std::size_t start = i;
        const CharClass cls = classify(next_code_point(text, i));
        if (cls == CharClass::cjk) {
            Token t;
            t.text = text.substr(start, i - start);
            t.begin = start;
            t.end = i;
            t.term = t.text;
            t.position = position++;
            sink(static_cast<const Token&>(t));
            if (prev_cjk_begin != std::string_view::npos) {
                Token b;
                b.text = text.substr(prev_cjk_begin, i - prev_cjk_begin);
                b.begin = prev_cjk_begin;
                b.end = i;
                b.term = b.text;
                b.position = t.position;
                b.cjk_bigram = true;
                sink(static_cast<const Token&>(b));
            }
            prev_cjk_begin = start;
            continue;
        }
        prev_cjk_begin = std::string_view::npos;
        if (cls != CharClass::letter) continue;

        // A word: letters, digits and marks, with apostrophes inside it. An elided article
        // before an apostrophe starts the word again after it.
        std::size_t word_begin = start;
        std::size_t word_end = i;
        while (i < n) {
            std::size_t j = i;
            const CharClass c = classify(next_code_point(text, j));
            if (c == CharClass::letter) {
                i = word_end = j;
                continue;
            }
            if (c != CharClass::apostrophe || j >= n) break;
            std::size_t k = j;
            if (classify(next_code_point(text, k)) != CharClass::letter) break;
            if (is_elision(text.substr(word_begin, word_end - word_begin))) word_begin = j;
            i = word_end = k;
        }
        const std::string_view word = text.substr(word_begin, word_end - word_begin);
        if (word.size() > max_word_bytes) {
            ++long_words_;
            ++position;  // keep phrases from bridging the gap
            continue;
        }
        const auto points = glue_points(word);
        const auto emit = [&](std::string_view w, std::size_t begin, std::uint32_t pos, bool glued,
                              bool part) {
            const Entry& e = lookup(w);
            Token t;
            t.text = w;
            t.begin = begin;
            t.end = begin + w.size();
            t.position = pos;
            t.term = entry_term(e);
            t.alt = entry_alt(e);
            if (!glued && !entry_spelled(e)) {  // a glued word is no word to suggest
                t.spelling = entry_spelling(e);
                t.spelling_hash = entry_spelling_hash(e);
            }
            t.stop = entry_stop(e);
            t.glued = glued;
            t.part = part;
            sink(static_cast<const Token&>(t));
        };
        emit(word, word_begin, position, !points.empty(), false);
        // The parts of a glued word: the first where the word stands, the others after it.
        std::size_t from = 0;
        for (std::size_t k = 0; k <= points.size() && !points.empty(); ++k) {
            const std::size_t to = k < points.size() ? points[k] : word.size();
            emit(word.substr(from, to - from), word_begin + from, position++, false, true);
            from = to;
        }
        if (points.empty()) ++position;
    }
    return position;
}

}  // namespace veille::analysis

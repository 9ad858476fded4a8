// SPDX-License-Identifier: MIT
#include "persons/scan.hpp"

#include <algorithm>
#include <iterator>

#include "analysis/text.hpp"

#include <unicode/uchar.h>

namespace veille::detail {

namespace {

using analysis::is_apostrophe;
using analysis::is_word_char;
bool is_hyphen(char32_t c) { return c == U'-' || c == U'\u2010' || c == U'\u2011'; }
bool is_upper(char32_t c) {
    const auto u = static_cast<UChar32>(c);
    return u_isupper(u) || u_istitle(u);
}

}  // namespace

// Sentence-ending abbreviations are rare; these are titles followed by a name. "ni" and "mi"
// are how OCR commonly reads a capital "M." ("NI. Coupel"); they are taken only in capitals.
bool is_title_abbreviation(std::string_view f) {
    return f == "m" || f == "mm" || f == "mme" || f == "mmes" || f == "mlle" || f == "mlles" ||
           f == "dr" || f == "pr" || f == "me" || f == "mgr" || f == "st" || f == "ste";
}

bool is_speech_verb(std::string_view f) {
    static constexpr std::string_view verbs[] = {
        "dit",        "repond",       "repondit", "ajoute",  "ajouta",  "poursuit",
        "poursuivit", "conclut",      "raconte",  "raconta", "lance",   "lanca",
        "confie",     "confia",       "soupire",  "soupira", "insiste", "insista",
        "s'ecria",    "s\u2019ecria", "reprend",  "reprit",  "assure",  "explique",
        "expliqua",   "precise",      "souligne", "estime",  "affirme", "declare"};
    return std::find(std::begin(verbs), std::end(verbs), f) != std::end(verbs);
}

namespace {

class Scanner {
public:
    explicit Scanner(Scan& s) : s_(s) {}

    void run(std::string_view text) {
        s_.text = text;
        s_.toks.clear();
        s_.folds.clear();
        s_.toks.reserve(text.size() / 5 + 8);
        s_.folds.reserve(text.size() / 4 + 16);
        bool newline = false;
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t start = i;
            const char32_t c = analysis::next_code_point(text, i);
            if (is_word_char(c)) {
                std::size_t end = i;
                std::size_t apostrophe = std::string_view::npos;
                // A word: letters, digits and marks, with single apostrophes and hyphens
                // between letters (Jean-Paul, O'Brien, d'Estaing).
                while (end < text.size()) {
                    std::size_t j = end;
                    const char32_t d = analysis::next_code_point(text, j);
                    if (is_word_char(d)) {
                        end = j;
                        continue;
                    }
                    if ((is_apostrophe(d) || is_hyphen(d)) && j < text.size()) {
                        std::size_t k = j;
                        if (is_word_char(analysis::next_code_point(text, k))) {
                            if (is_apostrophe(d) && apostrophe == std::string_view::npos)
                                apostrophe = end;
                            end = j;
                            continue;
                        }
                    }
                    break;
                }
                add_word(start, end, apostrophe, newline);
                newline = false;
                i = end;
            } else if (c == U'\n' || c == U'\r' || c == U'\u2028' || c == U'\u2029') {
                newline = true;
            } else if (u_isUWhiteSpace(static_cast<UChar32>(c)) || c == U'\u00A0' ||
                       c == U'\u202F') {
                continue;
            } else {
                Tok t;
                t.begin = static_cast<std::uint32_t>(start);
                t.end = static_cast<std::uint32_t>(i);
                t.kind = Kind::punct;
                t.punct = c;
                t.break_before = newline;
                t.folded = true;
                newline = false;
                s_.toks.push_back(t);
            }
        }
        mark_sentences();
        mark_titles();
    }

private:
    Scan& s_;

    void push_word(std::size_t b, std::size_t e, bool newline, bool elision) {
        Tok t;
        t.begin = static_cast<std::uint32_t>(b);
        t.end = static_cast<std::uint32_t>(e);
        t.break_before = newline;
        t.elision = elision;
        const std::string_view w = s_.text.substr(b, e - b);
        std::size_t k = 0;
        const char32_t first = analysis::next_code_point(w, k);
        t.cap = is_upper(first);
        if (t.cap) {
            int letters = 0;
            bool lower = false;
            for (std::size_t j = 0; j < w.size();) {
                const char32_t d = analysis::next_code_point(w, j);
                if (u_isalpha(static_cast<UChar32>(d))) {
                    ++letters;
                    if (u_islower(static_cast<UChar32>(d))) lower = true;
                }
            }
            t.allcaps = letters >= 1 && !lower;
        }
        s_.toks.push_back(t);
    }

    void add_word(std::size_t b, std::size_t e, std::size_t apostrophe, bool newline) {
        if (apostrophe != std::string_view::npos) {
            std::size_t after = apostrophe;
            analysis::next_code_point(s_.text, after);
            std::string f;
            analysis::append_folded(f, s_.text.substr(b, apostrophe - b));
            // N'Golo, not n' + Golo.
            const bool name_like = f == "n" && s_.text[b] == 'N';
            if (analysis::is_elision(f) && !name_like) {
                push_word(b, after, newline, true);
                push_word(after, e, false, false);
                return;
            }
        }
        push_word(b, e, newline, false);
    }

    void mark_sentences() {
        auto& toks = s_.toks;
        bool start = true;
        for (std::size_t i = 0; i < toks.size(); ++i) {
            Tok& t = toks[i];
            if (t.break_before) start = true;
            if (t.kind == Kind::word) {
                t.sent_start = start;
                start = false;
                continue;
            }
            switch (t.punct) {
                case U'.': {
                    // "M. Kwan", "J. Roche": a title or an initial, not a sentence end.
                    const bool abbrev =
                        i > 0 && toks[i - 1].kind == Kind::word &&
                        (is_title_abbreviation(s_.fold(toks[i - 1])) ||
                         (toks[i - 1].cap && toks[i - 1].end - toks[i - 1].begin == 1));
                    start = !abbrev;
                    break;
                }
                case U'!':
                case U'?':
                case U'\u2026':
                case U':':
                case U'\u00AB':
                case U'"':
                case U'\u201C':
                case U'\u2014':
                case U'\u2013':
                case U';':
                    start = true;
                    break;
                default:
                    break;
            }
        }
    }

    // Short quotations are titles of works (« Black Mirror »); long ones are speech, whose
    // names count.
    void mark_titles() {
        auto& toks = s_.toks;
        constexpr std::size_t max_title_words = 8;
        bool straight_open = false;
        std::size_t open = 0;
        char32_t close = 0;
        bool in = false;
        for (std::size_t i = 0; i < toks.size(); ++i) {
            const Tok& t = toks[i];
            if (t.kind != Kind::punct) continue;
            const char32_t c = t.punct;
            if (!in) {
                if (c == U'\u00AB' || c == U'\u201C' || c == U'"' || c == U'\u2018') {
                    in = true;
                    open = i;
                    close = c == U'\u00AB'   ? U'\u00BB'
                            : c == U'\u201C' ? U'\u201D'
                            : c == U'"'      ? U'"'
                                             : U'\u2019';
                    straight_open = c == U'"';
                }
                continue;
            }
            if (c == close) {
                std::size_t words = 0;
                for (std::size_t j = open + 1; j < i; ++j)
                    words += toks[j].kind == Kind::word ? 1 : 0;
                if (words <= max_title_words)
                    for (std::size_t j = open + 1; j < i; ++j) toks[j].in_title = true;
                in = false;
                straight_open = false;
            } else if (t.break_before && !straight_open) {
                in = false;  // an unclosed guillemet: ignore it
            }
        }
    }
};

}  // namespace

void scan(std::string_view text, Scan& out) { Scanner(out).run(text); }

}  // namespace veille::detail

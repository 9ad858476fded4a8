// SPDX-License-Identifier: MIT
#include "search/snippet.hpp"

#include <algorithm>

#include "analysis/text.hpp"
#include "schema/schema.hpp"

namespace veille::detail {

namespace {

struct Word {
    std::size_t begin, end;
    std::string_view term;  // valid only while matching
    bool match;
    bool glued = false;  // a glued word whose parts may replace it (Token::glued)
};

// Appends text of the article; its line breaks become spaces in a one-line snippet.
void append_text(std::string& out, std::string_view s, bool escape) {
    for (char c : s) {
        switch (c) {
            case '&':
                out += escape ? "&amp;" : "&";
                break;
            case '<':
                out += escape ? "&lt;" : "<";
                break;
            case '>':
                out += escape ? "&gt;" : ">";
                break;
            case '\n':
            case '\r':
            case '\t':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
}

// Moves @p pos back to the start of a UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t pos) {
    while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

}  // namespace

bool SnippetTerms::matches(std::string_view term) const {
    if (term.empty()) return false;
    if (terms.contains(std::string(term))) return true;
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return term.starts_with(p); });
}

bool has_match(analysis::Analyzer& analyzer, std::string_view text, const SnippetTerms& terms) {
    bool found = false;
    analyzer.analyse(text, 1, [&](const analysis::Token& t) {
        if (!found && !t.stop && (terms.matches(t.term) || terms.matches(t.alt))) found = true;
    });
    return found;
}

std::string make_snippet(analysis::Analyzer& analyzer, std::string_view text,
                         const SnippetTerms& terms, const SnippetOptions& options) {
    std::vector<Word> words;
    analyzer.analyse(text, 1, [&](const analysis::Token& t) {
        if (t.cjk_bigram) {
            // A matched bigram marks both its characters.
            if (terms.matches(t.term) && !words.empty()) words.back().match = true;
            if (terms.matches(t.term) && words.size() >= 2) words[words.size() - 2].match = true;
            return;
        }
        const bool m = !terms.empty() && !t.stop && (terms.matches(t.term) || terms.matches(t.alt));
        // A glued word is marked whole when it matches, else through the parts that match:
        // the words stay apart, never nested.
        if (t.part && !words.empty() && words.back().glued) {
            if (words.back().match) return;  // marked whole: its parts add nothing
            words.pop_back();                // its parts stand for it
        }
        words.push_back({t.begin, t.end, {}, m, t.glued});
    });
    const std::size_t length = std::max<std::size_t>(options.length, 20);

    // The window of about `length` bytes that holds the most distinct matched words (by
    // count of matches, then earliest); it starts a few words before its first match.
    std::size_t best_first = 0, best_score = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!words[i].match) continue;
        std::size_t score = 0;
        for (std::size_t j = i; j < words.size() && words[j].end - words[i].begin <= length; ++j)
            score += words[j].match ? 1 : 0;
        if (score > best_score) {
            best_score = score;
            best_first = i;
        }
    }
    std::size_t begin = 0;
    if (best_score > 0) {
        // Some context before the first match, but never past the start of a sentence.
        std::size_t lead = best_first;
        while (lead > 0 && best_first - lead < 4 &&
               words[best_first].begin - words[lead - 1].begin < length / 3) {
            const std::string_view gap =
                text.substr(words[lead - 1].end, words[lead].begin - words[lead - 1].end);
            if (gap.find_first_of(".!?\n") != std::string_view::npos) break;
            --lead;
        }
        begin = words[lead].begin;
    }
    std::size_t end = std::min(text.size(), begin + length);
    // End on a word boundary.
    for (const auto& w : words) {
        if (w.begin < end && w.end > end) {
            end = w.begin;
            break;
        }
    }
    if (end <= begin) end = std::min(text.size(), char_start(text, begin + length));
    // Trim spaces at both ends of the window.
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n')) --end;

    std::string out;
    out.reserve(end - begin + 32);
    if (begin > 0) out += "…";
    std::size_t at = begin;
    for (const auto& w : words) {
        if (w.begin < begin || w.end > end || !w.match) continue;
        append_text(out, text.substr(at, w.begin - at), options.escape_html);
        out += options.open;
        append_text(out, text.substr(w.begin, w.end - w.begin), options.escape_html);
        out += options.close;
        at = w.end;
    }
    append_text(out, text.substr(at, end - at), options.escape_html);
    if (end < text.size()) out += "…";
    return out;
}

SnippetTerms snippet_terms(const ParsedQuery& pq) {
    SnippetTerms st;
    if (!pq.has_text || pq.nothing) return st;
    for (auto t = pq.core.get_unique_terms_begin(); t != pq.core.get_unique_terms_end(); ++t) {
        std::string term = *t;
        // title: terms carry the S prefix; words never start with a capital.
        if (term.starts_with(schema::title.prefix)) term.erase(0, schema::title.prefix.size());
        st.terms.insert(std::move(term));
    }
    st.prefixes = pq.wildcard_prefixes;
    return st;
}

}  // namespace veille::detail

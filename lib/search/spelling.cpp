// SPDX-License-Identifier: MIT
#include "search/spelling.hpp"

#include "analysis/text.hpp"
#include "index/stored_document.hpp"
#include "search/query.hpp"

namespace veille::detail {

namespace {

Xapian::doccount frequency(const Xapian::Database& db, const analysis::Token& t) {
    Xapian::doccount f = db.get_termfreq(std::string(t.term));
    if (!t.alt.empty()) f = std::max(f, db.get_termfreq(std::string(t.alt)));
    return f;
}

// How the documents write @p word (folded): its accents, from the first documents that
// have it; @p word itself if none does.
std::string written_form(const Xapian::Database& db, analysis::Analyzer& analyzer,
                         const std::string& word) {
    const std::string term = analyzer.term(word);
    int looked = 0;
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term) && looked < 5;
         ++p, ++looked) {
        const auto stored = load(db.get_document(*p));
        std::string found;
        auto look = [&](const analysis::Token& t) {
            if (found.empty() && analysis::folded(t.text) == word) {
                std::string lower;
                analysis::append_lower(lower, t.text);
                found = std::move(lower);
            }
        };
        analyzer.analyse(analysis::nfc(stored.doc.title), 1, look);
        if (found.empty()) analyzer.analyse(analysis::nfc(stored.doc.body), 1, look);
        if (!found.empty()) return found;
    }
    return word;
}

}  // namespace

std::string spelling_suggestion(const Xapian::Database& db, analysis::Analyzer& analyzer,
                                const std::string& query) {
    const std::string q = analysis::nfc(query);
    const std::string masked = mask_filters(q);
    struct Fix {
        std::size_t begin, end;
        std::string word;
    };
    std::vector<Fix> fixes;
    std::vector<std::string> words;
    std::vector<std::pair<std::size_t, std::size_t>> where;
    std::vector<Xapian::doccount> freqs;
    analyzer.analyse(masked, 1, [&](const analysis::Token& t) {
        if (t.stop || t.cjk_bigram) return;
        if (is_query_operator(t.text)) return;
        if (t.end < masked.size() && (masked[t.end] == '*' || masked[t.end] == ':')) return;
        for (char c : t.text)
            if (c >= '0' && c <= '9') return;
        words.push_back(analysis::folded(t.text));
        where.emplace_back(t.begin, t.end);
        freqs.push_back(frequency(db, t));
    });
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const unsigned distance = w.size() <= 4 ? 1 : 2;
        const std::string s = db.get_spelling_suggestion(w, distance);
        if (s.empty() || s == w) continue;
        const Xapian::doccount better = db.get_termfreq(analyzer.term(s));
        if (better == 0 || better < suggestion_ratio * freqs[i]) continue;
        fixes.push_back({where[i].first, where[i].second, written_form(db, analyzer, s)});
    }
    if (fixes.empty()) return {};
    std::string out;
    std::size_t copied = 0;
    for (const auto& f : fixes) {
        out.append(q, copied, f.begin - copied);
        std::string word = f.word;
        // Keep a capital the user typed (ASCII only: the usual case of a sentence start).
        if (q[f.begin] >= 'A' && q[f.begin] <= 'Z' && word[0] >= 'a' && word[0] <= 'z')
            word[0] = static_cast<char>(word[0] - 32);
        out += word;
        copied = f.end;
    }
    out.append(q, copied, std::string::npos);
    return out;
}

}  // namespace veille::detail

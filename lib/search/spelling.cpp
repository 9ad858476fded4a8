// SPDX-License-Identifier: MIT
#include "search/spelling.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "analysis/text.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"
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

// Edit distance of @p a and @p b with transpositions (optimal string alignment, as Lucene's
// DirectSpellChecker counts), or limit + 1 once it exceeds @p limit. The rows are the
// caller's, reused over the candidates of one word.
struct Rows {
    std::vector<unsigned> prev2, prev, cur;
};
unsigned distance(std::string_view a, std::string_view b, unsigned limit, Rows& rows) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    auto& [prev2, prev, cur] = rows;
    prev2.assign(m + 1, 0);
    prev.assign(m + 1, 0);
    cur.assign(m + 1, 0);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = static_cast<unsigned>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = static_cast<unsigned>(i);
        unsigned row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
            unsigned d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d = std::min(d, prev2[j - 2] + 1);
            cur[j] = d;
            row_min = std::min(row_min, d);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

// The word of the index's word list (index/spelling_table.hpp) nearest to @p word (folded)
// within @p limit edits, the most frequent term first among equals; "" when none. The
// candidates share the word's first letter, as DirectSpellChecker's default minimum prefix.
std::string nearest_word(const Xapian::Database& db, analysis::Analyzer& analyzer,
                         const std::string& word, unsigned limit) {
    const std::string prefix = schema::spelling_key_mark + word.substr(0, 1);
    std::string best;
    unsigned best_distance = limit + 1;
    Xapian::doccount best_freq = 0;
    Rows rows;
    for (auto k = db.synonym_keys_begin(prefix); k != db.synonym_keys_end(prefix); ++k) {
        const std::string key = *k;
        for (auto w = db.synonyms_begin(key); w != db.synonyms_end(key); ++w) {
            const std::string candidate = *w;
            if (candidate == word) continue;
            const unsigned d = distance(word, candidate, std::min(limit, best_distance), rows);
            if (d > limit || d > best_distance) continue;
            const Xapian::doccount f = db.get_termfreq(analyzer.term(candidate));
            if (f == 0) continue;  // a word no document holds any more
            if (d < best_distance || f > best_freq) {
                best = candidate;
                best_distance = d;
                best_freq = f;
            }
        }
    }
    return best;
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
        if (t.stop || t.cjk_bigram || t.part) return;
        if (is_query_operator(t.text)) return;
        if (t.end < masked.size() && (masked[t.end] == '*' || masked[t.end] == ':')) return;
        for (char c : t.text)
            if (c >= '0' && c <= '9') return;
        words.push_back(analysis::folded(t.text));
        where.emplace_back(t.begin, t.end);
        freqs.push_back(frequency(db, t));
    });
    const std::string mark(1, schema::spelling_key_mark);
    const bool word_list = db.synonym_keys_begin(mark) != db.synonym_keys_end(mark);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        const unsigned limit = w.size() <= 4 ? 1 : 2;
        // Indexes made before the word list have Xapian's spelling table, if anything.
        const std::string s =
            word_list ? nearest_word(db, analyzer, w, limit) : db.get_spelling_suggestion(w, limit);
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

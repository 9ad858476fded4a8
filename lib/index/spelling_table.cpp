// SPDX-License-Identifier: MIT
#include "index/spelling_table.hpp"

#include "analysis/text.hpp"
#include "index/stored_document.hpp"

namespace veille::detail {

template <class F>
void SpellingTable::for_each_word(const Document& doc, F&& f) {
    auto take = [&](const analysis::Token& t) {
        if (t.stop || t.cjk_bigram || t.text.size() < 3) return;
        for (char c : t.text)
            if (c >= '0' && c <= '9') return;
        std::string w = analysis::folded(t.text);
        if (w.size() < 3 || w.size() > max_spelling_bytes) return;
        f(std::move(w));
    };
    analyzer_.analyse(analysis::nfc(doc.title), 1, take);
    analyzer_.analyse(analysis::nfc(doc.body), 1, take);
}

void SpellingTable::before_replace(const Xapian::Database& db, Xapian::docid did) {
    if (!enabled_) return;
    const auto stored = load(db.get_document(did));
    for_each_word(stored.doc, [&](std::string w) { --delta_[std::move(w)]; });
}

void SpellingTable::added(const Document& doc) {
    if (!enabled_) return;
    for_each_word(doc, [&](std::string w) { ++delta_[std::move(w)]; });
}

void SpellingTable::flush(Xapian::WritableDatabase& db) {
    for (const auto& [word, delta] : delta_) {
        if (delta > 0)
            db.add_spelling(word, static_cast<Xapian::termcount>(delta));
        else if (delta < 0)
            db.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
    }
    delta_.clear();
}

}  // namespace veille::detail

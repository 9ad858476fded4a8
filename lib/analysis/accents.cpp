// SPDX-License-Identifier: MIT
#include "analysis/accents.hpp"

namespace veille::analysis {

void AccentRecorder::record(Xapian::WritableDatabase& db, const AccentPairs& pairs) {
    for (const auto& [alt, term] : pairs) {
        std::string key = alt;
        key += '\0';
        key += term;
        if (!written_.insert(std::move(key)).second) continue;
        db.add_synonym(alt, term);
    }
}

std::vector<std::string> accented_terms(const Xapian::Database& db, std::string_view alt) {
    std::vector<std::string> out;
    const std::string key(alt);
    for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t) out.push_back(*t);
    return out;
}

}  // namespace veille::analysis

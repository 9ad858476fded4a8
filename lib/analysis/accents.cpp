// SPDX-License-Identifier: MIT
#include "analysis/accents.hpp"

#include <algorithm>

#include "core/codec.hpp"

namespace veille::analysis {

void AccentRecorder::record(const AccentPairs& pairs) {
    for (const auto& pair : pairs) {
        const std::uint64_t h = detail::fnv1a64(pair.first) * 31 + detail::fnv1a64(pair.second);
        if (taken_.insert(h).second) pending_.push_back(pair);
    }
}

void AccentRecorder::flush(Xapian::WritableDatabase& db) {
    std::sort(pending_.begin(), pending_.end());
    for (const auto& [alt, term] : pending_) db.add_synonym(alt, term);
    pending_.clear();
}

std::vector<std::string> accented_terms(const Xapian::Database& db, std::string_view alt) {
    std::vector<std::string> out;
    const std::string key(alt);
    for (auto t = db.synonyms_begin(key); t != db.synonyms_end(key); ++t) out.push_back(*t);
    return out;
}

}  // namespace veille::analysis

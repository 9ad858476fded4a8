// SPDX-License-Identifier: MIT
#include "index/spelling_table.hpp"

#include <algorithm>

#include "schema/schema.hpp"

namespace veille::detail {

void SpellingWords::record(const std::vector<SpellingWord>& words) {
    for (const auto& [hash, word] : words)
        if (taken_.insert(hash).second) pending_.push_back(word);
}

void SpellingWords::flush(Xapian::WritableDatabase& db) {
    std::sort(pending_.begin(), pending_.end());
    // The words of one group follow each other: Xapian reads and writes the group once.
    for (const auto& w : pending_) db.add_synonym(schema::spelling_group(w), w);
    pending_.clear();
}

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
#include "persons/person_index.hpp"

#include <algorithm>

#include "analysis/text.hpp"

namespace veille::detail {

PersonName canonical_person(std::string_view name) {
    PersonName p;
    p.display = analysis::collapse_spaces(name);
    p.key = analysis::facet_key(p.display);
    return p;
}

PersonResolver::PersonResolver(bool extract) : extract_(extract) {}

std::vector<PersonName> PersonResolver::resolve(const Document& doc) {
    std::vector<PersonName> out;
    for (const auto& name : doc.persons) {
        PersonName p = canonical_person(name);
        if (p.key.empty()) continue;
        if (std::none_of(out.begin(), out.end(), [&](const auto& q) { return q.key == p.key; }))
            out.push_back(std::move(p));
    }
    (void)extract_;  // extraction from the text: persons/extractor
    return out;
}

}  // namespace veille::detail

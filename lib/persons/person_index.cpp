// SPDX-License-Identifier: MIT
#include "persons/person_index.hpp"

#include <algorithm>

#include "analysis/text.hpp"

namespace veille::detail {

PersonResolver::PersonResolver(bool extract, PersonAliases aliases)
    : extract_(extract), extractor_(std::move(aliases)) {}

std::vector<Person> PersonResolver::resolve(const Document& doc) const {
    if (!doc.persons.empty() || !extract_) return resolve(doc, {}, {});
    // Extraction reads NFC text, as the analyser does.
    return resolve(doc, analysis::nfc(doc.title), analysis::nfc(doc.body));
}

std::vector<Person> PersonResolver::resolve(const Document& doc, std::string_view title_nfc,
                                            std::string_view body_nfc) const {
    std::vector<Person> out;
    auto add = [&](Person p) {
        if (p.key.empty()) return;
        if (std::none_of(out.begin(), out.end(), [&](const auto& q) { return q.key == p.key; }))
            out.push_back(std::move(p));
    };
    if (!doc.persons.empty() || !extract_) {
        for (const auto& name : doc.persons) add(extractor_.aliases().canonical(name));
        return out;
    }
    // Names glued to the next word by scraping ("Ashton KutcherQuel rôle") read apart.
    for (auto& p : extractor_.persons(analysis::unglue(title_nfc), analysis::unglue(body_nfc)))
        add(std::move(p));
    return out;
}

}  // namespace veille::detail

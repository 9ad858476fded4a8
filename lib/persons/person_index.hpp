// SPDX-License-Identifier: MIT
// What the index stores of the persons of a document: each a veille::Person, canonical
// display form and match key. Every person name that reaches the index or a person: filter
// goes through PersonAliases::canonical(), so aliases apply in one place.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "veille/document.hpp"
#include "veille/persons.hpp"

namespace veille::detail {

/// Decides the persons of a document at indexing: its explicit persons, canonicalised, or
/// those found in its title and body; both mapped through the aliases.
class PersonResolver {
public:
    explicit PersonResolver(bool extract, PersonAliases aliases = {});
    [[nodiscard]] std::vector<Person> resolve(const Document& doc) const;
    /// The same, with the title and body of @p doc already in NFC (the indexer has them).
    [[nodiscard]] std::vector<Person> resolve(const Document& doc, std::string_view title_nfc,
                                              std::string_view body_nfc) const;
    [[nodiscard]] const PersonAliases& aliases() const noexcept { return extractor_.aliases(); }

private:
    bool extract_;
    PersonExtractor extractor_;
};

}  // namespace veille::detail

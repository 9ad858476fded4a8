// SPDX-License-Identifier: MIT
// What the index stores of the persons of a document: canonical display form and match key.
#pragma once

#include <string>
#include <vector>

#include "veille/document.hpp"

namespace veille::detail {

struct PersonName {
    std::string display;  // "Élisabeth Borne"
    std::string key;      // analysis::facet_key(display): "elisabethborne"
};

/// Canonicalises a person name given by the user (explicit persons, filters).
PersonName canonical_person(std::string_view name);

/// Decides the persons of a document at indexing: its explicit persons, canonicalised, or
/// those found in its title and body.
class PersonResolver {
public:
    explicit PersonResolver(bool extract);
    std::vector<PersonName> resolve(const Document& doc);

private:
    bool extract_;
};

}  // namespace veille::detail

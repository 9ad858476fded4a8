// SPDX-License-Identifier: MIT
// Fuzzes the persons of a document as the indexer resolves them (PersonResolver: explicit
// persons canonicalised, and - with extraction on - the person extractor over title and body).
// Input: title '\n' body '\n' persons...
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analysis/text.hpp"
#include "persons/person_index.hpp"

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static veille::detail::PersonResolver resolver(true);
    std::string input(reinterpret_cast<const char*>(data), size);
    veille::analysis::repair_utf8(input);  // Index::add accepts only valid UTF-8
    veille::Document d;
    d.id = "fuzz";
    std::size_t field = 0;
    for (std::size_t at = 0;; ++field) {
        const auto nl = input.find('\n', at);
        std::string value = input.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
        if (field == 0)
            d.title = std::move(value);
        else if (field == 1)
            d.body = std::move(value);
        else
            d.persons.push_back(std::move(value));
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    for (const auto& p : resolver.resolve(d)) {
        check(!p.key.empty());
        check(veille::analysis::valid_utf8(p.display) && veille::analysis::valid_utf8(p.key));
        check(veille::PersonAliases{}.canonical(p.display).key == p.key);  // stable
    }
    return 0;
}

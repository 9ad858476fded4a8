// SPDX-License-Identifier: MIT
// STUB until the JSON Lines reader of the CLI (branch cli) is merged: connect it here, one
// input = the contents of a .jsonl file, every line ending in a document or a counted warning.
// Meanwhile this target fuzzes the part of that path that exists: each line taken as the body
// of a document, sanitized, then validated as Index::add would.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "index/document_builder.hpp"
#include "veille/veille.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::size_t line = 0;
    for (std::size_t at = 0; at <= input.size(); ++line) {
        auto nl = input.find('\n', at);
        if (nl == std::string::npos) nl = input.size();
        veille::Document d;
        d.id = "ligne-" + std::to_string(line);
        d.body = input.substr(at, nl - at);
        veille::sanitize(d);
        try {
            veille::detail::validate(d);
        } catch (const veille::Error&) {
            std::abort();  // a sanitized document with an id is always valid
        }
        at = nl + 1;
    }
    return 0;
}

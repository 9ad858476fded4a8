// SPDX-License-Identifier: MIT
#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "veille/error.hpp"
#include "veille/persons.hpp"

namespace veille {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

PersonAliases PersonAliases::parse(std::string_view text) {
    PersonAliases out;
    std::size_t line_no = 0;
    auto fail = [&](const std::string& what) {
        throw Error(ErrorCode::invalid_argument,
                    "person aliases, line " + std::to_string(line_no) + ": " + what,
                    "Write one entry per line: Canonical Name = variant | variant");
    };
    if (!analysis::valid_utf8(text))
        throw Error(ErrorCode::invalid_argument, "person aliases are not valid UTF-8");
    std::size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;  // a BOM some editors write
    while (pos <= text.size()) {
        ++line_no;
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view line = trim(text.substr(pos, nl - pos));
        pos = nl + 1;
        if (line.empty() || line.front() == '#') continue;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) fail("no '=' in \"" + std::string(line) + "\"");
        const std::string canonical =
            analysis::collapse_spaces(analysis::nfc(trim(line.substr(0, eq))));
        if (analysis::facet_key(canonical).empty()) fail("empty canonical name");
        auto add = [&](std::string_view variant) {
            const std::string key = analysis::facet_key(analysis::nfc(variant));
            if (key.empty()) fail("empty variant");
            auto [it, inserted] = out.by_key_.emplace(key, canonical);
            if (!inserted && it->second != canonical)
                fail("\"" + std::string(variant) + "\" is already a variant of " + it->second);
        };
        add(canonical);
        std::string_view rest = line.substr(eq + 1);
        if (trim(rest).empty()) continue;  // a canonical form alone: "Daniel Kwan ="
        while (true) {
            const auto bar = rest.find('|');
            add(trim(rest.substr(0, bar)));
            if (bar == std::string_view::npos) break;
            rest = rest.substr(bar + 1);
        }
    }
    return out;
}

PersonAliases PersonAliases::load(const std::string& path) {
    return parse(detail::read_file(path, "person aliases"));
}

Person PersonAliases::canonical(std::string_view name) const {
    Person p;
    p.display = analysis::collapse_spaces(name);
    p.key = analysis::facet_key(p.display);
    if (auto it = by_key_.find(p.key); it != by_key_.end()) {
        p.display = it->second;
        p.key = analysis::facet_key(p.display);
    }
    return p;
}

bool PersonAliases::contains(std::string_view name) const {
    return by_key_.find(analysis::facet_key(name)) != by_key_.end();
}

std::string PersonAliases::to_text() const {
    // canonical display -> its variants' keys; variant keys are what matching uses, so they
    // are written as keys (lower case, no spaces): parse() reads them back to the same keys.
    std::map<std::string, std::string> entries;
    for (const auto& [key, canonical] : by_key_) {
        if (key == analysis::facet_key(canonical)) {
            entries.try_emplace(canonical);
            continue;
        }
        auto& line = entries[canonical];
        if (!line.empty()) line += " | ";
        line += key;
    }
    std::string out;
    for (const auto& [canonical, variants] : entries) {
        out += canonical;
        out += " = ";
        out += variants;
        out += '\n';
    }
    return out;
}

}  // namespace veille

// SPDX-License-Identifier: MIT
#include "veille/synonyms.hpp"

#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "veille/error.hpp"

namespace veille {

namespace {

std::vector<std::string> split_entries(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = s.find(',', start);
        out.push_back(analysis::collapse_spaces(s.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace

Synonyms Synonyms::parse(std::string_view text, const std::string& origin) {
    if (!analysis::valid_utf8(text))
        throw Error(ErrorCode::invalid_argument, origin + ": not valid UTF-8");
    Synonyms out;
    std::size_t line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        ++line_no;
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        const std::string trimmed = analysis::collapse_spaces(line);
        if (trimmed.empty()) continue;
        auto bad = [&](const std::string& why) {
            return Error(ErrorCode::invalid_argument,
                         origin + ":" + std::to_string(line_no) + ": " + why + ": " + trimmed,
                         "Write equivalents as « IA, intelligence artificielle » and one-way "
                         "rules as « Élysée => présidence de la République ».");
        };
        const std::size_t arrow = trimmed.find("=>");
        std::vector<std::string> left, right;
        if (arrow != std::string::npos) {
            left = split_entries(std::string_view(trimmed).substr(0, arrow));
            right = split_entries(std::string_view(trimmed).substr(arrow + 2));
        } else {
            left = split_entries(trimmed);
        }
        for (const auto* side : {&left, &right})
            for (const auto& e : *side)
                if (e.empty()) throw bad("empty entry");
        if (arrow != std::string::npos) {
            if (right.empty()) throw bad("nothing after =>");
            for (const auto& from : left) out.rules_.push_back(Rule{from, right});
            continue;
        }
        if (left.size() < 2) throw bad("a rule needs at least two entries");
        for (std::size_t i = 0; i < left.size(); ++i) {
            Rule r{left[i], {}};
            for (std::size_t j = 0; j < left.size(); ++j)
                if (j != i) r.to.push_back(left[j]);
            out.rules_.push_back(std::move(r));
        }
    }
    return out;
}

Synonyms Synonyms::load(const std::string& path) {
    return parse(detail::read_file(path, "synonyms"), path);
}

Synonyms Synonyms::french_news() {
    static const Synonyms list = parse(
#include "synonyms/default_synonyms.inc"
        , "synonymes.txt");
    return list;
}

}  // namespace veille

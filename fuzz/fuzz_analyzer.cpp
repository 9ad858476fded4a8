// SPDX-License-Identifier: MIT
// Fuzzes the French analysis and the Unicode helpers: any bytes are repaired, normalised,
// folded and analysed; the tokens must lie inside the text, in order, with sane terms.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "analysis/french.hpp"
#include "analysis/text.hpp"

namespace va = veille::analysis;

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static va::Analyzer analyzer;  // reused, as the indexer does: exercises its cache too
    std::string text(reinterpret_cast<const char*>(data), size);
    if (!va::valid_utf8(text)) {
        va::repair_utf8(text);
        check(va::valid_utf8(text));
    }
    const std::string n = va::nfc(text);
    check(va::valid_utf8(n));
    check(va::valid_utf8(va::folded(n)));
    check(va::valid_utf8(va::facet_key(n)));
    check(va::valid_utf8(va::collapse_spaces(n)));

    std::size_t last_end = 0;
    std::uint32_t last_position = 0;
    const std::uint32_t end = analyzer.analyse(n, 1, [&](const va::Token& t) {
        check(t.begin < t.end && t.end <= n.size());
        check(n.substr(t.begin, t.end - t.begin) == t.text || !t.cjk_bigram);
        if (!t.cjk_bigram) {
            check(t.begin >= last_end || t.position == last_position);
            last_end = t.end;
        }
        check(t.position >= last_position);
        last_position = t.position;
        check(t.text.size() <= va::Analyzer::max_word_bytes || t.cjk_bigram);
        check(va::valid_utf8(t.term) && va::valid_utf8(t.alt));
    });
    check(end >= last_position);
    // The query side of the same analysis.
    const std::string term = analyzer.term(n.substr(0, 200));
    check(va::valid_utf8(term));
    (void)analyzer.is_stopword(n.substr(0, 50));
    return 0;
}

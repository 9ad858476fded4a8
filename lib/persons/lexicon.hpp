// SPDX-License-Identifier: MIT
// The word lists behind person extraction, looked up by their folded form (analysis::
// append_folded: lower case, no accents; hyphens and apostrophes kept).
//  - given names: hunspell-fr-comprehensive po:prn (MPL-2.0, derived at build time by
//    lexicon.cmake) plus international given names written for veille (lexicon.cpp);
//  - surnames (po:patr), other proper nouns (po:npr), common words (lower-case entries);
//  - hand-written lists: particles, triggers (titles and functions), organisation words,
//    words that never start a name.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace veille::detail {

struct LexiconHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

class Lexicon {
public:
    /// The lexicon, built once on first use (thread-safe static).
    static const Lexicon& get();

    using Set = std::unordered_set<std::string, LexiconHash, std::equal_to<>>;

    [[nodiscard]] bool given(std::string_view f) const { return has(given_, f); }
    [[nodiscard]] bool surname(std::string_view f) const { return has(surnames_, f); }
    [[nodiscard]] bool proper(std::string_view f) const { return has(proper_, f); }
    /// A French common word (its dictionary form, or that form plus s/x).
    [[nodiscard]] bool common(std::string_view f) const;
    [[nodiscard]] bool particle(std::string_view f) const { return has(particles_, f); }
    /// A title or function that announces a name (m, mme, docteur, ministre, actrice...).
    [[nodiscard]] bool trigger(std::string_view f) const { return has(triggers_, f); }
    /// A word that makes a capitalised run an organisation, place or work (pictures, guild...).
    [[nodiscard]] bool org(std::string_view f) const { return has(orgs_, f); }
    /// A word that opens place names (san, saint, new, port...).
    [[nodiscard]] bool place_opener(std::string_view f) const {
        if (has(places_, f)) return true;
        const auto h = f.find('-');
        return h != std::string_view::npos && has(places_, f.substr(0, h));
    }
    /// A capitalised word that never begins a name (le, selon, après, président...).
    [[nodiscard]] bool never_name(std::string_view f) const { return has(never_, f); }

private:
    Lexicon();
    static bool has(const Set& s, std::string_view f) { return s.find(f) != s.end(); }
    Set given_, surnames_, proper_, common_, particles_, triggers_, orgs_, never_, places_;
};

}  // namespace veille::detail

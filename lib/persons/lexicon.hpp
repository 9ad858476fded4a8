// SPDX-License-Identifier: MIT
// The word lists behind person extraction, looked up by their folded form (analysis::
// append_folded: lower case, no accents; hyphens and apostrophes kept).
//  - given names: hunspell-fr-comprehensive po:prn (MPL-2.0, derived at build time by
//    lexicon.cmake) plus international given names written for veille (lexicon.cpp);
//  - surnames (po:patr), other proper nouns (po:npr), common words (lower-case entries);
//  - hand-written lists: particles, triggers (titles and functions), organisation words,
//    words that never start a name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veille::detail {

class Lexicon {
public:
    /// The lexicon, built once on first use (thread-safe static).
    static const Lexicon& get();

    /// What a folded word is; one lookup gives every list it is on.
    enum Flag : std::uint16_t {
        given_name = 1U << 0,
        surname_word = 1U << 1,
        proper_noun = 1U << 2,
        common_word = 1U << 3,  // dictionary form, or that form plus s/x
        particle_word = 1U << 4,
        trigger_word = 1U << 5,
        org_word = 1U << 6,
        never_word = 1U << 7,
        place_word = 1U << 8,
        named_after_word = 1U << 9,  // rue, lycée, prix: what follows names a place or prize
    };

    /// The flags of @p f (a folded word).
    [[nodiscard]] std::uint16_t flags(std::string_view f) const;

    [[nodiscard]] bool given(std::string_view f) const { return (flags(f) & given_name) != 0; }
    [[nodiscard]] bool surname(std::string_view f) const { return (flags(f) & surname_word) != 0; }
    [[nodiscard]] bool proper(std::string_view f) const { return (flags(f) & proper_noun) != 0; }
    [[nodiscard]] bool common(std::string_view f) const { return (flags(f) & common_word) != 0; }
    [[nodiscard]] bool particle(std::string_view f) const {
        return (flags(f) & particle_word) != 0;
    }
    /// A title or function that announces a name (m, mme, docteur, ministre, actrice...).
    [[nodiscard]] bool trigger(std::string_view f) const { return (flags(f) & trigger_word) != 0; }
    /// A word that makes a capitalised run an organisation, place or work (pictures, guild...).
    [[nodiscard]] bool org(std::string_view f) const { return (flags(f) & org_word) != 0; }
    /// A word that opens place names (san, saint, new, port...), alone or before a hyphen.
    [[nodiscard]] bool place_opener(std::string_view f) const {
        if ((flags(f) & place_word) != 0) return true;
        const auto h = f.find('-');
        return h != std::string_view::npos && (flags(f.substr(0, h)) & place_word) != 0;
    }
    /// A capitalised word that never begins a name (le, selon, après, président...).
    [[nodiscard]] bool never_name(std::string_view f) const { return (flags(f) & never_word) != 0; }

private:
    Lexicon();
    [[nodiscard]] std::uint16_t raw(std::string_view f) const noexcept;

    // Every word, folded, with its flags: a read-only open-addressing table, looked up for
    // most words of every article. A word of up to 24 bytes sits in its slot, so
    // a lookup reads one slot or two neighbours; longer ones are in long_keys_.
    struct Slot {
        char key[24];
        std::uint32_t long_offset;  // into long_keys_, when len > sizeof key
        std::uint16_t flags;        // 0: an empty slot (every word has a flag)
        std::uint16_t len;
    };
    std::vector<Slot> slots_;  // a power of two, at most 3/4 full
    std::string long_keys_;
};

}  // namespace veille::detail

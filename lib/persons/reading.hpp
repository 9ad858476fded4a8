// SPDX-License-Identifier: MIT
// The second pass of person extraction reads tokens (persons/scan.hpp) through these
// questions: is this a particle, an initial, a given name, a title, a trigger before or after a
// run of capitalised words? Each asks the lexicons (persons/lexicon.hpp) at most once per
// token. Inline: extraction asks them of every token.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <vector>

#include "persons/lexicon.hpp"
#include "persons/scan.hpp"

namespace veille::detail {

// A word that may stand between a title and a name (the American in "l'acteur americain X").
inline bool adjective_like(std::string_view f) {
    static constexpr std::string_view endings[] = {"ain",  "aine",  "ais",  "aise", "ois", "oise",
                                                   "ien",  "ienne", "and",  "ande", "al",  "ale",
                                                   "ique", "ant",   "ante", "if",   "ive", "el",
                                                   "elle", "ier",   "iere", "ole",  "on",  "onne"};
    static constexpr std::string_view words[] = {
        "ancien",   "ancienne",  "ex",           "nouveau",       "nouvelle",    "jeune",
        "futur",    "future",    "actuel",       "actuelle",      "defunt",      "defunte",
        "regrette", "celebre",   "grand",        "grande",        "star",        "vedette",
        "sortant",  "sortante",  "socialiste",   "ecologiste",    "republicain", "democrate",
        "insoumis", "insoumise", "conservateur", "conservatrice", "centriste",   "britannique",
        "russe",    "belge",     "suisse",       "chinoise",      "chinois",     "turc",
        "turque",   "grec",      "grecque",      "hongrois",      "hongroise",   "d'origine"};
    if (std::find(std::begin(words), std::end(words), f) != std::end(words)) return true;
    if (f.size() < 5) return false;
    for (auto e : endings)
        if (f.size() > e.size() && f.substr(f.size() - e.size()) == e) return true;
    return false;
}

class TokenReading {
public:
    explicit TokenReading(std::string_view text) : lex_(Lexicon::get()) { scan(text, s_); }

protected:
    const Lexicon& lex_;
    Scan s_;

    [[nodiscard]] std::string_view fold(std::size_t i) const { return s_.fold(s_.toks[i]); }

    // Lexicon flags of token @p i, looked up once per token.
    mutable std::vector<std::uint16_t> flags_;
    static constexpr std::uint16_t known = 1U << 15;
    [[nodiscard]] std::uint16_t lf(std::size_t i) const {
        if (flags_.size() != s_.toks.size()) flags_.assign(s_.toks.size(), 0);
        if ((flags_[i] & known) == 0)
            flags_[i] = static_cast<std::uint16_t>(lex_.flags(fold(i)) | known);
        return flags_[i];
    }
    [[nodiscard]] bool is(std::size_t i, Lexicon::Flag f) const { return (lf(i) & f) != 0; }

    [[nodiscard]] bool particle_at(std::size_t i) const {
        const Tok& t = s_.toks[i];
        if (t.kind != Kind::word) return false;
        // d'Estaing; L'Huillier (a capital L' inside a name, never the article l').
        if (t.elision) return fold(i).starts_with('d') || s_.text[t.begin] == 'L';
        return is(i, Lexicon::particle_word);
    }
    [[nodiscard]] bool name_word(std::size_t i) const {
        const Tok& t = s_.toks[i];
        return t.kind == Kind::word && t.cap && !t.elision && !t.in_title;
    }
    // "J.-P." before a name: a compound initial (the hyphen follows the period).
    [[nodiscard]] bool compound_initial_at(std::size_t i) const {
        const Tok& t = s_.toks[i];
        return name_word(i) && t.end - t.begin == 1 && fold(i) != "m" && s_.is_punct(i + 1, U'.') &&
               s_.is_punct(i + 2, U'-') && i + 3 < s_.toks.size() && initial_at(i + 3);
    }

    // "J." before a name: an initial.
    [[nodiscard]] bool initial_at(std::size_t i) const {
        if (compound_initial_at(i)) return true;
        const Tok& t = s_.toks[i];
        // "I." numbers a list; "J. Il" is an initial before a sentence, not a name.
        if (!(name_word(i) && t.end - t.begin == 1 && fold(i) != "m" && fold(i) != "i" &&
              s_.is_punct(i + 1, U'.') && i + 2 < s_.toks.size() && !s_.toks[i + 2].break_before &&
              name_word(i + 2)))
            return false;
        const std::string_view next = fold(i + 2);
        return s_.toks[i + 2].end - s_.toks[i + 2].begin == 1 ||
               !(lex_.never_name(next) ||
                 (lex_.common(next) && !lex_.surname(next) && !lex_.given(next)));
    }

    [[nodiscard]] bool given_at(std::size_t i) const {
        const std::string_view f = fold(i);
        if (is(i, Lexicon::given_name)) return true;
        const auto h = f.find('-');
        return h != std::string_view::npos && lex_.given(f.substr(0, h));
    }

    // A title abbreviation, or an OCR reading of "M" in capitals (NI, MI).
    [[nodiscard]] bool abbreviation_at(std::size_t i) const {
        const std::string_view f = fold(i);
        if (is_title_abbreviation(f)) return true;
        const std::string_view w = s_.raw(s_.toks[i]);
        return w == "NI" || w == "MI";
    }

    [[nodiscard]] bool trigger_word(std::size_t i) const {
        return s_.toks[i].kind == Kind::word && !s_.toks[i].cap && is(i, Lexicon::trigger_word);
    }

    // A nationality used as a noun after an article: "le Polonais", "l'Espagnole".
    [[nodiscard]] bool nationality_at(std::size_t j) const {
        static constexpr std::string_view endings[] = {
            "ien", "ienne", "ais", "aise", "ois", "oise", "ain",  "aine", "and", "ande",
            "ol",  "ole",   "in",  "ine",  "ite", "en",   "enne", "ais",  "e"};
        const Tok& t = s_.toks[j];
        if (!t.cap || t.sent_start || t.allcaps || j == 0 || !s_.is_word(j - 1)) return false;
        const std::string_view art = fold(j - 1);
        if (!(art == "le" || art == "la" || s_.toks[j - 1].elision)) return false;
        // "polonais", "géorgien": nationalities are common words of the dictionary.
        const std::string_view f = fold(j);
        if (f.size() < 5 || lex_.given(f) || !lex_.common(f)) return false;
        for (auto e : endings)
            if (f.size() > e.size() + 2 && f.ends_with(e)) return true;
        return false;
    }

    enum class Trigger : std::uint8_t { none, indirect, direct };

    // A title or function before the run at token @p s. Direct: right before it, past
    // adjectives (l'acteur américain Ashton Kutcher, M. Kwan). Indirect: past a complement or
    // a comma (la ministre de la Culture, Rachida Dati), which is enough for a full name only.
    [[nodiscard]] Trigger trigger_before(std::size_t s) const {
        std::size_t j = s;
        int skipped = 0;
        bool indirect = false;
        while (j > 0 && skipped <= 6) {
            --j;
            const Tok& t = s_.toks[j];
            if (s_.toks[j + 1].break_before) return Trigger::none;
            if (t.kind == Kind::punct) {
                if (t.punct == U'.' && j > 0 && s_.toks[j - 1].kind == Kind::word &&
                    abbreviation_at(j - 1))
                    return indirect ? Trigger::indirect : Trigger::direct;
                if (t.punct == U',' && j + 1 == s) {
                    indirect = true;
                    continue;
                }
                return Trigger::none;
            }
            const std::string_view f = fold(j);
            if (is(j, Lexicon::trigger_word) &&
                (!t.cap || t.sent_start || is_title_abbreviation(f) || t.allcaps))
                return indirect ? Trigger::indirect : Trigger::direct;
            // An incise after a quotation: « ... », dit Botrel.
            if (j + 1 == s && !t.cap && is_speech_verb(f) && j >= 1 &&
                (s_.is_punct(j - 1, U',') || s_.is_punct(j - 1, U'\u00BB') ||
                 s_.is_punct(j - 1, U'\u2014')))
                return Trigger::direct;
            if (!indirect && j + 1 == s && nationality_at(j)) return Trigger::direct;
            if (t.elision || is(j, Lexicon::particle_word)) {
                // M. de Mauroy, Mme L'Huillier: a particle of the name after a short title.
                const bool of_name =
                    j + 1 == s && j >= 1 &&
                    ((s_.is_punct(j - 1, U'.') && j >= 2 && is_title_abbreviation(fold(j - 2))) ||
                     (s_.is_word(j - 1) && is_title_abbreviation(fold(j - 1))));
                if (!of_name) indirect = true;
                ++skipped;
                continue;
            }
            if (adjective_like(f) && !t.cap) {
                ++skipped;
                continue;
            }
            // "de la Culture", "de l'Olympique de Marseille": capitalised complements.
            if (indirect && t.cap && skipped < 6) {
                ++skipped;
                continue;
            }
            return Trigger::none;
        }
        return Trigger::none;
    }

    // ", réalisateur de ...", ", 45 ans": an apposition after the run ending before token @p e.
    [[nodiscard]] bool trigger_after(std::size_t e) const {
        if (!s_.is_punct(e, U',') && !s_.is_punct(e, U'(')) return false;
        std::size_t j = e + 1;
        for (int k = 0; k < 3 && j < s_.toks.size() && s_.toks[j].kind == Kind::word; ++k, ++j) {
            const std::string_view f = fold(j);
            if (lex_.trigger(f) && !is_title_abbreviation(f)) return true;
            if (!f.empty() && f[0] >= '0' && f[0] <= '9')
                return s_.is_word(j + 1) && fold(j + 1) == "ans";
            if (!(s_.toks[j].elision || f == "le" || f == "la" || f == "un" || f == "une" ||
                  f == "son" || f == "sa" || adjective_like(f)))
                return false;
        }
        return false;
    }
};

}  // namespace veille::detail

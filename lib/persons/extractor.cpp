// SPDX-License-Identifier: MIT
// Rules-and-lexicon person extraction (see docs/README-persons.md). One pass cuts the text
// into tokens (persons/scan.hpp), a second groups capitalised tokens and particles into runs
// and decides what each run is, a third resolves the runs of one text against each other.
// Everything is linear in the text; the only allocations are the token buffer, the folded forms
// (one string) and the mentions found.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/text.hpp"
#include "persons/lexicon.hpp"
#include "persons/reading.hpp"
#include "persons/scan.hpp"
#include "veille/error.hpp"
#include "veille/persons.hpp"

#include <unicode/uchar.h>

namespace veille {

namespace {

using detail::is_title_abbreviation;
using detail::Kind;
using detail::Lexicon;
using detail::Scan;
using detail::Tok;

// A capitalised run of tokens read as one candidate name.
enum class Class : std::uint8_t { full, candidate, lone };

struct Cand {
    std::vector<std::uint32_t> parts;  // token indices of the name parts, particles included
    std::uint32_t begin = 0, end = 0;  // bytes
    std::string key;                   // folded letters and digits of the name
    Class cls = Class::lone;
    bool trusted = false;
    bool weak = false;     // all capitals: never trusted on its own
    bool initial = false;  // opens with an initial
    int person = -1;
};

void append_key(std::string& out, std::string_view fold) {
    for (unsigned char ch : fold)
        if (ch >= 0x80 || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            out += static_cast<char>(ch);
}

class Extraction : detail::TokenReading {
public:
    explicit Extraction(std::string_view text) : TokenReading(text) {}

    std::vector<PersonMention> run(const PersonAliases& aliases, std::vector<Person>* persons) {
        find_runs();
        resolve();
        return output(aliases, persons);
    }

private:
    std::vector<Cand> cands_;
    bool list_trigger_ = false;  // after MM. / Mmes: the names of the list are triggered too

    struct P {
        std::string key;
        int best = -1;  // candidate giving the display form
        bool strong = false;
        std::size_t first = 0;
    };
    std::vector<P> persons_;

    void find_runs() {
        const auto n = s_.toks.size();
        std::size_t i = 0;
        std::size_t last_end = 0;  // token after the previous run
        while (i < n) {
            if (!name_word(i)) {
                ++i;
                continue;
            }
            std::size_t s = i;
            // A lower-case particle after a title belongs to the name: M. de Mauroy.
            std::vector<std::uint32_t> parts;
            std::size_t j = i;
            while (j < n) {
                if (j > s && s_.toks[j].break_before) break;
                if (name_word(j)) {
                    parts.push_back(static_cast<std::uint32_t>(j));
                    j += compound_initial_at(j) ? 3 : initial_at(j) ? 2 : 1;
                    continue;
                }
                // Particles (de, van, d') between two name words: Guillermo del Toro.
                if (particle_at(j) && (!s_.toks[j].cap || s_.toks[j].elision)) {
                    std::size_t k = j;
                    while (k < n && particle_at(k) && (!s_.toks[k].cap || s_.toks[k].elision) &&
                           k - j < 3)
                        ++k;
                    if (k < n && name_word(k) && !s_.toks[k].break_before) {
                        for (std::size_t m = j; m < k; ++m)
                            parts.push_back(static_cast<std::uint32_t>(m));
                        j = k;
                        continue;
                    }
                }
                break;
            }
            if (parts.size() > 8) parts.resize(8);
            const bool after_list =
                list_trigger_ && last_end + 2 >= s && s >= 1 &&
                (s_.is_punct(s - 1, U',') || (s_.is_word(s - 1) && fold(s - 1) == "et"));
            if (!after_list) list_trigger_ = false;
            classify(std::move(parts), s, j, after_list);
            last_end = j;
            i = j;
        }
    }

    // What a run of capitalised tokens is, from token @p s to before token @p e: a candidate
    // name, kept in cands_, or nothing. @p after_list: a later name of "MM. X et Y".
    void classify(std::vector<std::uint32_t> parts, std::size_t s, std::size_t e, bool after_list) {
        if (never_a_person(parts, s)) return;
        const auto& toks = s_.toks;
        const Trigger before = after_list ? Trigger::direct : trigger_before(s);
        Triggered how{before != Trigger::none, before == Trigger::direct};
        if (how.any && s >= 2 && s_.is_punct(s - 1, U'.') &&
            (fold(s - 2) == "mm" || fold(s - 2) == "mmes" || fold(s - 2) == "mlles"))
            list_trigger_ = true;
        const std::size_t k = leading_non_names(parts, how);
        parts.erase(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(k));
        if (parts.size() == 1 && is(parts.front(), Lexicon::trigger_word)) return;  // the M of "M."
        drop_trailing_non_names(parts);
        if (parts.empty()) return;
        // M. de Mauroy: a lower-case particle right after the title opens the name.
        if (k == 0 && how.direct && s >= 2 && particle_at(s - 1) &&
            (!toks[s - 1].cap || toks[s - 1].elision) &&
            (s_.is_punct(s - 2, U'.') || is_title_abbreviation(fold(s - 2))))
            parts.insert(parts.begin(), static_cast<std::uint32_t>(s - 1));
        if (!how.any) how.any = how.direct = trigger_after(e);
        add_candidate(std::move(parts), how);
    }

    // Whether the run is what a person never is: an organisation ("Crédit Agricole"), a
    // place ("San Antonio"), or what a street or a prize is named after ("rue Victor Hugo").
    [[nodiscard]] bool never_a_person(const std::vector<std::uint32_t>& parts,
                                      std::size_t s) const {
        const auto& toks = s_.toks;
        for (auto p : parts)
            if (is(p, Lexicon::org_word)) return true;
        if (lex_.place_opener(fold(parts.front()))) return true;
        return s >= 1 && !toks[s].break_before && s_.is_word(s - 1) && !toks[s - 1].cap &&
               is(s - 1, Lexicon::named_after_word);
    }

    // A title or function triggers the run (any); right before it (direct), or past a
    // complement or a comma.
    struct Triggered {
        bool any = false;
        bool direct = false;
    };

    // How many leading parts are no part of the name: sentence-initial common words, titles,
    // articles ("Selon", "Président", "Culture" in "ministre de la Culture Rachida Dati"). A
    // title among them triggers the run.
    std::size_t leading_non_names(const std::vector<std::uint32_t>& parts, Triggered& how) const {
        const auto& toks = s_.toks;
        std::size_t k = 0;
        while (k < parts.size()) {
            const std::size_t t = parts[k];
            if (initial_at(t)) break;
            if (particle_at(t) && (!toks[t].cap || toks[t].elision)) {
                if (k >= 1 && is_title_abbreviation(fold(parts[k - 1]))) break;  // Mme L'Huillier
                how.direct = false;  // "le PDG de Renault": a complement, not the name
                ++k;
                continue;
            }
            // Le Pen, Del Rey, Van Gogh; but "Le Polonais Robert Lewandowski", "Le PDG X".
            if (is(t, Lexicon::particle_word) && k + 1 < parts.size()) {
                const std::size_t next = parts[k + 1];
                const bool plain = !is(next, Lexicon::trigger_word) && !given_at(next) &&
                                   !toks[next].allcaps && !is(next, Lexicon::never_word);
                if (plain && (k + 2 == parts.size() || !is(next, Lexicon::common_word))) break;
            }
            if (is(t, Lexicon::never_word) ||
                (is(t, Lexicon::trigger_word) && k + 1 < parts.size())) {
                if (is(t, Lexicon::trigger_word)) how.any = how.direct = true;
                ++k;
                continue;
            }
            // An acronym or a word before a given name and a surname: "PSG Luis Enrique",
            // "Hollywood Brad Pitt".
            if (k + 2 < parts.size() && !given_at(t) && given_at(parts[k + 1]) &&
                !particle_at(parts[k + 2])) {
                ++k;
                continue;
            }
            if (k + 1 < parts.size() && toks[t].allcaps && !toks[parts[k + 1]].allcaps) {
                ++k;
                continue;
            }
            if (k + 1 < parts.size() && !given_at(t) && is(t, Lexicon::common_word)) {
                ++k;
                continue;
            }
            break;
        }
        return k;
    }

    // Trailing words that end no name: "Louis Riou A", "Guillaume Et", "Léon Lesage Questions".
    void drop_trailing_non_names(std::vector<std::uint32_t>& parts) const {
        const auto& toks = s_.toks;
        while (parts.size() >= 2) {
            const std::size_t t = parts.back();
            const bool letter = toks[t].end - toks[t].begin == 1 && !initial_at(t);
            std::size_t names_before = 0;
            for (std::size_t m = 0; m + 1 < parts.size(); ++m)
                names_before += particle_at(parts[m]) ? 0 : 1;
            if (particle_at(t) || letter || is(t, Lexicon::never_word) ||
                (names_before >= 2 && is(t, Lexicon::common_word) &&
                 !is(t, Lexicon::surname_word) && !given_at(t)))
                parts.pop_back();
            else
                break;
        }
    }

    // The candidate of the name @p parts: full (a given name or a trigger and a surname), a
    // candidate pair, or a lone surname; nothing for what only looks like one.
    void add_candidate(std::vector<std::uint32_t> parts, const Triggered& how) {
        const auto& toks = s_.toks;
        const bool triggered = how.any;
        const bool direct = how.direct;
        std::size_t names = 0;
        bool weak = true;
        for (auto p : parts)
            if (!particle_at(p) && !is(p, Lexicon::particle_word)) {
                ++names;
                if (!toks[p].allcaps) weak = false;
            }
        if (names == 0) return;
        const std::size_t first = parts.front();
        Cand c;
        c.initial = initial_at(first);
        c.weak = weak;
        c.begin = toks[first].begin;
        c.end = toks[parts.back()].end;
        for (auto p : parts) append_key(c.key, fold(p));
        if (c.key.empty()) return;
        const bool given = given_at(first) || c.initial;
        if (names >= 2) {
            if (given && !triggered && !c.initial) {
                // Florence Italie: a given name that is also a place, then only places.
                bool places = is(first, Lexicon::proper_noun);
                for (std::size_t m = 1; m < parts.size() && places; ++m)
                    places =
                        is(parts[m], Lexicon::proper_noun) && !is(parts[m], Lexicon::surname_word);
                if (places) return;
            }
            c.cls = given || triggered ? Class::full : Class::candidate;
            c.trusted = c.cls == Class::full;
        } else {
            if (c.initial) return;
            const Tok& t = toks[first];
            // Rennes, Brest, Allemagne: places of the dictionary are not lone surnames.
            if (is(first, Lexicon::proper_noun) && !is(first, Lexicon::surname_word) &&
                !is(first, Lexicon::given_name))
                return;
            if (!triggered && t.sent_start &&
                (is(first, Lexicon::common_word) || is(first, Lexicon::never_word)))
                return;
            c.cls = Class::lone;
            c.trusted = direct;
        }
        c.parts = std::move(parts);
        cands_.push_back(std::move(c));
    }

    // Keys of every tail of the name, from its second part on: "Earl Jones", "Jones".
    void tails(const Cand& c, std::vector<std::string>& out) const {
        out.clear();
        for (std::size_t k = 1; k < c.parts.size(); ++k) {
            // "Bérard de Brest" is no "Brest"; "Guillermo del Toro" is "del Toro".
            if (particle_at(c.parts[k - 1]) && !s_.toks[c.parts[k - 1]].cap &&
                !particle_at(c.parts[k]))
                continue;
            std::string key;
            for (std::size_t m = k; m < c.parts.size(); ++m) append_key(key, fold(c.parts[m]));
            if (!key.empty()) out.push_back(std::move(key));
        }
    }

    // Whether the name parts of @p a appear in order in @p b, first and last included.
    [[nodiscard]] bool subsequence(const Cand& a, const Cand& b) const {
        std::size_t j = 0;
        for (auto p : a.parts) {
            while (j < b.parts.size() && fold(b.parts[j]) != fold(p)) ++j;
            if (j == b.parts.size()) return false;
            ++j;
        }
        return fold(a.parts.front()) == fold(b.parts.front()) &&
               fold(a.parts.back()) == fold(b.parts.back());
    }

    int person_by_key(std::string_view key) const {
        for (std::size_t p = 0; p < persons_.size(); ++p)
            if (persons_[p].key == key) return static_cast<int>(p);
        return -1;
    }

    [[nodiscard]] bool better(const Cand& a, const Cand& b) const {
        if (a.initial != b.initial) return !a.initial;  // Jean-Pierre Rochefort, not J.-P.
        if (a.parts.size() != b.parts.size()) return a.parts.size() > b.parts.size();
        if (a.weak != b.weak) return !a.weak;
        return a.end - a.begin > b.end - b.begin;
    }

    void attach(int p, std::size_t c) {
        cands_[c].person = p;
        auto& person = persons_[static_cast<std::size_t>(p)];
        if (!cands_[c].weak) person.strong = true;
        if (cands_[c].cls != Class::lone &&
            (person.best < 0 || better(cands_[c], cands_[static_cast<std::size_t>(person.best)])))
            person.best = static_cast<int>(c);
        if (person.best < 0) person.best = static_cast<int>(c);
    }

    // The one person whose full name has the same last part and a first name with the same
    // first letter as the initial-led @p c; -1 if none or several.
    [[nodiscard]] int initial_match(const Cand& c) const {
        const std::string_view letter = fold(c.parts.front()).substr(0, 1);
        const std::string_view last = fold(c.parts.back());
        int found = -1;
        for (std::size_t q = 0; q < persons_.size(); ++q) {
            const Cand& best = cands_[static_cast<std::size_t>(persons_[q].best)];
            if (best.initial || fold(best.parts.back()) != last ||
                !fold(best.parts.front()).starts_with(letter))
                continue;
            if (found >= 0) return -1;
            found = static_cast<int>(q);
        }
        return found;
    }

    // Each candidate attached to a person of the text, or left unresolved.
    void resolve() {
        resolve_full_names();
        const Tails tails = surnames_of_full_names();
        resolve_surnames_and_pairs(tails);
        resolve_capitals(tails);
    }

    // A key of a full name's tail ("Jones" of "James Earl Jones") and its person; -2 for a
    // tail two persons share.
    using Tails = std::vector<std::pair<std::string, int>>;

    // Full names first: one person per key; a shorter form inside a longer one is the same
    // person (Joseph Biden, Joseph R. Biden).
    void resolve_full_names() {
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t c = 0; c < cands_.size(); ++c) {
                if (cands_[c].cls != Class::full || cands_[c].weak ||
                    cands_[c].initial != (pass == 1))
                    continue;
                int p = person_by_key(cands_[c].key);
                // J.-P. Rochefort is the one Jean-Pierre Rochefort of the text, if there is one.
                if (p < 0 && cands_[c].initial) p = initial_match(cands_[c]);
                if (p < 0)
                    for (std::size_t q = 0; q < persons_.size() && p < 0; ++q) {
                        const Cand& best = cands_[static_cast<std::size_t>(persons_[q].best)];
                        if (subsequence(best, cands_[c]) || subsequence(cands_[c], best))
                            p = static_cast<int>(q);
                    }
                if (p < 0) {
                    persons_.push_back(P{cands_[c].key, -1, false, c});
                    p = static_cast<int>(persons_.size() - 1);
                }
                attach(p, c);
            }
    }

    // The surnames of the full names: a tail shared by two persons resolves to neither.
    [[nodiscard]] Tails surnames_of_full_names() const {
        Tails tail_map;
        std::vector<std::string> ts;
        for (const Cand& cand : cands_) {
            if (cand.person < 0) continue;
            tails(cand, ts);
            for (auto& t : ts) {
                auto it = std::find_if(tail_map.begin(), tail_map.end(),
                                       [&](const auto& e) { return e.first == t; });
                if (it == tail_map.end())
                    tail_map.emplace_back(std::move(t), cand.person);
                else if (it->second != cand.person)
                    it->second = -2;
            }
        }
        return tail_map;
    }

    // Then lone surnames and unknown pairs: triggered ones first, so that "M. Kwan" makes the
    // person "Kwan" that a later bare "Kwan" refers to.
    void resolve_surnames_and_pairs(const Tails& tail_map) {
        for (int pass = 0; pass < 2; ++pass)
            for (std::size_t c = 0; c < cands_.size(); ++c) {
                Cand& cand = cands_[c];
                if (cand.cls == Class::full || cand.weak || cand.trusted != (pass == 0)) continue;
                int p = person_by_key(cand.key);
                if (p < 0) {
                    auto it = std::find_if(tail_map.begin(), tail_map.end(),
                                           [&](const auto& e) { return e.first == cand.key; });
                    if (it != tail_map.end()) {
                        if (it->second < 0) continue;  // shared by two persons: unresolved
                        p = it->second;
                    }
                }
                if (p < 0) {
                    if (!cand.trusted || cand.cls != Class::lone) continue;
                    persons_.push_back(P{cand.key, -1, false, c});
                    p = static_cast<int>(persons_.size() - 1);
                }
                attach(p, c);
            }
    }

    // All capitals (headlines, mastheads) never make a person: the longest head of such a run
    // that names a person found elsewhere is that person (ÉLISABETH BORNE À MATIGNON).
    void resolve_capitals(const Tails& tail_map) {
        for (std::size_t c = 0; c < cands_.size(); ++c) {
            Cand& cand = cands_[c];
            if (!cand.weak) continue;
            for (std::size_t len = cand.parts.size(); len >= 1; --len) {
                if (particle_at(cand.parts[len - 1])) continue;
                std::string key;
                for (std::size_t m = 0; m < len; ++m) append_key(key, fold(cand.parts[m]));
                int p = person_by_key(key);
                if (p < 0) {
                    auto it = std::find_if(tail_map.begin(), tail_map.end(),
                                           [&](const auto& e) { return e.first == key; });
                    if (it != tail_map.end()) p = it->second;
                }
                // Mme Borne in the body, ÉLISABETH BORNE in the headline: the full form.
                if (p < 0 && len >= 2 && given_at(cand.parts.front())) {
                    std::string last;
                    append_key(last, fold(cand.parts[len - 1]));
                    const int q = person_by_key(last);
                    if (q >= 0 &&
                        cands_[static_cast<std::size_t>(persons_[static_cast<std::size_t>(q)].best)]
                                .cls == Class::lone)
                        p = q;
                }
                if (p < 0) continue;
                cand.parts.resize(len);
                cand.end = s_.toks[cand.parts.back()].end;
                cand.key = std::move(key);
                cand.cls = len >= 2 ? Class::full : Class::lone;
                attach(p, c);
                break;
            }
        }
    }

    std::string display(const Cand& c) const {
        std::string out;
        for (std::size_t k = 0; k < c.parts.size(); ++k) {
            const std::size_t p = c.parts[k];
            const Tok& t = s_.toks[p];
            if (!out.empty() && !(k > 0 && (s_.toks[c.parts[k - 1]].elision ||
                                            compound_initial_at(c.parts[k - 1]))))
                out += ' ';
            if (t.elision) {
                out += s_.raw(t);
                continue;
            }
            const std::string_view w = s_.raw(t);
            if (!t.allcaps) {
                out += w;
            } else if (k > 0 && is(p, Lexicon::particle_word)) {
                analysis::append_lower(out, w);
            } else {
                // ÉLISABETH BORNE -> Élisabeth Borne; JEAN-PAUL -> Jean-Paul.
                bool upper = true;
                for (std::size_t i = 0; i < w.size();) {
                    const char32_t ch = analysis::next_code_point(w, i);
                    const auto u = static_cast<UChar32>(ch);
                    analysis::append_utf8(
                        out, static_cast<char32_t>(upper ? u_toupper(u) : u_tolower(u)));
                    upper = !u_isalpha(u);
                }
            }
            if (compound_initial_at(p)) {
                out += ".-";
                continue;  // J.-P.: no space before the second letter
            }
            if (initial_at(p)) out += '.';
        }
        return out;
    }

    std::vector<PersonMention> output(const PersonAliases& aliases, std::vector<Person>* persons) {
        std::vector<Person> canon(persons_.size());
        for (std::size_t p = 0; p < persons_.size(); ++p) {
            if (!persons_[p].strong) continue;  // all capitals only: a headline, not trusted
            canon[p] =
                aliases.canonical(display(cands_[static_cast<std::size_t>(persons_[p].best)]));
        }
        std::vector<PersonMention> out;
        for (const auto& c : cands_) {
            if (c.person < 0) continue;
            const Person& person = canon[static_cast<std::size_t>(c.person)];
            if (person.key.empty()) continue;
            out.push_back(PersonMention{c.begin, c.end, person.display, person.key});
            if (persons != nullptr &&
                std::none_of(persons->begin(), persons->end(),
                             [&](const Person& q) { return q.key == person.key; }))
                persons->push_back(person);
        }
        return out;
    }
};

}  // namespace

std::string person_key(std::string_view name) { return analysis::facet_key(name); }

struct PersonExtractor::Impl {
    PersonAliases aliases;
};

PersonExtractor::PersonExtractor() : PersonExtractor(PersonAliases{}) {}
PersonExtractor::PersonExtractor(PersonAliases aliases)
    : impl_(std::make_unique<Impl>(Impl{std::move(aliases)})) {
    (void)Lexicon::get();
}
PersonExtractor::~PersonExtractor() = default;
PersonExtractor::PersonExtractor(PersonExtractor&&) noexcept = default;
PersonExtractor& PersonExtractor::operator=(PersonExtractor&&) noexcept = default;
PersonExtractor::PersonExtractor(const PersonExtractor& o)
    : impl_(std::make_unique<Impl>(*o.impl_)) {}
PersonExtractor& PersonExtractor::operator=(const PersonExtractor& o) {
    if (this != &o) impl_ = std::make_unique<Impl>(*o.impl_);
    return *this;
}

const PersonAliases& PersonExtractor::aliases() const noexcept { return impl_->aliases; }

namespace {

void check_size(std::size_t bytes) {
    // Offsets are 32-bit inside the extractor; no article comes near this.
    if (bytes >= 0xFFFFFFF0U)
        throw Error(ErrorCode::invalid_argument, "text of " + std::to_string(bytes) +
                                                     " bytes is too long for person extraction");
}

}  // namespace

std::vector<PersonMention> PersonExtractor::mentions(std::string_view text) const {
    check_size(text.size());
    return Extraction(text).run(impl_->aliases, nullptr);
}

std::vector<Person> PersonExtractor::persons(std::string_view title, std::string_view body) const {
    check_size(title.size() + body.size() + 2);
    std::string text;
    text.reserve(title.size() + body.size() + 2);
    text += title;
    text += "\n\n";
    text += body;
    std::vector<Person> out;
    (void)Extraction(text).run(impl_->aliases, &out);
    return out;
}

}  // namespace veille

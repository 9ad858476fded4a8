// SPDX-License-Identifier: MIT
#include "corpus.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace bench {

namespace {

void put_escaped(std::ostream& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '\\':
                out << "\\\\";
                break;
            case '\t':
                out << "\\t";
                break;
            case '\n':
                out << "\\n";
                break;
            case '\r':
                break;
            default:
                out << c;
        }
    }
}

std::string unescape(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\' || i + 1 == s.size()) {
            r += s[i];
            continue;
        }
        const char n = s[++i];
        r += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    }
    return r;
}

// splitmix64: tiny, fast and the same on every platform, so a corpus is reproducible.
struct Rng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }
};

// Function words, written here (not from any list), so generated prose has the stopword
// density of real French (about a third of the words).
constexpr std::array<std::string_view, 40> function_words{
    "le", "la",   "les",  "de",  "des",   "du",   "un",    "une",   "et",    "à",
    "en", "dans", "pour", "par", "sur",   "avec", "qui",   "que",   "est",   "a",
    "au", "aux",  "ont",  "été", "il",    "elle", "ils",   "ne",    "pas",   "plus",
    "se", "ce",   "son",  "sa",  "leurs", "mais", "comme", "selon", "après", "depuis"};

constexpr std::array<std::string_view, 48> first_names{
    "Jean",      "Marie",  "Pierre",  "Sophie",   "Élisabeth", "François", "Nathalie", "Olivier",
    "Camille",   "Hélène", "Michel",  "Isabelle", "Nicolas",   "Céline",   "Philippe", "Anne",
    "Laurent",   "Émilie", "Thierry", "Valérie",  "Stéphane",  "Chloé",    "Julien",   "Aurélie",
    "Sébastien", "Léa",    "Antoine", "Manon",    "Benoît",    "Agnès",    "Jérôme",   "Margaux",
    "Rémi",      "Inès",   "Gaël",    "Zoé",      "Hugo",      "Clémence", "Yves",     "Brigitte",
    "Loïc",      "Noémie", "Mathieu", "Juliette", "Frédéric",  "Océane",   "Cédric",   "Lucie"};

constexpr std::array<std::string_view, 10> paper_names{
    "Le Courrier", "La Gazette", "L'Écho",    "Le Journal", "La Dépêche",
    "Le Progrès",  "La Voix",    "Le Réveil", "Le Phare",   "La Tribune"};
constexpr std::array<std::string_view, 8> regions{"du Nord",     "de l'Ouest",  "de Provence",
                                                  "des Alpes",   "de Bretagne", "du Centre",
                                                  "de Lorraine", "du Midi"};

std::string capitalised(std::string_view w) {
    std::string s(w);
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string upper_ascii(std::string_view w) {
    std::string s(w);
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

bool starts_with_vowel(std::string_view w) {
    return !w.empty() && std::string_view("aeiouyh").find(w[0]) != std::string_view::npos;
}

struct Person {
    std::string first, last;
    bool woman;
};

class NewsGenerator {
public:
    NewsGenerator(const std::string& wordlist, std::uint64_t seed) : rng_{seed} {
        std::ifstream in(wordlist);
        if (!in) throw std::runtime_error("cannot read word list " + wordlist);
        for (std::string w; std::getline(in, w);)
            if (!w.empty() && w.find('\'') == std::string::npos) words_.push_back(w);
        if (words_.size() < 1000) throw std::runtime_error("word list too small: " + wordlist);
        // A fixed shuffle, then a Zipf law over the first `vocabulary` words: a few words are
        // frequent, most are rare, as in real text; 5 % of the words come from the whole list.
        for (std::size_t i = words_.size() - 1; i > 0; --i)
            std::swap(words_[i], words_[rng_.below(i + 1)]);
        const std::size_t vocabulary = std::min<std::size_t>(60000, words_.size());
        double sum = 0;
        for (std::size_t r = 0; r < vocabulary; ++r) {
            sum += 1.0 / (static_cast<double>(r) + 2.7);
            cumulative_.push_back(sum);
        }
        for (std::size_t i = 0; i < 3000; ++i) {
            std::string last;
            do last = words_[rng_.below(words_.size())];
            while (last.size() < 4 || last[0] < 'a' || last[0] > 'z');
            persons_.push_back({std::string(first_names[rng_.below(first_names.size())]),
                                capitalised(last), rng_.chance(50)});
        }
        for (auto p : paper_names)
            for (auto r : regions) sources_.push_back(std::string(p) + " " + std::string(r));
    }

    Doc next(std::uint64_t n) {
        Doc d;
        char id[32];
        std::snprintf(id, sizeof id, "news-%08llu", static_cast<unsigned long long>(n));
        d.id = id;
        d.date = date();
        d.source = sources_[zipf_index(sources_.size())];
        // 0 to 4 persons, the most cited ones more often.
        std::vector<const Person*> cast;
        const std::size_t n_persons = rng_.below(5);
        for (std::size_t i = 0; i < n_persons; ++i)
            cast.push_back(&persons_[zipf_index(persons_.size())]);

        d.title = sentence(5 + rng_.below(6), cast, true);
        if (!d.title.empty() && d.title.back() == '.') d.title.pop_back();
        const std::size_t paragraphs = 3 + rng_.below(5);
        for (std::size_t p = 0; p < paragraphs; ++p) {
            if (p) d.body += "\n\n";
            const std::size_t sentences = 2 + rng_.below(4);
            for (std::size_t s = 0; s < sentences; ++s) {
                if (s) d.body += ' ';
                d.body += sentence(8 + rng_.below(15), cast, false);
            }
        }
        return d;
    }

private:
    std::size_t zipf_index(std::size_t n) {
        // Zipf over n items through the shared cumulative table (truncated to n).
        const double top = cumulative_[std::min(n, cumulative_.size()) - 1];
        const double x = static_cast<double>(rng_.next() >> 11) * 0x1.0p-53 * top;
        return static_cast<std::size_t>(
                   std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
                   cumulative_.begin()) %
               n;
    }

    std::string_view word() {
        if (rng_.chance(35)) return function_words[rng_.below(function_words.size())];
        if (rng_.chance(5)) return words_[rng_.below(words_.size())];
        return words_[zipf_index(cumulative_.size())];
    }

    // A person named in one of the forms articles use: full name, title and surname, surname
    // alone, or the surname in capitals.
    std::string mention(const Person& p, bool first) {
        if (first) return p.first + " " + p.last;
        switch (rng_.below(4)) {
            case 0:
                return p.first + " " + p.last;
            case 1:
                return (p.woman ? "Mme " : "M. ") + p.last;
            case 2:
                return p.last;
            default:
                return p.first + " " + upper_ascii(p.last);
        }
    }

    std::string sentence(std::size_t length, const std::vector<const Person*>& cast, bool title) {
        std::string s;
        std::size_t mentioned = 0;
        for (std::size_t i = 0; i < length; ++i) {
            std::string w;
            if (!cast.empty() && rng_.chance(title ? 12 : 4)) {
                const auto& p = *cast[rng_.below(cast.size())];
                w = mention(p, mentioned++ == 0 && !title);
            } else {
                std::string_view v = word();
                if (starts_with_vowel(v) && rng_.chance(15))
                    w = std::string(rng_.chance(50) ? "l'" : "d'") + std::string(v);
                else
                    w = v;
            }
            if (i == 0) w = capitalised(w);
            if (i) s += (rng_.chance(6) && i + 1 < length) ? ", " : " ";
            s += w;
        }
        if (!title) s += '.';
        return s;
    }

    std::string date() {
        using namespace std::chrono;
        const sys_days day = sys_days{year{2010} / January / 1} + days{rng_.below(15 * 365)};
        const year_month_day ymd{day};
        char buf[16];
        if (rng_.chance(5))
            std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()));
        else
            std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        return buf;
    }

    Rng rng_;
    std::vector<std::string> words_;
    std::vector<double> cumulative_;
    std::vector<Person> persons_;
    std::vector<std::string> sources_;
};

// Stardict article markup (Pango: <b>, <i>, <span foreground=...>) to plain text.
std::string strip_markup(std::string_view s) {
    std::string r;
    r.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '<') {
            const auto end = s.find('>', i);
            if (end == std::string_view::npos) break;
            i = end;
        } else if (c == '&') {
            static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> entities{
                {{"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}}};
            bool done = false;
            for (auto [name, text] : entities)
                if (s.substr(i, name.size()) == name) {
                    r += text;
                    i += name.size() - 1;
                    done = true;
                    break;
                }
            if (!done) r += c;
        } else {
            r += c;
        }
    }
    return r;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string gunzip(const std::string& path) {
    const std::string cmd = "gzip -dc '" + path + "'";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run " + cmd);
    std::string r;
    char buf[1 << 16];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) r.append(buf, n);
    return r;
}

}  // namespace

void write_doc(std::ostream& out, const Doc& d) {
    put_escaped(out, d.id);
    out << '\t';
    put_escaped(out, d.date);
    out << '\t';
    put_escaped(out, d.source);
    out << '\t';
    for (std::size_t i = 0; i < d.persons.size(); ++i) {
        if (i) out << ';';
        put_escaped(out, d.persons[i]);
    }
    out << '\t';
    put_escaped(out, d.title);
    out << '\t';
    put_escaped(out, d.body);
    out << '\n';
}

bool read_doc(std::istream& in, Doc& d) {
    std::string line;
    if (!std::getline(in, line)) return false;
    std::array<std::string_view, 6> f;
    std::string_view rest(line);
    for (std::size_t i = 0; i < f.size(); ++i) {
        const auto tab = i + 1 < f.size() ? rest.find('\t') : std::string_view::npos;
        if (i + 1 < f.size() && tab == std::string_view::npos)
            throw std::runtime_error("malformed corpus line: " + line.substr(0, 60));
        f[i] = rest.substr(0, tab);
        if (tab != std::string_view::npos) rest.remove_prefix(tab + 1);
    }
    d.id = unescape(f[0]);
    d.date = unescape(f[1]);
    d.source = unescape(f[2]);
    d.persons.clear();
    for (std::string_view p = f[3]; !p.empty();) {
        const auto semi = p.find(';');
        d.persons.push_back(unescape(p.substr(0, semi)));
        if (semi == std::string_view::npos) break;
        p.remove_prefix(semi + 1);
    }
    d.title = unescape(f[4]);
    d.body = unescape(f[5]);
    return true;
}

std::uint64_t generate_news(const std::string& wordlist, std::uint64_t docs, std::uint64_t seed,
                            std::ostream& out) {
    NewsGenerator gen(wordlist, seed);
    std::uint64_t bytes = 0;
    for (std::uint64_t i = 0; i < docs; ++i) {
        const Doc d = gen.next(i);
        bytes += d.title.size() + d.body.size();
        write_doc(out, d);
    }
    return bytes;
}

std::uint64_t convert_littre(const std::string& idx, const std::string& dict, std::uint64_t docs,
                             std::ostream& out) {
    const std::string index = read_all(idx);
    const std::string text =
        dict.ends_with(".dz") || dict.ends_with(".gz") ? gunzip(dict) : read_all(dict);
    std::uint64_t bytes = 0, n = 0;
    // .idx: headword, NUL, then the article's offset and size in the dictionary, big-endian.
    for (std::size_t pos = 0; pos < index.size() && (docs == 0 || n < docs);) {
        const auto nul = index.find('\0', pos);
        if (nul == std::string::npos || nul + 9 > index.size())
            throw std::runtime_error("malformed stardict index " + idx);
        auto be32 = [&](std::size_t at) {
            std::uint32_t v = 0;
            for (std::size_t k = 0; k < 4; ++k)
                v = (v << 8) | static_cast<unsigned char>(index[at + k]);
            return v;
        };
        const std::uint32_t offset = be32(nul + 1), size = be32(nul + 5);
        if (std::uint64_t{offset} + size > text.size())
            throw std::runtime_error("stardict index points past the dictionary " + dict);
        Doc d;
        char id[32];
        std::snprintf(id, sizeof id, "littre-%06llu", static_cast<unsigned long long>(n));
        d.id = id;
        d.source = "Littré";
        d.title = index.substr(pos, nul - pos);
        d.body = strip_markup(std::string_view(text).substr(offset, size));
        bytes += d.title.size() + d.body.size();
        write_doc(out, d);
        ++n;
        pos = nul + 9;
    }
    return bytes;
}

}  // namespace bench

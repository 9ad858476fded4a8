// SPDX-License-Identifier: MIT
// Evaluates person extraction and prints its figures:
//  - on the gold set written for veille (tests/data/persons_gold.txt): per-document (facet)
//    precision/recall/F1 and mention-level figures; the same on held-out passages written
//    after the rules were frozen (tests/data/persons_heldout.txt), printed without threshold;
//  - on the Europeana Newspapers French NER sample (CC0, ../shared/data/ner/europeana-fr):
//    PER span precision/recall/F1 (exact spans).
// Exits 1 when a figure is below its threshold, so ctest checks them.
//
// Usage: persons_eval [--gold FILE] [--heldout FILE] [--europeana FILE] [--show] [--text]
//                     [--min-gold-precision X] [--min-gold-f1 X] [--min-europeana-f1 X]
//                     [--lexicon LINE]... [--expect-lexicon FILE]
//   --lexicon names what the build derived the person lexicons from, one line each
//            ("sha256 HEX"); with --expect-lexicon, each must be a line of FILE, or the
//            figures, measured with that dictionary, are not checked and persons_eval fails.
//   --text reads French text on standard input and prints the mentions found.
//   --cost N indexes N articles made of gold passages with and without extraction and prints
//            the share of indexing time that extraction takes.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "veille/error.hpp"
#include "veille/index.hpp"
#include "veille/persons.hpp"

#include <unistd.h>

namespace {

struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
    [[nodiscard]] double precision() const {
        return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp);
    }
    [[nodiscard]] double recall() const {
        return tp + fn == 0 ? 1.0 : double(tp) / double(tp + fn);
    }
    [[nodiscard]] double f1() const {
        const double p = precision(), r = recall();
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }
    void print(const char* what) const {
        std::printf("%-34s P %.3f  R %.3f  F1 %.3f  (tp %zu, fp %zu, fn %zu)\n", what, precision(),
                    recall(), f1(), tp, fp, fn);
    }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct GoldMention {
    std::size_t begin, end;
    std::string key;
};

struct GoldDoc {
    std::string id, title, body;        // markup removed
    std::vector<GoldMention> mentions;  // offsets in title + "\n\n" + body
    std::set<std::string> persons;      // keys
};

// "[[surface]]" or "[[surface|Canonical Name]]" marks a mention; the rest is text.
void strip_markup(const std::string& in, std::string& out, GoldDoc& doc, std::size_t base) {
    std::size_t i = 0;
    while (i < in.size()) {
        const auto open = in.find("[[", i);
        if (open == std::string::npos) {
            out += in.substr(i);
            break;
        }
        out += in.substr(i, open - i);
        const auto close = in.find("]]", open);
        if (close == std::string::npos) throw std::runtime_error(doc.id + ": unclosed [[");
        const std::string inner = in.substr(open + 2, close - open - 2);
        const auto bar = inner.find('|');
        const std::string surface = inner.substr(0, bar);
        const std::string canonical = bar == std::string::npos ? surface : inner.substr(bar + 1);
        const std::size_t b = base + out.size();
        out += surface;
        const std::string key = veille::person_key(canonical);
        doc.mentions.push_back({b, b + surface.size(), key});
        doc.persons.insert(key);
        i = close + 2;
    }
}

std::vector<GoldDoc> read_gold(const std::string& path) {
    std::istringstream in(read_file(path));
    std::vector<GoldDoc> docs;
    std::vector<std::string> lines;
    std::string id, line;
    auto flush = [&] {
        if (id.empty()) return;
        GoldDoc d;
        d.id = id;
        std::string title_m = lines.empty() ? "" : lines[0], body_m;
        for (std::size_t k = 1; k < lines.size(); ++k) {
            if (!body_m.empty()) body_m += '\n';
            body_m += lines[k];
        }
        strip_markup(title_m, d.title, d, 0);
        strip_markup(body_m, d.body, d, d.title.size() + 2);
        docs.push_back(std::move(d));
        lines.clear();
    };
    while (std::getline(in, line)) {
        if (line.starts_with("%%")) continue;
        if (line.starts_with("@@")) {
            flush();
            id = line.substr(2);
            while (!id.empty() && id.front() == ' ') id.erase(0, 1);
            continue;
        }
        if (!id.empty() && !(lines.empty() && line.empty())) lines.push_back(line);
    }
    flush();
    return docs;
}

bool eval_gold(const veille::PersonExtractor& x, const char* name, const std::string& path,
               bool show, double min_p, double min_f1) {
    const auto docs = read_gold(path);
    Counts facet, mention;
    for (const auto& d : docs) {
        std::set<std::string> got;
        for (const auto& p : x.persons(d.title, d.body)) got.insert(p.key);
        for (const auto& k : got) (d.persons.count(k) ? facet.tp : facet.fp)++;
        for (const auto& k : d.persons) facet.fn += got.count(k) ? 0 : 1;

        const std::string text = d.title + "\n\n" + d.body;
        std::set<std::tuple<std::size_t, std::size_t, std::string>> gm, pm;
        for (const auto& m : d.mentions) gm.emplace(m.begin, m.end, m.key);
        for (const auto& m : x.mentions(text)) pm.emplace(m.begin, m.end, m.key);
        for (const auto& m : pm) (gm.count(m) ? mention.tp : mention.fp)++;
        for (const auto& m : gm) mention.fn += pm.count(m) ? 0 : 1;
        if (show) {
            for (const auto& k : got)
                if (!d.persons.count(k)) std::printf("%s: FP person %s\n", d.id.c_str(), k.c_str());
            for (const auto& k : d.persons)
                if (!got.count(k)) std::printf("%s: FN person %s\n", d.id.c_str(), k.c_str());
            for (const auto& [b, e, k] : pm)
                if (!gm.count({b, e, k}))
                    std::printf("%s: FP mention '%s' -> %s\n", d.id.c_str(),
                                text.substr(b, e - b).c_str(), k.c_str());
            for (const auto& [b, e, k] : gm)
                if (!pm.count({b, e, k}))
                    std::printf("%s: FN mention '%s' -> %s\n", d.id.c_str(),
                                text.substr(b, e - b).c_str(), k.c_str());
        }
    }
    std::printf("%s: %zu passages, %s\n", name, docs.size(), path.c_str());
    facet.print("  persons per document (facet)");
    mention.print("  mentions (span + person)");
    const bool ok = facet.precision() >= min_p && facet.f1() >= min_f1;
    if (!ok)
        std::printf("  BELOW THRESHOLD: facet precision >= %.2f and F1 >= %.2f required\n", min_p,
                    min_f1);
    return ok;
}

// IOB1 tokens, no sentence breaks: documents are cut every ~400 tokens at a full stop, so that
// within-document resolution works on article-sized pieces.
bool eval_europeana(const veille::PersonExtractor& x, const std::string& path, bool show,
                    double min_f1) {
    std::istringstream in(read_file(path));
    std::string line;
    Counts spans;
    std::size_t tokens = 0, docs = 0;
    double seconds = 0;
    std::string text;
    std::set<std::pair<std::size_t, std::size_t>> gold;
    std::size_t span_begin = 0, span_end = 0, in_doc = 0;
    bool in_span = false;
    auto close_span = [&] {
        if (in_span) gold.emplace(span_begin, span_end);
        in_span = false;
    };
    auto flush = [&] {
        close_span();
        const auto t0 = std::chrono::steady_clock::now();
        const auto ms = x.mentions(text);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::set<std::pair<std::size_t, std::size_t>> got;
        for (const auto& m : ms) got.emplace(m.begin, m.end);
        for (const auto& s : got) (gold.count(s) ? spans.tp : spans.fp)++;
        for (const auto& s : gold) spans.fn += got.count(s) ? 0 : 1;
        if (show) {
            for (const auto& s : got)
                if (!gold.count(s))
                    std::printf("europeana FP '%s'\n",
                                text.substr(s.first, s.second - s.first).c_str());
            for (const auto& s : gold)
                if (!got.count(s)) {
                    const std::size_t b = s.first > 30 ? s.first - 30 : 0;
                    std::printf("europeana FN '%s' in '%s'\n",
                                text.substr(s.first, s.second - s.first).c_str(),
                                text.substr(b, s.second + 20 - b).c_str());
                }
        }
        text.clear();
        gold.clear();
        in_doc = 0;
        ++docs;
    };
    while (std::getline(in, line)) {
        const auto sp = line.rfind(' ');
        if (sp == std::string::npos) continue;
        const std::string tok = line.substr(0, sp), tag = line.substr(sp + 1);
        if (!text.empty()) text += ' ';
        const std::size_t b = text.size();
        text += tok;
        ++tokens;
        ++in_doc;
        if (tag == "I-PER" || tag == "B-PER") {
            if (!in_span || tag == "B-PER") {
                close_span();
                in_span = true;
                span_begin = b;
            }
            span_end = text.size();
        } else {
            close_span();
        }
        if (in_doc >= 400 && tok == ".") flush();
    }
    if (!text.empty()) flush();
    std::printf("europeana-fr: %zu tokens in %zu pieces, %s\n", tokens, docs, path.c_str());
    spans.print("  PER spans (exact)");
    std::printf("  extraction time: %.3f s (%.1f k tokens/s)\n", seconds,
                double(tokens) / seconds / 1000);
    const bool ok = spans.f1() >= min_f1;
    if (!ok) std::printf("  BELOW THRESHOLD: F1 >= %.2f required\n", min_f1);
    return ok;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Extraction's share of indexing time, on articles of three gold passages each.
void eval_cost(const veille::PersonExtractor& x, const std::string& gold, std::size_t n) {
    const auto passages = read_gold(gold);
    if (passages.empty()) throw std::runtime_error("no passage in " + gold);
    std::vector<veille::Document> docs;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        veille::Document d;
        d.id = "doc" + std::to_string(i);
        d.title = passages[i % passages.size()].title;
        for (std::size_t k : {i, i * 7 + 3, i * 13 + 5}) {
            if (!d.body.empty()) d.body += "\n\n";
            d.body += passages[k % passages.size()].body;
        }
        bytes += d.title.size() + d.body.size();
        docs.push_back(std::move(d));
    }
    auto time_index = [&](bool extract) {
        const auto dir =
            std::filesystem::temp_directory_path() /
            ("veille-persons-cost-" + std::to_string(extract) + "-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        veille::IndexOptions o;
        o.extract_persons = extract;
        const auto t0 = std::chrono::steady_clock::now();
        {
            veille::Index ix(dir.string(), o);
            for (const auto& d : docs) ix.add(d);
            ix.commit();
        }
        const double t = seconds_since(t0);
        std::filesystem::remove_all(dir);
        return t;
    };
    (void)time_index(true);  // warm-up: lexicons, caches, page cache
    // Alternated and repeated: other processes make single timings noisy.
    double with = 0, without = 0;
    for (int r = 0; r < 3; ++r) {
        without += time_index(false);
        with += time_index(true);
    }
    with /= 3;
    without /= 3;
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t found = 0;
    for (const auto& d : docs) found += x.persons(d.title, d.body).size();
    const double alone = seconds_since(t0);
    std::printf("cost: %zu articles, %.1f MB\n", n, double(bytes) / 1e6);
    std::printf(
        "  indexing with extraction %.3f s, without %.3f s; extraction alone %.3f s (%zu "
        "persons)\n",
        with, without, alone, found);
    std::printf("  extraction = %.1f %% of indexing time (%.1f MB/s)\n", 100 * alone / with,
                double(bytes) / 1e6 / alone);
}

// Whether every line of @p built is a line of @p file (# starts a comment), saying which differ.
bool same_lexicon(const std::vector<std::string>& built, const std::string& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file);
    std::set<std::string> expected;
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#') expected.insert(line);
    bool same = true;
    for (const auto& b : built)
        if (!expected.contains(b)) {
            std::cerr << "persons_eval: the person lexicons were derived from " << b
                      << ", the thresholds measured with:\n";
            for (const auto& e : expected) std::cerr << "  " << e << "\n";
            same = false;
        }
    if (!same)
        std::cerr << "Measure again (persons_eval without --expect-lexicon prints the figures), "
                     "then write the dictionary's lines into "
                  << file << ".\n";
    return same;
}

}  // namespace

int main(int argc, char** argv) {
    // Run from the repository by default.
    std::string gold = "tests/data/persons_gold.txt";
    std::string heldout = "tests/data/persons_heldout.txt";
    std::string europeana = "../shared/data/ner/europeana-fr/enp_FR.bnf.bio";
    std::vector<std::string> lexicon;
    std::string expect_lexicon;
    double min_p = 0, min_f1 = 0, min_eu = 0;
    bool show = false, text_mode = false;
    std::size_t cost = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--gold")
            gold = next();
        else if (a == "--heldout")
            heldout = next();
        else if (a == "--europeana")
            europeana = next();
        else if (a == "--lexicon")
            lexicon.push_back(next());
        else if (a == "--expect-lexicon")
            expect_lexicon = next();
        else if (a == "--show")
            show = true;
        else if (a == "--text")
            text_mode = true;
        else if (a == "--cost")
            cost = std::stoul(next());
        else if (a == "--min-gold-precision")
            min_p = std::stod(next());
        else if (a == "--min-gold-f1")
            min_f1 = std::stod(next());
        else if (a == "--min-europeana-f1")
            min_eu = std::stod(next());
        else {
            std::cerr << "unknown argument " << a << "\n";
            return 2;
        }
    }
    try {
        const veille::PersonExtractor x;
        if (text_mode) {
            std::ostringstream s;
            s << std::cin.rdbuf();
            const std::string t = s.str();
            for (const auto& m : x.mentions(t))
                std::printf("%zu-%zu\t%s\t-> %s [%s]\n", m.begin, m.end,
                            t.substr(m.begin, m.end - m.begin).c_str(), m.display.c_str(),
                            m.key.c_str());
            return 0;
        }
        if (cost > 0) {
            eval_cost(x, gold, cost);
            return 0;
        }
        if (!expect_lexicon.empty() && !same_lexicon(lexicon, expect_lexicon)) return 1;
        bool ok = true;
        if (!gold.empty()) ok = eval_gold(x, "gold set", gold, show, min_p, min_f1) && ok;
        if (!heldout.empty())
            (void)eval_gold(x, "held-out set (no threshold)", heldout, show, 0, 0);
        if (!europeana.empty()) ok = eval_europeana(x, europeana, show, min_eu) && ok;
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "persons_eval: " << e.what() << "\n";
        return 2;
    }
}

// SPDX-License-Identifier: MIT
// What the spelling table costs at indexing time: indexes the same synthetic French corpus
// (words of Debian's wfrench list, drawn with a Zipf law, fixed seed) with and without
// IndexOptions::spelling, and prints the CPU times and index sizes. The vocabulary is richer
// than real news (more distinct words per document), so this is an upper bound. Not part of the
// build:
//   g++ -std=c++20 -O2 -Iinclude -Ibuild/include tools/spelling_cost.cpp build/lib/libveille.a \
//       $(pkg-config --libs xapian-core icu-uc icu-i18n) -o /tmp/spelling_cost &&
//       /tmp/spelling_cost 3000
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "veille/veille.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    const int docs = argc > 1 ? std::stoi(argv[1]) : 3000;
    std::ifstream in("/usr/share/dict/french");
    std::vector<std::string> words;
    for (std::string w; std::getline(in, w);)
        if (!w.empty()) words.push_back(w);
    if (words.empty()) {
        std::fprintf(stderr, "install the Debian package wfrench\n");
        return 1;
    }
    std::mt19937 rng(42);
    std::shuffle(words.begin(), words.end(), rng);
    // Zipf(1) over the list by inverse transform on the harmonic numbers.
    std::vector<double> cumulative(words.size());
    double sum = 0;
    for (std::size_t i = 0; i < words.size(); ++i)
        cumulative[i] = sum += 1.0 / static_cast<double>(i + 1);
    std::uniform_real_distribution<double> u(0, sum);
    std::vector<veille::Document> corpus;
    std::size_t bytes = 0;
    for (int d = 0; d < docs; ++d) {
        veille::Document doc;
        doc.id = "d" + std::to_string(d);
        doc.date = "2024-06-15";
        doc.source = "Source " + std::to_string(d % 20);
        for (int w = 0; w < 400; ++w) {
            const auto at = std::lower_bound(cumulative.begin(), cumulative.end(), u(rng));
            doc.body += words[static_cast<std::size_t>(at - cumulative.begin())];
            doc.body += w % 15 == 14 ? ". " : " ";
        }
        doc.title = doc.body.substr(0, doc.body.find(' ', 50));
        bytes += doc.body.size();
        corpus.push_back(std::move(doc));
    }
    auto run = [&](bool spelling) {
        const fs::path dir =
            fs::temp_directory_path() / ("veille-spelling-" + std::to_string(spelling));
        fs::remove_all(dir);
        // CPU time of this process: the machine is shared, wall time is noisy.
        const std::clock_t c0 = std::clock();
        {
            veille::IndexOptions o;
            o.spelling = spelling;
            o.extract_persons = false;
            veille::Index index(dir.string(), o);
            for (const auto& d : corpus) index.add(d);
            index.commit();
        }
        const double s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        std::uintmax_t size = 0;
        for (auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file()) size += e.file_size();
        fs::remove_all(dir);
        return std::pair{s, size};
    };
    std::printf("%d documents, %.1f MB of text\n", docs, static_cast<double>(bytes) / 1e6);
    for (int rep = 0; rep < 2; ++rep) {
        const auto [off, off_size] = run(false);
        const auto [on, on_size] = run(true);
        std::printf(
            "CPU: without spelling %.2f s %.1f MB | with spelling %.2f s %.1f MB | +%.0f %% time\n",
            off, static_cast<double>(off_size) / 1e6, on, static_cast<double>(on_size) / 1e6,
            100.0 * (on - off) / off);
    }
}

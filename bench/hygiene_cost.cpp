// SPDX-License-Identifier: MIT
// Indexing cost of hygiene (docs/README-hygiene.md): the same generated corpus indexed with
// both hygiene rules on and off. Words are drawn from Debian's wfrench list; 10 sources, 8
// paragraphs per document, a share line and a per-source footer, 2 % doubled bodies.
// Not built by CMake (the benchmark proper is veille-bench); build and run against a release
// build of the library:
//   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DVEILLE_BUILD_TESTS=OFF &&
//   cmake --build build-rel -j2 --target veille &&
//   g++ -O2 -std=c++20 bench/hygiene_cost.cpp -Iinclude -Ibuild-rel/include
//       build-rel/lib/libveille.a $(pkg-config --libs xapian-core) -licui18n -licuuc
//       -o /tmp/hygiene_cost &&           (one command line)
//   /tmp/hygiene_cost 3000              # wall clock, modes off/on three times each
//   valgrind --tool=callgrind /tmp/hygiene_cost 300 1   # instructions, hygiene on (0: off)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "veille/veille.hpp"

int main(int argc, char** argv) {
    const int docs = argc > 1 ? std::atoi(argv[1]) : 3000;
    const int only = argc > 2 ? std::atoi(argv[2]) : -1;
    std::ifstream in("/usr/share/dict/french");
    std::vector<std::string> words;
    for (std::string w; std::getline(in, w);) words.push_back(w);
    if (words.empty()) {
        std::fprintf(stderr, "install Debian's wfrench package\n");
        return 1;
    }
    std::mt19937 rng(42);
    auto sentence = [&](int n) {
        std::string s;
        for (int i = 0; i < n; ++i) {
            if (i) s += ' ';
            s += words[rng() % words.size()];
        }
        return s + ".";
    };
    std::vector<std::string> footer;
    for (int s = 0; s < 10; ++s) footer.push_back(sentence(30));
    std::vector<veille::Document> corpus;
    std::size_t bytes = 0;
    for (int i = 0; i < docs; ++i) {
        veille::Document d;
        d.id = "d" + std::to_string(i);
        d.title = sentence(8);
        d.source = "Source " + std::to_string(i % 10);
        for (int p = 0; p < 8; ++p) d.body += sentence(60) + "\n\n";
        d.body += "Partager · Commenter\n" + footer[static_cast<std::size_t>(i % 10)];
        if (i % 50 == 0) d.body += "\n" + d.body;
        bytes += d.body.size() + d.title.size();
        corpus.push_back(std::move(d));
    }
    const std::vector<int> modes =
        only >= 0 ? std::vector<int>{only} : std::vector<int>{0, 1, 0, 1, 0, 1};
    const auto dir = std::filesystem::temp_directory_path() / "veille-hygiene-cost";
    for (int mode : modes) {
        std::filesystem::remove_all(dir);
        veille::IndexOptions o;
        o.extract_persons = false;
        o.hygiene.skip_repeated = o.hygiene.skip_boilerplate = mode == 1;
        const auto t0 = std::chrono::steady_clock::now();
        {
            veille::Index index(dir.string(), o);
            int n = 0;
            for (const auto& d : corpus) {
                index.add(d);
                if (++n % 1000 == 0) index.commit();
            }
            index.commit();
        }
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::uintmax_t size = 0;
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
            if (e.is_regular_file()) size += e.file_size();
        std::printf("hygiene %s: %d docs %.1f MB in %.2f s = %.2f MB/s, index %.1f MB\n",
                    mode ? "on " : "off", docs, static_cast<double>(bytes) / 1e6, s,
                    static_cast<double>(bytes) / 1e6 / s, static_cast<double>(size) / 1e6);
    }
    std::filesystem::remove_all(dir);
}

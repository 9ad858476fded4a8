// SPDX-License-Identifier: MIT
#include <iostream>

#include <veille/veille.hpp>

int main(int argc, char** argv) try {
    const std::string dir = argc > 1 ? argv[1] : "veille-db";
    {
        veille::Index index(dir);  // opens or creates; one writer at a time
        index.add({.id = "1",
                   .title = "L’intelligence artificielle au cinéma",
                   .body = "Le réalisateur Daniel Kwan s’inquiète des usages de l’IA.",
                   .source = "Le Monde",
                   .date = "2024-03-02"});
        index.commit();  // uncommitted changes are discarded when the Index is destroyed
    }
    veille::Searcher searcher(dir);
    veille::SearchRequest request;
    request.query = "realisateur source:\"le monde\"";  // accents and case do not matter
    for (const auto& hit : searcher.search(request).hits)
        std::cout << hit.id << " | " << hit.title << " | " << hit.snippet << '\n';
} catch (const veille::Error& e) {
    std::cerr << "veille: " << e.what() << '\n';
    return 1;
}

// SPDX-License-Identifier: MIT
// Fuzzes the query language against a small French index built at start-up. The first line of
// the input is the query; further lines "field:value" become API filters. A search must end in
// results or a veille::Error of code query_syntax (invalid_argument for an unknown filter
// field): never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "veille/veille.hpp"

#include <unistd.h>

namespace {

std::string dir;
std::unique_ptr<veille::Searcher> searcher;

void remove_index() {
    searcher.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

veille::Document doc(std::string id, std::string title, std::string body, std::string source,
                     std::string date, std::vector<std::string> persons = {}) {
    veille::Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    d.source = std::move(source);
    d.date = std::move(date);
    d.persons = std::move(persons);
    return d;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    char tmpl[] = "/tmp/veille-fuzz-query-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) std::abort();
    dir = std::string(tmpl) + "/db";
    {
        veille::Index index(dir);
        index.add(doc("a1", "Le réalisateur Daniel Kwan primé à Cannes",
                      "Le jury du festival de Cannes a récompensé jeudi le réalisateur américain.",
                      "Le Monde", "2024-05-24", {"Daniel Kwan"}));
        index.add(doc("a2", "L’intelligence artificielle au conseil municipal",
                      "Les élus de Lyon ont débattu de l’usage de l’IA dans les services publics.",
                      "Libération", "2024-06", {"Grégory Doucet"}));
        index.add(doc("a3", "Œuvres d’art restituées",
                      "Le musée du Louvre restitue vingt œuvres ; "
                      "la ministre de la Culture salue « un geste fort ».",
                      "Le Figaro", "2023"));
        index.add(doc("a4", "Grève à la SNCF",
                      "Les contrôleurs cessent le travail vendredi, "
                      "jusqu’à dimanche soir.",
                      "Ouest-France", "2024-02-29", {"Élisabeth Borne"}));
        index.add(doc("a5", "", "北京 東京 서울 : des villes d'Asie.", "", ""));
        index.commit();
    }
    searcher = std::make_unique<veille::Searcher>(dir);
    std::atexit(remove_index);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    veille::SearchRequest r;
    const auto nl = input.find('\n');
    r.query = input.substr(0, nl);
    for (std::size_t at = nl; at != std::string::npos && r.filters.size() < 4;) {
        const auto next = input.find('\n', at + 1);
        const std::string line =
            input.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
        const auto colon = line.find(':');
        if (colon != std::string::npos)
            r.filters.push_back({line.substr(0, colon), line.substr(colon + 1)});
        at = next;
    }
    r.limit = 3;
    r.sort = size % 3 == 0 ? veille::Sort::date : veille::Sort::automatic;
    r.recency_half_life_days = size % 2 ? 30 : 0;
    try {
        const auto res = searcher->search(r);
        if (res.hits.size() > 3) std::abort();
        for (const auto& h : res.hits)
            if (h.id.empty()) std::abort();
    } catch (const veille::Error& e) {
        if (e.code() != veille::ErrorCode::query_syntax &&
            e.code() != veille::ErrorCode::invalid_argument)
            std::abort();
    }
    return 0;
}

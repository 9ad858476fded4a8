// SPDX-License-Identifier: MIT
// Shared helpers of the test suites.
#pragma once

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "veille/veille.hpp"

#include <boost/test/unit_test.hpp>

namespace veille {
inline std::ostream& operator<<(std::ostream& os, ErrorCode code) { return os << to_string(code); }
}  // namespace veille

namespace veille::test {

/// A fresh directory, removed with everything in it at the end of the test.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("veille-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] std::string str(const std::string& sub = "db") const {
        return (path / sub).string();
    }
};

inline Document doc(std::string id, std::string title, std::string body, std::string source = {},
                    std::string date = {}, std::vector<std::string> persons = {}) {
    Document d;
    d.id = std::move(id);
    d.title = std::move(title);
    d.body = std::move(body);
    d.source = std::move(source);
    d.date = std::move(date);
    d.persons = std::move(persons);
    return d;
}

/// Ids of the hits of @p query, sorted, all of them.
inline std::vector<std::string> ids(Searcher& s, const std::string& query,
                                    std::vector<Filter> filters = {}) {
    SearchRequest r;
    r.query = query;
    r.limit = 1000;
    r.filters = std::move(filters);
    r.facets = std::vector<FacetRequest>{};
    std::vector<std::string> out;
    for (auto& h : s.search(r).hits) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
}

inline auto has_code(ErrorCode code) {
    return [code](const Error& e) { return e.code() == code; };
}

using Ids = std::vector<std::string>;

}  // namespace veille::test

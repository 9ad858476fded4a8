// SPDX-License-Identifier: MIT
#include "search/check.hpp"

#include <sstream>

#include "hygiene/hygiene.hpp"
#include "index/positions.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"
#include "veille/error.hpp"

namespace veille::detail {

namespace {

// At most this many problems are described; the others are counted.
constexpr std::size_t max_described = 100;

struct Problems {
    CheckReport& report;
    std::uint64_t more = 0;
    void add(std::string what) {
        if (report.problems.size() < max_described)
            report.problems.push_back(std::move(what));
        else
            ++more;
    }
};

// Xapian's check of @p path. Its report names each table on a line of its own ("termlist:")
// before what it found there; a damaged table may also end the check with an error.
void xapian_check(const std::string& path, Problems& problems) {
    std::ostringstream out;
    std::size_t errors = 0;
    std::string failure;
    try {
        errors = Xapian::Database::check(path, 0, &out);
    } catch (const Xapian::Error& e) {
        failure = e.get_msg();
    }
    if (errors == 0 && failure.empty()) return;
    std::istringstream lines(out.str());
    std::string table;
    std::size_t described = 0;
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos) {
            table = line.substr(0, line.size() - 1);
            continue;
        }
        if (line.empty() || line.find("checked OK") != std::string::npos ||
            line.find("Lazily created") != std::string::npos ||
            line.find("No errors") != std::string::npos || line.starts_with("blocksize=") ||
            line.starts_with("docids ") || line.starts_with("B-tree checked"))
            continue;
        problems.add(path + ", table " + table + ": " + line);
        ++described;
    }
    if (!failure.empty())
        problems.add(path + (table.empty() ? "" : ", table " + table) + ": " + failure);
    else if (described == 0)
        problems.add(path + ": Xapian's check found " + std::to_string(errors) + " error(s)");
}

}  // namespace

CheckReport check_index(const std::vector<std::string>& paths, const Xapian::Database& db) {
    CheckReport r;
    Problems problems{r};
    for (const auto& p : paths) {
        xapian_check(p, problems);
        ++r.databases;
    }
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        ++r.documents;
        std::string name = "document " + std::to_string(*it);
        try {
            const StoredDocument stored = load(doc);
            name = "document '" + stored.doc.id + "'";
            if (db.get_termfreq(std::string(schema::id.prefix) + stored.doc.id) != 1)
                problems.add(name + ": its id term is not held by exactly one document");
        } catch (const Error& e) {
            problems.add(name + ": " + e.what());
        }
        try {
            const std::string h = doc.get_value(schema::slot::hygiene);
            if (!h.empty()) (void)hygiene::decode_figures(h);
        } catch (const Error& e) {
            problems.add(name + ": hygiene value: " + e.what());
        }
        try {
            // Looking one term up reads the whole value's structure.
            const std::string v = doc.get_value(schema::slot::positions);
            if (!v.empty()) {
                const positions::Lookup any{fnv1a64("le")};
                std::vector<std::vector<std::uint32_t>> out;
                positions::find(v, {&any, 1}, out);
            }
        } catch (const Error& e) {
            problems.add(name + ": positions value: " + e.what());
        }
    }
    if (problems.more != 0)
        r.problems.push_back("... and " + std::to_string(problems.more) + " more problem(s)");
    return r;
}

}  // namespace veille::detail

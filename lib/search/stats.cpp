// SPDX-License-Identifier: MIT
#include "search/stats.hpp"

#include <filesystem>
#include <system_error>

#include "schema/schema.hpp"
#include "veille/error.hpp"

namespace veille::detail {

namespace {

std::uint64_t count_terms(const Xapian::Database& db, std::string_view prefix) {
    std::uint64_t n = 0;
    const std::string p(prefix);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) ++n;
    return n;
}

std::uint64_t directory_bytes(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::uint64_t total = 0;
    fs::recursive_directory_iterator it(path, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        // A file may vanish between listing and stat (a commit replacing a table): skip it.
        const auto size = it->file_size(ec);
        if (ec) {
            ec.clear();
            continue;
        }
        total += size;
    }
    if (ec) throw Error(ErrorCode::io, "listing index directory '" + path + "': " + ec.message());
    return total;
}

}  // namespace

IndexStats index_stats(const Xapian::Database& db, const std::string& path) {
    IndexStats s;
    s.documents = db.get_doccount();
    s.sources = count_terms(db, schema::source.prefix);
    s.persons = count_terms(db, schema::person.prefix);
    // Dates as given are ISO strings of one to three parts: their byte order is time order,
    // so the value bounds of the slot are the earliest and the latest date.
    s.dated = db.get_value_freq(schema::slot::date);
    if (s.dated > 0) {
        s.first_date = db.get_value_lower_bound(schema::slot::date);
        s.last_date = db.get_value_upper_bound(schema::slot::date);
    }
    s.disk_bytes = directory_bytes(path);
    return s;
}

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
#include "search/stats.hpp"

#include <filesystem>
#include <system_error>

#include "schema/schema.hpp"
#include "store/shards.hpp"
#include "veille/error.hpp"

namespace veille::detail {

namespace {

std::uint64_t count_terms(const Xapian::Database& db, std::string_view prefix) {
    std::uint64_t n = 0;
    const std::string p(prefix);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) ++n;
    return n;
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
    s.disk_bytes = store::directory_bytes(path);
    return s;
}

}  // namespace veille::detail

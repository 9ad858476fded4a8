// SPDX-License-Identifier: MIT
#include "output.hpp"

#include <cstdio>
#include <cstdlib>

#include "cli.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace cli {

// ordered_json: keys come out in the order documented (the issue and docs/README-cli.md).
using json = nlohmann::ordered_json;

namespace {

// Terminal attributes, used only when use_bold() says so.
constexpr const char* bold_on = "\x1b[1m";
constexpr const char* bold_off = "\x1b[0m";

std::string join(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

std::string where(const Location& at) {
    return at.line ? fmt::format("{}:{}", at.input, at.line) : at.input;
}

json problems_json(const std::vector<Problem>& problems, const char* key) {
    json out = json::array();
    for (const auto& p : problems)
        out.push_back({{"input", p.where.input}, {"line", p.where.line}, {key, p.message}});
    return out;
}

// JSON must be valid UTF-8; what veille returns is, but be safe against a broken index.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string megabytes(std::uint64_t bytes) {
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

int exit_code(const veille::Error& e) noexcept {
    switch (e.code()) {
        case veille::ErrorCode::query_syntax:
        case veille::ErrorCode::invalid_argument:
            return usage;
        case veille::ErrorCode::locked:
        case veille::ErrorCode::not_found:
        case veille::ErrorCode::io:
        case veille::ErrorCode::corrupt:
        case veille::ErrorCode::internal:
            return index_error;
    }
    return index_error;
}

int report(const veille::Error& e) {
    fmt::print(stderr, "veille: {}\n", e.what());
    if (!e.hint().empty()) fmt::print(stderr, "hint: {}\n", e.hint());
    return exit_code(e);
}

bool use_bold(int fd) {
    const char* no_color = std::getenv("NO_COLOR");
    return isatty(fd) != 0 && (no_color == nullptr || *no_color == '\0');
}

void print_summary(const Summary& s, bool as_json) {
    const double rate = s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0;
    if (as_json) {
        const json j = {{"read", s.read},
                        {"indexed", s.indexed},
                        {"skipped", s.skipped},
                        {"warnings", s.warnings.size()},
                        {"errors", problems_json(s.errors, "reason")},
                        {"warning_details", problems_json(s.warnings, "warning")},
                        {"seconds", s.seconds},
                        {"docs_per_second", rate}};
        fmt::print("{}\n", dump(j));
        return;
    }
    fmt::print("read {}, indexed {}, skipped {}, warnings {} in {:.2f} s ({:.0f} docs/s)\n", s.read,
               s.indexed, s.skipped, s.warnings.size(), s.seconds, rate);
    for (const auto& p : s.errors) fmt::print("skipped {}: {}\n", where(p.where), p.message);
    for (const auto& p : s.warnings) fmt::print("warning {}: {}\n", where(p.where), p.message);
}

json search_json(const std::string& query, const veille::SearchResults& results,
                 const std::vector<FacetName>& names) {
    json hits = json::array();
    for (const auto& h : results.hits) {
        hits.push_back({{"id", h.id},
                        {"title", h.title},
                        {"source", h.source},
                        {"date", h.date},
                        {"url", h.url},
                        {"score", h.score},
                        {"persons", h.persons},
                        {"snippet", h.snippet}});
    }
    json facets = json::object();
    for (std::size_t i = 0; i < results.facets.size(); ++i) {
        const auto& f = results.facets[i];
        json values = json::array();
        for (const auto& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
        std::string key = i < names.size() ? names[i].key : f.field;
        for (int n = 2; facets.contains(key); ++n) key = fmt::format("{}#{}", f.field, n);
        facets[key] = {{"values", values}, {"missing", f.missing}};
        if (f.field == "date") facets[key]["coarser"] = f.coarser;
    }
    return {{"query", query},
            {"total", results.total},
            {"exact", results.exact},
            {"hits", hits},
            {"facets", facets}};
}

void print_search(const std::string& query, std::size_t offset,
                  const veille::SearchResults& results, const std::vector<FacetName>& names,
                  bool bold) {
    const char* on = bold ? bold_on : "";
    const char* off = bold ? bold_off : "";
    const std::string total = fmt::format("{}{} document{}", results.exact ? "" : "about ",
                                          results.total, results.total == 1 ? "" : "s");
    if (query.empty())
        fmt::print("{}\n", total);
    else
        fmt::print("{} match {}\n", total, query);
    if (!results.hits.empty() && (offset > 0 || results.hits.size() < results.total))
        fmt::print("showing {}-{}\n", offset + 1, offset + results.hits.size());

    std::size_t rank = offset;
    for (const auto& h : results.hits) {
        fmt::print("\n{:>3}. {}{}{}\n", ++rank, on, h.title.empty() ? h.id : h.title, off);
        std::vector<std::string> meta;
        if (!h.source.empty()) meta.push_back(h.source);
        if (!h.date.empty()) meta.push_back(h.date);
        if (!h.persons.empty()) meta.push_back(join(h.persons, ", "));
        if (!meta.empty()) fmt::print("     {}\n", join(meta, " · "));
        if (!h.snippet.empty()) fmt::print("     {}\n", h.snippet);
        fmt::print("     id: {}{}\n", h.id, h.url.empty() ? "" : "  " + h.url);
    }

    for (std::size_t i = 0; i < results.facets.size(); ++i) {
        const auto& f = results.facets[i];
        fmt::print("\n{}{}{}\n", on, i < names.size() ? names[i].heading : f.field, off);
        if (f.values.empty() && f.missing == 0) fmt::print("  (none)\n");
        for (const auto& v : f.values) fmt::print("  {:>6}  {}\n", v.count, v.value);
        // Dated "2024" in a panel by month: in no bucket, but not without a date either.
        if (f.coarser > 0)
            fmt::print("  {:>6}  (dated less precisely than a {})\n", f.coarser,
                       i < names.size() && !names[i].unit.empty() ? names[i].unit : "bucket");
        if (f.missing > 0) fmt::print("  {:>6}  (no {})\n", f.missing, f.field);
    }
}

void print_stats(const std::string& db, const veille::IndexStats& s,
                 const std::vector<veille::SourceHygiene>& hygiene, bool as_json) {
    if (as_json) {
        json sources = json::array();
        for (const auto& h : hygiene)
            sources.push_back({{"source", h.source},
                               {"documents", h.documents},
                               {"unchecked", h.unchecked},
                               {"body_bytes", h.body_bytes},
                               {"repeated_parts", h.repeated_parts},
                               {"repeated_bytes", h.repeated_bytes},
                               {"boilerplate_parts", h.boilerplate_parts},
                               {"boilerplate_bytes", h.boilerplate_bytes},
                               {"boilerplate_lines", h.boilerplate_lines}});
        fmt::print("{}\n", dump({{"db", db},
                                 {"documents", s.documents},
                                 {"sources", s.sources},
                                 {"persons", s.persons},
                                 {"dated", s.dated},
                                 {"first_date", s.first_date},
                                 {"last_date", s.last_date},
                                 {"disk_bytes", s.disk_bytes},
                                 {"shards", s.shards},
                                 {"hygiene", sources}}));
        return;
    }
    fmt::print("index      {}\n", db);
    fmt::print("documents  {}\n", s.documents);
    fmt::print("sources    {}\n", s.sources);
    fmt::print("persons    {}\n", s.persons);
    if (s.dated > 0)
        fmt::print("dates      {} .. {} ({} dated, {} without a date)\n", s.first_date, s.last_date,
                   s.dated, s.documents - s.dated);
    else
        fmt::print("dates      none\n");
    fmt::print("size       {} on disk\n", megabytes(s.disk_bytes));
    if (s.shards > 1) fmt::print("shards     {}\n", s.shards);
    // Text kept out of the index (docs/README-hygiene.md), for the sources that had some.
    bool header = false;
    for (const auto& h : hygiene) {
        if (h.repeated_parts + h.boilerplate_parts == 0 && h.unchecked == 0) continue;
        if (!header) fmt::print("skipped    (not indexed, per source)\n");
        header = true;
        const double share =
            h.body_bytes > 0 ? 100.0 * static_cast<double>(h.repeated_bytes + h.boilerplate_bytes) /
                                   static_cast<double>(h.body_bytes)
                             : 0.0;
        fmt::print(
            "  {}: {} repeated lines ({} bytes), {} boilerplate lines ({} bytes, {} distinct), "
            "{:.1f} % of the text",
            h.source.empty() ? "(no source)" : h.source, h.repeated_parts, h.repeated_bytes,
            h.boilerplate_parts, h.boilerplate_bytes, h.boilerplate_lines, share);
        if (h.unchecked > 0) fmt::print("; {} documents indexed without hygiene", h.unchecked);
        fmt::print("\n");
    }
}

void print_document(const veille::Document& d, const std::vector<veille::SkippedPart>& skipped,
                    bool as_json) {
    if (as_json) {
        json parts = json::array();
        for (const auto& k : skipped)
            parts.push_back({{"begin", k.begin},
                             {"end", k.end},
                             {"reason", std::string(veille::to_string(k.reason))}});
        fmt::print("{}\n", dump({{"id", d.id},
                                 {"title", d.title},
                                 {"source", d.source},
                                 {"date", d.date},
                                 {"url", d.url},
                                 {"persons", d.persons},
                                 {"body", d.body},
                                 {"skipped", parts}}));
        return;
    }
    fmt::print("id       {}\n", d.id);
    fmt::print("title    {}\n", d.title);
    fmt::print("source   {}\n", d.source);
    fmt::print("date     {}\n", d.date);
    if (!d.url.empty()) fmt::print("url      {}\n", d.url);
    fmt::print("persons  {}\n", d.persons.empty() ? "(none)" : join(d.persons, ", "));
    if (!skipped.empty())
        fmt::print("skipped  {} lines not indexed, marked [repeated] or [boilerplate]\n",
                   skipped.size());
    // The body as stored; each line hygiene kept out of the index is marked with its reason.
    std::string body;
    std::size_t at = 0;
    for (const auto& k : skipped) {
        if (k.begin < at || k.end > d.body.size()) continue;
        body.append(d.body, at, k.begin - at);
        body += "[" + std::string(veille::to_string(k.reason)) + "] ";
        body.append(d.body, k.begin, k.end - k.begin);
        at = k.end;
    }
    body.append(d.body, at);
    fmt::print("\n{}\n", body);
}

void print_clean(const std::string& db, const veille::CleanReport& r, bool as_json) {
    if (as_json) {
        fmt::print("{}\n", dump({{"db", db},
                                 {"documents", r.documents},
                                 {"paragraphs_checked", r.paragraphs_checked},
                                 {"boilerplate_lines", r.boilerplate_lines},
                                 {"reanalysed", r.reanalysed}}));
        return;
    }
    fmt::print("cleaned {}: {} documents, {} re-analysed; {} lines checked, {} boilerplate\n", db,
               r.documents, r.reanalysed, r.paragraphs_checked, r.boilerplate_lines);
}

void print_compact(const std::string& db, const veille::CompactReport& r, bool as_json) {
    if (as_json) {
        fmt::print(
            "{}\n",
            dump({{"db", db}, {"bytes_before", r.bytes_before}, {"bytes_after", r.bytes_after}}));
        return;
    }
    fmt::print("compacted {}: {} -> {}\n", db, megabytes(r.bytes_before), megabytes(r.bytes_after));
}

nlohmann::ordered_json match_json(const veille::AlertMatch& m) {
    return {{"sequence", m.sequence}, {"alert", m.alert},     {"id", m.id},
            {"title", m.title},       {"source", m.source},   {"date", m.date},
            {"url", m.url},           {"persons", m.persons}, {"snippet", m.snippet},
            {"recorded", m.recorded}};
}

void print_match(const veille::AlertMatch& m, bool as_json) {
    if (as_json) {
        fmt::print("{}\n", dump(match_json(m)));
        return;
    }
    std::string where = m.source;
    if (!m.date.empty()) where += (where.empty() ? "" : ", ") + m.date;
    fmt::print("#{} [{}] {}: {}{}\n", m.sequence, m.alert, m.id, m.title,
               where.empty() ? "" : " (" + where + ")");
    if (!m.snippet.empty()) fmt::print("    {}\n", m.snippet);
}

void print_alerts(const std::vector<veille::Alert>& alerts, bool as_json) {
    for (const auto& a : alerts) {
        if (as_json)
            fmt::print("{}\n", dump({{"name", a.name}, {"query", a.query}}));
        else
            fmt::print("{}: {}\n", a.name, a.query);
    }
}

void print_check(const std::string& db, const veille::CheckReport& r, bool as_json) {
    if (as_json) {
        fmt::print("{}\n", dump({{"db", db},
                                 {"databases", r.databases},
                                 {"documents", r.documents},
                                 {"problems", r.problems}}));
        return;
    }
    for (const auto& p : r.problems) fmt::print("{}\n", p);
    fmt::print("checked {}: {} database(s), {} documents, {}\n", db, r.databases, r.documents,
               r.problems.empty() ? std::string("no problem")
                                  : std::to_string(r.problems.size()) + " problem(s)");
}

}  // namespace cli

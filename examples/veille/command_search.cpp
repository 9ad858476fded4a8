// SPDX-License-Identifier: MIT
// veille search: the query language, --facet specs, and both output forms.
#include <charconv>
#include <stdexcept>

#include "cli.hpp"
#include "output.hpp"
#include "veille/search.hpp"
#include "veille/synonyms.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace cli {

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (auto at = s.find(sep); at != std::string::npos; at = s.find(sep, start)) {
        parts.push_back(s.substr(start, at - start));
        start = at + 1;
    }
    parts.push_back(s.substr(start));
    return parts;
}

// NAME[:GRANULARITY[:WITHIN]][=TOP] for date ("date:month:2024=12"), NAME[:PREFIX][=TOP] for
// source and person ("person:dan=5": persons whose name starts with "dan").
veille::FacetRequest parse_facet(const std::string& spec) {
    veille::FacetRequest request;
    std::string body = spec;
    if (const auto eq = spec.rfind('='); eq != std::string::npos) {
        body = spec.substr(0, eq);
        const std::string top = spec.substr(eq + 1);
        const auto [end, ec] = std::from_chars(top.data(), top.data() + top.size(), request.top);
        if (ec != std::errc() || end != top.data() + top.size())
            throw std::invalid_argument("--facet " + spec + ": TOP must be a number (0: all)");
    }
    const auto parts = split(body, ':');
    request.field = parts[0];
    if (request.field == "date") {
        if (parts.size() > 3) throw std::invalid_argument("--facet " + spec + ": too many ':'");
        if (parts.size() > 1) {
            const std::string& g = parts[1];
            if (g == "year")
                request.granularity = veille::DateGranularity::year;
            else if (g == "month")
                request.granularity = veille::DateGranularity::month;
            else if (g == "day")
                request.granularity = veille::DateGranularity::day;
            else
                throw std::invalid_argument("--facet " + spec +
                                            ": GRANULARITY is year, month or day");
        }
        if (parts.size() > 2) request.within = parts[2];
    } else if (request.field == "source" || request.field == "person") {
        // A prefix may itself hold ':' (unlikely in a name, but do not cut it).
        if (parts.size() > 1) request.prefix = body.substr(request.field.size() + 1);
    } else {
        throw std::invalid_argument("--facet " + spec + ": NAME is source, date or person");
    }
    return request;
}

// Keys and headings of the facets asked: the field alone when it is the first facet of its
// field, so the usual keys are "source", "date", "person".
std::vector<FacetName> facet_names(const std::vector<std::string>& specs,
                                   const std::vector<veille::FacetRequest>& requests) {
    std::vector<FacetName> names;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& r = requests[i];
        FacetName n;
        bool seen = false;
        for (const auto& earlier : names) seen = seen || earlier.key == r.field;
        n.key = seen ? specs[i].substr(0, specs[i].rfind('=')) : r.field;
        n.heading = r.field;
        if (r.field == "date" && r.granularity == veille::DateGranularity::month) n.unit = "month";
        if (r.field == "date" && r.granularity == veille::DateGranularity::day) n.unit = "day";
        if (!n.unit.empty()) n.heading += " by " + n.unit;
        if (!r.within.empty()) n.heading += " in " + r.within;
        if (!r.prefix.empty()) n.heading += " starting with " + r.prefix;
        names.push_back(std::move(n));
    }
    return names;
}

veille::Sort parse_sort(const std::string& s) {
    if (s == "relevance") return veille::Sort::relevance;
    if (s == "date") return veille::Sort::date;
    return veille::Sort::automatic;
}

}  // namespace

int run_search(const SearchOptions& options) {
    veille::SearchRequest request;
    for (const auto& word : options.query) {
        if (!request.query.empty()) request.query += ' ';
        request.query += word;
    }
    request.limit = options.limit;
    request.offset = options.offset;
    request.sort = parse_sort(options.sort);
    try {
        if (options.no_facets) {
            request.facets = std::vector<veille::FacetRequest>{};
        } else if (!options.facets.empty()) {
            request.facets.emplace();
            for (const auto& spec : options.facets) request.facets->push_back(parse_facet(spec));
        }
    } catch (const std::invalid_argument& e) {
        fmt::print(stderr, "veille search: {}\n", e.what());
        return usage;
    }

    const bool bold = !options.json && use_bold(STDOUT_FILENO);
    if (!options.json) {
        // Matches in bold on a terminal, plain text otherwise; never HTML on a terminal.
        request.snippet.open = bold ? "\x1b[1m" : "";
        request.snippet.close = bold ? "\x1b[0m" : "";
        request.snippet.escape_html = false;
    }

    const auto names =
        request.facets ? facet_names(options.facets, *request.facets) : std::vector<FacetName>{};
    veille::Searcher searcher(options.db);
    // Synonyms apply at query time: a changed file needs no re-indexing.
    if (options.no_synonyms)
        request.synonyms = false;
    else
        searcher.set_synonyms(options.synonyms.empty() ? veille::Synonyms::french_news()
                                                       : veille::Synonyms::load(options.synonyms));
    request.reference_date = options.today;
    if (options.explain) {
        const auto explanation = searcher.explain(request);
        if (options.json) {
            nlohmann::ordered_json j;
            j["query"] = request.query;
            j["explain"] = explanation.text;
            fmt::print("{}\n",
                       j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        } else {
            fmt::print("{}\n", explanation.text);
        }
        return ok;
    }
    const auto results = searcher.search(request);
    if (options.json) {
        auto j = search_json(request.query, results, names);
        j["suggestion"] = results.suggestion.empty() ? nlohmann::ordered_json(nullptr)
                                                     : nlohmann::ordered_json(results.suggestion);
        fmt::print("{}\n",
                   j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    } else {
        print_search(request.query, request.offset, results, names, bold);
        if (!results.suggestion.empty())
            fmt::print("\nVouliez-vous dire : {} ?\n", results.suggestion);
    }
    return ok;
}

int run_related(const RelatedOptions& options) {
    veille::Searcher searcher(options.db);
    veille::RelatedRequest request;
    request.limit = options.limit;
    const bool bold = !options.json && use_bold(STDOUT_FILENO);
    // Related articles are shown like search hits, without facets.
    veille::SearchResults results;
    results.hits = searcher.related(options.id, request);
    results.total = results.hits.size();
    const std::string heading = "À lire aussi : " + options.id;
    if (options.json)
        fmt::print("{}\n",
                   search_json(heading, results, {})
                       .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    else
        print_search(heading, 0, results, {}, bold);
    return ok;
}

}  // namespace cli

// SPDX-License-Identifier: MIT
#include "search/explain.hpp"

#include "analysis/text.hpp"
#include "dates/french_dates.hpp"
#include "schema/schema.hpp"
#include "search/spelling.hpp"

namespace veille::detail {

namespace {

std::string resolved_date(const std::string& value, const std::string& reference) {
    const DaySpan r = resolve_date_expression(value, reference_day(reference));
    return (r.first.empty() ? "" : iso_day(r.first)) + ".." +
           (r.last.empty() ? "" : iso_day(r.last));
}

}  // namespace

QueryExplanation explain_query(analysis::Analyzer& analyzer, const SearchRequest& request,
                               const ParsedQuery& pq, const Xapian::Query& query,
                               std::uint64_t total, std::string suggestion) {
    QueryExplanation e;
    e.query = request.query;
    // Words as typed: analyse the query with its filters blanked, so offsets are the user's.
    const std::string masked = mask_filters(analysis::nfc(request.query));
    analyzer.analyse(masked, 1, [&](const analysis::Token& t) {
        if (t.cjk_bigram || t.part) return;  // the QueryParser reads a glued word whole
        if (is_query_operator(t.text)) return;
        if (t.end < masked.size() && masked[t.end] == ':') return;  // a field name
        std::size_t begin = t.begin;  // take the elided article back in
        while (begin > 0 && masked.find_first_of(" \"()+-*:", begin - 1) != begin - 1) --begin;
        ExplainedWord w;
        w.written = masked.substr(begin, t.end - begin);
        w.term = t.term;
        w.alt = t.alt;
        w.stopword = t.stop;
        e.words.push_back(std::move(w));
    });
    for (const auto& s : pq.synonyms) e.synonyms.push_back({s.written, s.alternatives});
    for (const auto& u : pq.uses) {
        ExplainedFilter x{u.field, u.value, u.excluded, {}};
        if (u.field == schema::date.name)
            x.resolved = resolved_date(u.value, request.reference_date);
        e.filters.push_back(std::move(x));
    }
    e.tree = pq.tree;
    e.suggestion = std::move(suggestion);
    e.total = total;
    e.xapian_query = query.get_description();
    e.text = explanation_text(e);
    return e;
}

std::string explanation_text(const QueryExplanation& e) {
    std::string out = "query: " + e.query + "\n";
    out += "words:";
    if (e.words.empty()) out += " (none)";
    for (const auto& w : e.words) {
        out += "\n  " + w.written + " -> " + w.term;
        if (!w.alt.empty()) out += " | " + w.alt;
        if (w.stopword) out += " (stopword)";
    }
    out += "\nsynonyms:";
    if (e.synonyms.empty()) out += " (none)";
    for (const auto& s : e.synonyms) {
        out += "\n  " + s.written + " -> ";
        for (std::size_t i = 0; i < s.alternatives.size(); ++i)
            out += (i ? " | " : "") + s.alternatives[i];
    }
    out += "\nfilters:";
    if (e.filters.empty()) out += " (none)";
    for (const auto& f : e.filters) {
        out += "\n  " + std::string(f.excluded ? "NOT " : "") + f.field + ": " + f.value;
        if (!f.resolved.empty()) out += " -> " + f.resolved;
    }
    out += "\ntree: " + (e.tree.empty() ? std::string("(everything)") : e.tree);
    out += "\nsuggestion: " + (e.suggestion.empty() ? std::string("(none)") : e.suggestion);
    out += "\nmatches: " + std::to_string(e.total);
    out += "\nxapian: " + e.xapian_query + "\n";
    return out;
}

}  // namespace veille::detail

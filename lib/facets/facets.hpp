// SPDX-License-Identifier: MIT
// Facet counting: exact counts of source, date and person values over a whole match set,
// with drill-sideways for fields that have an active filter.
//
// How it works. A FacetSpy (a Xapian::MatchSpy) sees every matching document, because the
// search that carries it asks Xapian to check all of them (check_at_least = doccount). It
// counts the raw stored values (slot 3 source as written, slot 2 date as given, each
// "key\x1Fdisplay" pair of slot 4), so that its results are plain (string, count) tables that
// merge exactly by addition across shards (serialise_results / merge_results). Grouping by
// key, choosing display forms, bucketing dates and ranking happen once, after merging, on
// the few distinct values rather than on every document.
//
// Drill-sideways: the facets of fields without an active filter are counted in the main
// search; a field with an active filter is counted in one more pass over the query filtered
// by every other field (ParsedQuery::full(field)), so its facet shows what each of its other
// values would give.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/query.hpp"
#include "veille/search.hpp"

namespace veille::detail {

/// The facets of the default request: source, date by year, person; top 10 each.
std::vector<FacetRequest> default_facets();

/// The facet fields, as bits of FacetSpy's field mask.
enum class FacetField : unsigned { source = 0, date = 1, person = 2 };
inline constexpr std::size_t facet_field_count = 3;

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
using RawCounts = std::unordered_map<std::string, std::uint64_t, StringHash, std::equal_to<>>;

/// Counts raw facet values of every document the matcher shows it. Registered under name()
/// so that a remote shard can rebuild it; results merge exactly.
class FacetSpy : public Xapian::MatchSpy {
public:
    /// Counts the fields whose bit (1 << FacetField) is set in @p mask.
    explicit FacetSpy(unsigned mask);

    void operator()(const Xapian::Document& doc, double wt) override;
    Xapian::MatchSpy* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& s,
                                  const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& s) override;
    std::string get_description() const override;

    [[nodiscard]] unsigned mask() const noexcept { return mask_; }
    [[nodiscard]] bool counts(FacetField f) const noexcept {
        return (mask_ >> static_cast<unsigned>(f) & 1U) != 0;
    }
    /// Documents seen.
    [[nodiscard]] std::uint64_t seen() const noexcept { return seen_; }
    /// Documents seen that have a value for @p f.
    [[nodiscard]] std::uint64_t with_value(FacetField f) const noexcept {
        return with_value_[static_cast<unsigned>(f)];
    }
    /// Raw stored value -> number of documents having it.
    [[nodiscard]] const RawCounts& raw(FacetField f) const noexcept {
        return raw_[static_cast<unsigned>(f)];
    }

private:
    unsigned mask_;
    std::uint64_t seen_ = 0;
    std::array<std::uint64_t, facet_field_count> with_value_{};
    std::array<RawCounts, facet_field_count> raw_;
};

/// Counts the facets of one search: attach() to the main Enquire before its get_mset, then
/// results() once it has run.
///
/// Thread safety: one per search; not shared.
class FacetCounter {
public:
    /// @throws veille::Error (invalid_argument) for an unknown field, a bad `within` or a
    ///         `within` on another field than date.
    FacetCounter(const Xapian::Database& db, const ParsedQuery& query,
                 std::vector<FacetRequest> requests);
    ~FacetCounter();
    FacetCounter(const FacetCounter&) = delete;
    FacetCounter& operator=(const FacetCounter&) = delete;

    /// Adds the spy of the facets counted in the main search, if any.
    /// @return whether it did: the caller must then have Xapian check every document.
    bool attach(Xapian::Enquire& enquire);

    /// Runs the drill-sideways passes and builds the results, in the order asked.
    std::vector<FacetResult> results();

private:
    const Xapian::Database& db_;
    const ParsedQuery& query_;
    std::vector<FacetRequest> requests_;
    unsigned main_mask_ = 0;       // fields counted in the main search
    unsigned sideways_mask_ = 0;   // fields with an active filter, counted alone
    std::unique_ptr<FacetSpy> main_;
    bool main_ran_ = false;
};

/// Builds the result of @p request from the raw counts of @p spy (exposed for tests).
FacetResult make_facet_result(const FacetRequest& request, const FacetSpy& spy);

/// Whether the facet value @p display starts, at its beginning or at the beginning of one of
/// its words, with @p prefix, ignoring case, accents, hyphens and spaces.
bool matches_prefix(std::string_view display, std::string_view prefix_key);

}  // namespace veille::detail

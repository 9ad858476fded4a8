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
// Speed: locally the spy reads nothing per document. A FacetCache, built once per database
// revision from the value streams, gives each docid its source, date and persons as small
// integers, so counting a document is a few array increments; a search without words or
// filters takes the cache's totals and runs no pass at all. Without a cache (a remote shard
// rebuilding the spy, several local shards) the spy reads the values of each document.
//
// Drill-sideways: the facets of fields without an active filter are counted in the main
// search; a field with an active filter is counted in one more pass over the query filtered
// by every other field (ParsedQuery::full(field)), so its facet shows what each of its other
// values would give.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/query.hpp"
#include "veille/search.hpp"

#include <xapian.h>

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

/// The facet values of every document of one state of a database, by docid, read once from
/// the value streams: the spy then counts small integers instead of reading and hashing
/// strings for each matching document. Immutable once built; shared between searches.
struct FacetCache {
    Xapian::docid lastdocid = 0;
    Xapian::doccount doccount = 0;
    /// Per field: the distinct raw values; a document's ordinal o > 0 means dict[o - 1].
    std::array<std::vector<std::string>, facet_field_count> dict;
    std::vector<std::uint32_t> source;        // by docid, 0: none
    std::vector<std::uint32_t> date;          // by docid, 0: none
    std::vector<std::uint32_t> person_begin;  // persons of d: person_ids[begin[d], begin[d+1])
    std::vector<std::uint32_t> person_ids;    // ordinals
    /// Per field: documents of the whole database having each ordinal (index o - 1), and
    /// documents with a value: the counts of a search that matches everything.
    std::array<std::vector<std::uint64_t>, facet_field_count> totals;
    std::array<std::uint64_t, facet_field_count> with_value{};

    static std::shared_ptr<const FacetCache> build(const Xapian::Database& db);
};

/// Keeps the FacetCache of the state a Searcher sees, rebuilt when that state changes.
class FacetCacheHolder {
public:
    /// The cache of @p db's current state (built on first use). @p shards: the databases @p db
    /// is made of, sharing their state with it (Database::add_database), whose revisions
    /// tell that state; empty for a database of one shard.
    std::shared_ptr<const FacetCache> get(const Xapian::Database& db,
                                          const std::vector<Xapian::Database>& shards = {});

private:
    std::shared_ptr<const FacetCache> cache_;
    std::string state_;  // uuid and revision of each shard
};

/// Counts raw facet values of every document the matcher shows it. Registered under name()
/// so that a remote shard can rebuild it; results merge exactly.
class FacetSpy : public Xapian::MatchSpy {
public:
    /// Counts the fields whose bit (1 << FacetField) is set in @p mask, reading values from
    /// @p cache when given (it must be the cache of the database searched).
    explicit FacetSpy(unsigned mask, std::shared_ptr<const FacetCache> cache = nullptr);
    /// A spy whose counts are those of the whole database described by @p cache.
    static std::unique_ptr<FacetSpy> everything(unsigned mask,
                                                const std::shared_ptr<const FacetCache>& cache);

    void operator()(const Xapian::Document& doc, double wt) override;
    /// Counts document @p did from the cache (which must be set and hold @p did).
    void count_docid(Xapian::docid did);
    Xapian::MatchSpy* clone() const override;
    std::string name() const override;
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& s,
                                  const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& s) override;
    /// Adds the counts of @p other, a spy of another shard (merge_results without the bytes).
    void merge(const FacetSpy& other);
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
    [[nodiscard]] RawCounts raw(FacetField f) const;
    /// Calls @p fn(std::string_view value, std::uint64_t count) for each raw value counted;
    /// a value may come twice (counted from the cache and from a document newer than it).
    template <class F>
    void for_each_raw(FacetField f, F&& fn) const;

private:
    void count_values(const Xapian::Document& doc);

    unsigned mask_;
    std::shared_ptr<const FacetCache> cache_;
    std::array<std::vector<std::uint64_t>, facet_field_count> dense_;  // by cache ordinal - 1
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
    /// One shard of a sharded index and its cache.
    struct Shard {
        const Xapian::Database* db;
        std::shared_ptr<const FacetCache> cache;
    };

    /// @p shards: the shards @p db is made of, counted one by one with their own caches (a
    /// spy over several shards sees each shard's own docids, and cannot tell the shards
    /// apart); empty for a database of one shard, counted with @p cache.
    /// @throws veille::Error (invalid_argument) for an unknown field, a bad `within` or a
    ///         `within` on another field than date.
    FacetCounter(const Xapian::Database& db, const ParsedQuery& query,
                 std::vector<FacetRequest> requests,
                 std::shared_ptr<const FacetCache> cache = nullptr, std::vector<Shard> shards = {});
    ~FacetCounter();
    FacetCounter(const FacetCounter&) = delete;
    FacetCounter& operator=(const FacetCounter&) = delete;

    /// Adds the spy of the facets counted in the main search, if any.
    /// @return whether it did: the caller must then have Xapian check every document.
    bool attach(Xapian::Enquire& enquire);

    /// Runs the drill-sideways passes and builds the results, in the order asked.
    std::vector<FacetResult> results();

    /// After results(): the documents the query matched, when a pass of the facets counted
    /// them all (the main search then need not).
    [[nodiscard]] std::optional<std::uint64_t> matched() const;

private:
    // Whether the pass without @p skip_field's filters matches every document of a shard
    // of cache @p cache.
    [[nodiscard]] bool everything(std::string_view skip_field,
                                  const std::shared_ptr<const FacetCache>& cache) const;
    std::unique_ptr<FacetSpy> run_pass(unsigned mask, std::string_view skip_field);
    std::unique_ptr<FacetSpy> run_pass(unsigned mask, std::string_view skip_field,
                                       const Xapian::Database& db,
                                       const std::shared_ptr<const FacetCache>& cache) const;

    const Xapian::Database& db_;
    const ParsedQuery& query_;
    std::vector<FacetRequest> requests_;
    std::shared_ptr<const FacetCache> cache_;
    std::vector<Shard> shards_;
    bool main_in_pass_ = false;   // the main facets were counted in a pass of their own
    unsigned main_mask_ = 0;      // fields counted in the main search
    unsigned sideways_mask_ = 0;  // fields with an active filter, counted alone
    std::unique_ptr<FacetSpy> main_;
    bool main_ran_ = false;
};

/// Builds the result of @p request from the raw counts of @p spy (exposed for tests).
FacetResult make_facet_result(const FacetRequest& request, const FacetSpy& spy);

/// Whether the facet value @p display starts, at its beginning or at the beginning of one of
/// its words, with @p prefix, ignoring case, accents, hyphens and spaces.
bool matches_prefix(std::string_view display, std::string_view prefix_key);

}  // namespace veille::detail

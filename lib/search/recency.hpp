// SPDX-License-Identifier: MIT
// Recency boost for relevance ranking: a document's weight is multiplied by
// 2^(-age / half_life), its age being the days between its date and the newest date of the
// index. Xapian weights only add up across a query, so the product is computed on the top
// of the relevance ranking and re-sorted; rank() tells when that top is deep enough for the
// boosted order to be exact (see recency.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace veille::detail {

/// Days since 1970-01-01 of a "YYYYMMDD" string (proleptic Gregorian calendar).
long days_from_yyyymmdd(std::string_view s) noexcept;

class RecencyBoost {
public:
    /// @p half_life_days > 0. The newest and oldest dates come from the value statistics of
    /// @p db; an undated document counts as old as the oldest dated one.
    RecencyBoost(const Xapian::Database& db, double half_life_days);

    /// The factor (0, 1] of a document whose date_start value is @p yyyymmdd (may be empty).
    [[nodiscard]] double factor(const std::string& yyyymmdd) const noexcept;

    struct Ranked {
        Xapian::doccount index;  // position in the MSet
        double score;            // boosted weight
    };

    /// The items of @p mset (the first @p asked of a relevance ranking) by boosted weight,
    /// best first, ties kept in relevance order. Sets @p exact when no document outside
    /// @p mset can enter the first @p wanted places: the weight of any document below the
    /// MSet is at most the weight of its last item, and a factor is at most 1.
    std::vector<Ranked> rank(const Xapian::MSet& mset, std::size_t asked, std::size_t wanted,
                             bool& exact) const;

private:
    double half_life_;
    long newest_ = 0;
    long oldest_ = 0;
};

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
#include "search/recency.hpp"

#include <algorithm>
#include <cmath>

#include "schema/schema.hpp"

namespace veille::detail {

long days_from_yyyymmdd(std::string_view s) noexcept {
    if (s.size() < 8) return 0;
    auto num = [&](std::size_t at, std::size_t n) {
        long v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    // Howard Hinnant's days_from_civil.
    long y = num(0, 4);
    const long m = num(4, 2), d = num(6, 2);
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

RecencyBoost::RecencyBoost(const Xapian::Database& db, double half_life_days)
    : half_life_(half_life_days) {
    const std::string hi = db.get_value_upper_bound(schema::slot::date_start);
    const std::string lo = db.get_value_lower_bound(schema::slot::date_start);
    newest_ = days_from_yyyymmdd(hi);
    oldest_ = lo.empty() ? newest_ : days_from_yyyymmdd(lo);
}

double RecencyBoost::factor(const std::string& yyyymmdd) const noexcept {
    const long day = yyyymmdd.empty() ? oldest_ : days_from_yyyymmdd(yyyymmdd);
    const double age = static_cast<double>(std::max(0L, newest_ - day));
    return std::exp2(-age / half_life_);
}

std::vector<RecencyBoost::Ranked> RecencyBoost::rank(const Xapian::MSet& mset, std::size_t asked,
                                                     std::size_t wanted, bool& exact) const {
    std::vector<Ranked> out;
    out.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const double f = factor(it.get_document().get_value(schema::slot::date_start));
        out.push_back({static_cast<Xapian::doccount>(out.size()), it.get_weight() * f});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Ranked& a, const Ranked& b) { return a.score > b.score; });
    if (mset.size() < asked || wanted == 0) {
        exact = true;  // every match is in the MSet
    } else {
        const double floor = mset[mset.size() - 1].get_weight();
        exact = out.size() >= wanted && out[wanted - 1].score >= floor;
    }
    return out;
}

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// Dates as veille stores them: "YYYY", "YYYY-MM" or "YYYY-MM-DD", each denoting the span of
// days it covers. A document dated "2024-06" covers 2024-06-01..2024-06-30; a date filter
// matches a document when the document's whole span lies inside the filter's span, so
// "2024-06" matches date:2024 and date:2024-06 but not date:2024-06-15.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace veille::detail {

struct DateSpan {
    std::string first;  // "YYYYMMDD"
    std::string last;   // "YYYYMMDD"
    int precision = 0;  // 1 year, 2 month, 3 day
};

/// Reads an ISO date of any precision; nullopt if it is not a real calendar date.
std::optional<DateSpan> parse_iso_date(std::string_view date) noexcept;

/// Number of days in @p month of @p year.
int days_in_month(int year, int month) noexcept;

}  // namespace veille::detail

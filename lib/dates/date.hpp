// SPDX-License-Identifier: MIT
// Dates as veille stores them: "YYYY", "YYYY-MM" or "YYYY-MM-DD", each denoting the span of
// days it covers. A document dated "2024-06" covers 2024-06-01..2024-06-30; a date filter
// matches a document when the document's whole span lies inside the filter's span, so
// "2024-06" matches date:2024 and date:2024-06 but not date:2024-06-15.
//
// The one date model of the library: a span of days (DaySpan), what a document's date covers
// and what a date: filter or expression resolves to (dates/french_dates.hpp), with the public
// DateGranularity saying when it is exactly one calendar year, month or day.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "veille/search.hpp"

namespace veille::detail {

struct DaySpan {
    std::string first;  // "YYYYMMDD"; empty: open (a filter's "..2024")
    std::string last;   // "YYYYMMDD"; empty: open
    // The calendar year, month or day the span is exactly, if it is one: the Y, M and D terms
    // then hold exactly the documents inside it (schema.hpp).
    std::optional<DateGranularity> exact;
};

/// Reads an ISO date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"); nullopt if it is not a real
/// calendar date. The span's exact granularity is the one written.
std::optional<DaySpan> parse_iso_date(std::string_view date) noexcept;

/// Number of days in @p month of @p year.
int days_in_month(int year, int month) noexcept;

}  // namespace veille::detail

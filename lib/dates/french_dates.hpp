// SPDX-License-Identifier: MIT
// Date expressions of the `date:` filter, numeric and French, resolved to a span of days.
// Numeric: YYYY, YYYY-MM, YYYY-MM-DD, day first D/M/YYYY, D/M, M/YYYY (separators / . -).
// French, case- and accent-insensitive: « juin 2024 », « 3 mai 2024 », « 1er mai »,
// « aujourd'hui », « hier », « avant-hier », « demain », « cette semaine »,
// « la semaine dernière », « ce mois-ci », « le mois dernier », « cette année »,
// « l'année dernière », « les 30 derniers jours » (also semaines, mois, ans),
// « depuis X », « à partir de X », « après X », « avant X », « jusqu'à X », « du X au Y »,
// « entre X et Y », and A..B / A.. / ..B where A and B are any of the above.
// Relative expressions are read against a reference day; a day or month written without a
// year is the latest such day or month not after the reference day.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dates/date.hpp"

namespace veille::detail {

struct Ymd {
    int y = 0, m = 0, d = 0;
    friend bool operator==(const Ymd&, const Ymd&) = default;
};

/// Today on the local clock.
Ymd local_today();

/// The reference day of @p reference ("YYYY-MM-DD"), or today when it is empty.
/// @throws veille::Error (invalid_argument) if it is not a real day.
Ymd reference_day(std::string_view reference);

/// Resolves @p expression against @p today: its span, either end open for "A.." and "..B".
/// @throws veille::Error (query_syntax) quoting the expression if it cannot be read.
DaySpan resolve_date_expression(std::string_view expression, const Ymd& today);

/// "YYYYMMDD" as "YYYY-MM-DD".
std::string iso_day(std::string_view s);

}  // namespace veille::detail

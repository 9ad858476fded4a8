// SPDX-License-Identifier: MIT
/// @file
/// Date expressions, as the date: filter reads them.
///
/// Thread safety: the types here are plain values and the functions keep no state; use them
/// from any thread.
#pragma once

#include <string>
#include <string_view>

#include "veille/export.hpp"

namespace veille {

/// A span of days, "YYYY-MM-DD" each; an empty end is open.
struct DateInterval {
    std::string first;
    std::string last;
};

/// Resolves a date expression of the date: filter: numeric (2024, 2024-06, 2024-06-15,
/// day first 15/06/2024 or 15/06, 06/2024, ranges A..B, A.., ..B) or French, ignoring case
/// and accents (« juin 2024 », « 3 mai 2024 », « aujourd'hui », « hier », « avant-hier »,
/// « cette semaine », « la semaine dernière », « ce mois-ci », « le mois dernier »,
/// « cette année », « l'année dernière », « les 30 derniers jours », « depuis mars 2023 »,
/// « à partir du 3 mai », « après 2020 », « avant 2020 », « jusqu'à juin 2024 »,
/// « du 3 au 10 mai 2024 », « entre mars et juin 2024 »). A day or month written without a
/// year is the latest one not after the reference day.
/// @param reference_date "YYYY-MM-DD" against which relative expressions are read; empty:
///        today on the local clock
/// @throws veille::Error (query_syntax) quoting the expression if it cannot be read;
///         (invalid_argument) if @p reference_date is not a day.
VEILLE_EXPORT DateInterval resolve_date(std::string_view expression,
                                        std::string_view reference_date = {});

}  // namespace veille

// SPDX-License-Identifier: MIT
/// @file
/// The one exception type of veille.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "veille/export.hpp"

namespace veille {

/// What went wrong, for callers that react differently to different failures.
enum class ErrorCode {
    locked,            ///< another writer holds the index
    not_found,         ///< no index (or no document) where one was expected
    query_syntax,      ///< a query or a filter could not be read
    invalid_argument,  ///< a value passed to the API is not acceptable
    io,                ///< reading or writing a file failed
    corrupt,           ///< the index is damaged or of an unknown schema
    internal,          ///< anything else: a bug in veille or in a library below it
};

/// Human-readable name of a code ("locked", "query_syntax", ...).
VEILLE_EXPORT std::string_view to_string(ErrorCode code) noexcept;

/// Every failure of the library is reported as a veille::Error; nothing is swallowed into a
/// default value. Errors of Xapian and ICU are translated into it in one place.
///
/// Thread safety: a plain value; copies may be used from any thread.
class VEILLE_EXPORT Error : public std::runtime_error {
public:
    /// @param code what kind of failure
    /// @param message what happened, naming the object concerned
    /// @param hint what the user may do about it (may be empty)
    Error(ErrorCode code, const std::string& message, std::string hint = {});

    /// The kind of failure.
    [[nodiscard]] ErrorCode code() const noexcept { return code_; }
    /// A suggestion for the user ("Is another veille index process running?"), or empty.
    [[nodiscard]] const std::string& hint() const noexcept { return hint_; }

private:
    ErrorCode code_;
    std::string hint_;
};

}  // namespace veille

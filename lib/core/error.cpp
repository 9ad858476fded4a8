// SPDX-License-Identifier: MIT
#include "veille/error.hpp"

namespace veille {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::locked:
            return "locked";
        case ErrorCode::not_found:
            return "not_found";
        case ErrorCode::query_syntax:
            return "query_syntax";
        case ErrorCode::invalid_argument:
            return "invalid_argument";
        case ErrorCode::io:
            return "io";
        case ErrorCode::corrupt:
            return "corrupt";
        case ErrorCode::internal:
            return "internal";
    }
    return "internal";
}

Error::Error(ErrorCode code, const std::string& message, std::string hint)
    : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

}  // namespace veille

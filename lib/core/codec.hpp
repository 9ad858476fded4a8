// SPDX-License-Identifier: MIT
// The small codecs veille's own stored formats share (stored document, hygiene value, facet
// spy serialisation, word positions): unsigned LEB128 varints, and the 64-bit hash and mixer
// whose results are stored in the index. Each format reports damage with its own error. Also
// the one reader of whole files (person aliases, synonyms).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace veille::detail {

inline void put_varint(std::string& out, std::uint64_t n) {
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7F) | 0x80);
        n >>= 7;
    }
    out += static_cast<char>(n);
}

/// Reads a varint at @p i and moves past it; nullopt if @p data ends first or it is over
/// 64 bits long.
inline std::optional<std::uint64_t> get_varint(std::string_view data, std::size_t& i) noexcept {
    std::uint64_t n = 0;
    for (int shift = 0; shift <= 63; shift += 7) {
        if (i >= data.size()) return std::nullopt;
        const auto b = static_cast<unsigned char>(data[i++]);
        n |= static_cast<std::uint64_t>(b & 0x7F) << shift;
        if (!(b & 0x80)) return n;
    }
    return std::nullopt;
}

/// FNV-1a, 64 bits: stable across platforms and versions, so it can be stored in the index
/// (hygiene's line hashes, the word codes of the positions value).
inline constexpr std::uint64_t fnv_offset = 14695981039346656037ULL;
inline constexpr std::uint64_t fnv_prime = 1099511628211ULL;
constexpr std::uint64_t fnv1a64(std::string_view s) noexcept {
    std::uint64_t h = fnv_offset;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= fnv_prime;
    }
    return h;
}

/// splitmix64's finaliser: every bit of @p x reaches every bit of the result. Stable too (the
/// positions value's word codes are made with it).
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// The whole content of the file at @p path.
/// @throws Error (io) "cannot read <what> file 'path'".
std::string read_file(const std::string& path, std::string_view what);

}  // namespace veille::detail

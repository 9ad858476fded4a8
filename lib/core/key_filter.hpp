// SPDX-License-Identifier: MIT
// A Bloom filter of the keys an index holds, for a writer that would otherwise descend the
// B-tree to find nothing: the hygiene lists (hygiene::Lists) and the document ids (Index).
// Once the index is large, each such descent reads blocks no other lookup shares.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/codec.hpp"

namespace veille::detail {

/// Every key added since the filter was built is in it; a key not in it was never added.
/// A false positive costs only the read the filter would have saved.
///
/// The filter is built from the keys the index holds, and built again, four times larger up
/// to its maximum, when it holds more than a key per bits_per_key bits (at its maximum it
/// fills up and saves fewer reads). Building walks every key of the index, so on a large
/// index a writer that looks up only a few reads instead: the filter is first built once the
/// lookups answered "maybe" unbuilt reach a quarter of the documents, about what the walk
/// costs (ski rental). An empty index builds it at once.
class KeyFilter {
public:
    static constexpr std::size_t bits_per_key = 12;  // about 0.3 % false positives
    static constexpr std::size_t default_first_bits = std::size_t{1} << 23;  // 1 MB

    /// @p max_bytes and @p first_bits as powers of two; the filter takes at least
    /// @p first_bits, and 64.
    explicit KeyFilter(std::size_t max_bytes, std::size_t first_bits = default_first_bits) noexcept
        : max_bits_(std::max({max_bytes * 8, first_bits, std::size_t{64}})),
          first_bits_(std::max<std::size_t>(first_bits, 64)) {}

    /// Whether @p key may be held by an index of @p documents documents. When the filter has
    /// to be built, @p each_key(add) must call add(key) for every key held.
    template <class EachKey>
    [[nodiscard]] bool may_contain(std::uint64_t key, std::uint64_t documents, EachKey&& each_key) {
        return !prepare(1, documents, std::forward<EachKey>(each_key)) || may_contain(key);
    }

    /// For a filter that other threads read through copies (may_contain() const): counts
    /// @p lookups they made without it, and builds it once they are due, as may_contain()
    /// would for its own. Whether it is built.
    template <class EachKey>
    bool prepare(std::uint64_t lookups, std::uint64_t documents, EachKey&& each_key) {
        if (words_.empty()) {
            if (!built_once_ && reads_ + lookups <= documents / 4) {
                reads_ += lookups;
                return false;
            }
            build(std::forward<EachKey>(each_key));
        }
        return true;
    }

    /// Whether @p key may be held; true while the filter is not built.
    [[nodiscard]] bool may_contain(std::uint64_t key) const {
        if (words_.empty()) return true;
        bool all = true;
        probes(key, [&](std::size_t w, std::uint64_t bit) {
            all = (words_[w] & bit) != 0;
            return all;
        });
        return all;
    }

    /// @p key is now held. When the filter is full and may grow, it is dropped, to be built
    /// larger at the next may_contain().
    void add(std::uint64_t key) {
        if (words_.empty()) return;  // the index holds it when the filter is built
        remember(key);
        const std::size_t bits = words_.size() * 64;
        if (keys_ * bits_per_key > bits && bits < max_bits_) words_.clear();
    }

    /// The filter's size, 0 when it is not built (tests and figures).
    [[nodiscard]] std::size_t bits() const noexcept { return words_.size() * 64; }

private:
    template <class EachKey>
    void build(EachKey&& each_key) {
        built_once_ = true;
        std::vector<std::uint64_t> keys;
        each_key([&](std::uint64_t k) { keys.push_back(k); });
        std::size_t bits = first_bits_;
        while (bits < 4 * keys.size() * bits_per_key && bits * 2 <= max_bits_) bits *= 2;
        words_.assign(bits / 64, 0);
        keys_ = 0;
        for (const auto k : keys) remember(k);
    }

    void remember(std::uint64_t key) {
        bool fresh = false;  // a key added again is not counted again
        probes(key, [&](std::size_t w, std::uint64_t bit) {
            fresh = fresh || (words_[w] & bit) == 0;
            words_[w] |= bit;
            return true;
        });
        if (fresh) ++keys_;
    }

    // Calls f(word, bit) for each probe of @p key until f returns false: double hashing,
    // h1 + i * h2, both mixed again (keys may be hashes of a few sources, or short ids).
    template <class F>
    void probes(std::uint64_t key, F&& f) const {
        constexpr int count = 8;  // the best count for 12 bits a key
        const std::uint64_t h1 = mix64(key);
        const std::uint64_t h2 = mix64(h1) | 1;
        const std::uint64_t mask = words_.size() * 64 - 1;
        for (int i = 0; i < count; ++i) {
            const std::uint64_t b = (h1 + static_cast<std::uint64_t>(i) * h2) & mask;
            if (!f(b >> 6, std::uint64_t{1} << (b & 63))) return;
        }
    }

    std::size_t max_bits_;
    std::size_t first_bits_;
    std::vector<std::uint64_t> words_;  // empty: to build
    std::size_t keys_ = 0;
    std::uint64_t reads_ = 0;  // "maybe" answered before the filter was first built
    bool built_once_ = false;
};

}  // namespace veille::detail

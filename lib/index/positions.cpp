// SPDX-License-Identifier: MIT
#include "index/positions.hpp"

#include <algorithm>
#include <bit>
#include <limits>

#include "core/codec.hpp"
#include "veille/error.hpp"

namespace veille::detail::positions {

namespace {

constexpr char format_version = 1;
constexpr unsigned min_bits = 8;
constexpr unsigned max_bits = 64;
// Salts tried at one width before the next: each succeeds with probability about 1/e at the
// first width (n^2/2 codes for n terms), so a wider code is rarely needed.
constexpr unsigned salts_per_width = 8;

constexpr std::uint64_t max_code(unsigned bits) noexcept {
    return bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
}

// splitmix64's finaliser: every bit of the FNV hash and of the salt reaches every bit.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t code(std::uint64_t hash, unsigned salt, unsigned bits) noexcept {
    return mix(hash ^ (salt * 0x9e3779b97f4a7c15ULL)) % max_code(bits) + 1;
}

class BitWriter {
public:
    BitWriter(std::string& out, unsigned bits) : out_(out), bits_(bits) {}
    void put(std::uint64_t v) {
        unsigned left = bits_;
        while (left > 0) {
            if (used_ == 0) out_ += '\0';
            const unsigned take = std::min(left, 8 - used_);
            const auto part = static_cast<unsigned char>(v & ((1U << take) - 1));
            out_.back() =
                static_cast<char>(static_cast<unsigned char>(out_.back()) | (part << used_));
            v >>= take;
            left -= take;
            used_ = (used_ + take) % 8;
        }
        ++fields_;
    }
    [[nodiscard]] std::uint64_t fields() const noexcept { return fields_; }

private:
    std::string& out_;
    unsigned bits_;
    unsigned used_ = 0;  // bits used in the last byte
    std::uint64_t fields_ = 0;
};

[[noreturn]] void bad() {
    throw Error(ErrorCode::corrupt, "word positions of a document are damaged");
}

class BitReader {
public:
    BitReader(std::string_view data, unsigned bits) : data_(data), bits_(bits) {}
    std::uint64_t get() {
        std::uint64_t v = 0;
        unsigned got = 0;
        while (got < bits_) {
            if (byte_ >= data_.size()) bad();
            const unsigned take = std::min(bits_ - got, 8 - bit_);
            const std::uint64_t part =
                (static_cast<unsigned char>(data_[byte_]) >> bit_) & ((1U << take) - 1);
            v |= part << got;
            got += take;
            bit_ += take;
            if (bit_ == 8) {
                bit_ = 0;
                ++byte_;
            }
        }
        return v;
    }

private:
    std::string_view data_;
    unsigned bits_;
    std::size_t byte_ = 0;
    unsigned bit_ = 0;
};

}  // namespace

void Writer::clear() noexcept {
    words_.clear();
    terms_.clear();
}

void Writer::add(std::uint32_t position, std::string_view term) {
    const std::uint64_t h = fnv1a64(term);
    words_.emplace_back(position, h);
    terms_.push_back(h);
}

void Writer::add_unpositioned(std::string_view term) { terms_.push_back(fnv1a64(term)); }

std::string Writer::finish(std::uint32_t title_end) {
    if (words_.empty()) return {};
    std::sort(terms_.begin(), terms_.end());
    terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
    const std::uint64_t n = terms_.size();
    // Start where n codes among 2^b - 1 have about a 1/e chance of being all different.
    unsigned bits = min_bits;
    while (bits < max_bits && max_code(bits) < n * n / 2) ++bits;
    unsigned salt = 0;
    for (;; ++bits) {
        bool unique = false;
        for (salt = 0; salt < (bits == max_bits ? 256U : salts_per_width) && !unique; ++salt) {
            codes_.clear();
            for (const auto h : terms_) codes_.push_back(code(h, salt, bits));
            std::sort(codes_.begin(), codes_.end());
            unique = std::adjacent_find(codes_.begin(), codes_.end()) == codes_.end();
        }
        if (unique) {
            --salt;
            break;
        }
        // 256 salts of 64-bit codes all colliding cannot happen for any real document; a
        // collision would only make the positions of two terms indistinguishable.
        if (bits == max_bits) {
            salt = 0;
            break;
        }
    }

    std::stable_sort(words_.begin(), words_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string stream;
    BitWriter w(stream, bits);
    std::uint64_t pos = 0;
    for (const auto& [position, hash] : words_) {
        if (position == pos) {  // a second term at one position, or a first word at 0
            w.put(0);
            w.put(0);
        } else if (position > pos) {
            for (std::uint64_t gap = position - pos - 1; gap > 0;) {
                const std::uint64_t step = std::min(gap, max_code(bits));
                w.put(0);
                w.put(step);
                gap -= step;
            }
        }
        w.put(code(hash, salt, bits));
        pos = position;
    }

    std::string out;
    out += format_version;
    out += static_cast<char>(bits);
    out += static_cast<char>(salt);
    put_varint(out, title_end);
    put_varint(out, w.fields());
    out += stream;
    return out;
}

void find(std::string_view value, std::span<const Lookup> terms,
          std::vector<std::vector<std::uint32_t>>& out) {
    out.resize(terms.size());
    for (auto& o : out) o.clear();
    if (value.empty()) return;
    if (value.size() < 3 || value[0] != format_version) bad();
    const unsigned bits = static_cast<unsigned char>(value[1]);
    const unsigned salt = static_cast<unsigned char>(value[2]);
    if (bits < min_bits || bits > max_bits) bad();
    std::size_t i = 3;
    const auto title_end = get_varint(value, i);
    const auto fields = get_varint(value, i);
    if (!title_end || !fields) bad();
    const std::string_view stream = value.substr(i);
    if (*fields > stream.size() * 8 / bits || (*fields * bits + 7) / 8 != stream.size()) bad();

    std::vector<std::uint64_t> wanted;
    wanted.reserve(terms.size());
    for (const auto& t : terms) wanted.push_back(code(t.hash, salt, bits));

    BitReader r(stream, bits);
    std::uint64_t pos = 0;
    for (std::uint64_t f = 0; f < *fields;) {
        std::uint64_t c = r.get();
        ++f;
        if (c == 0) {
            if (f == *fields) bad();
            const std::uint64_t g = r.get();
            ++f;
            if (g > 0) {
                pos += g;
                if (pos > std::numeric_limits<std::uint32_t>::max()) bad();
                continue;
            }
            if (f == *fields) bad();
            c = r.get();
            ++f;
            if (c == 0) bad();
        } else if (++pos > std::numeric_limits<std::uint32_t>::max()) {
            bad();
        }
        for (std::size_t k = 0; k < wanted.size(); ++k)
            if (c == wanted[k] && (!terms[k].title_only || pos < *title_end))
                out[k].push_back(static_cast<std::uint32_t>(pos));
    }
}

}  // namespace veille::detail::positions

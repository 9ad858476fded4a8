// SPDX-License-Identifier: MIT
#include "index/positions.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "analysis/french.hpp"
#include "core/codec.hpp"
#include "veille/error.hpp"

namespace veille::detail::positions {

namespace {

constexpr char format_version = 2;   // 1: escapes in the fields (never released)
constexpr char format_unposted = 3;  // format 2 and the bitmap of unposted terms held
// Empty positions a run fills with zero fields rather than starting a new run.
constexpr std::uint64_t max_run_gap = 2;
constexpr unsigned min_bits = 8;
constexpr unsigned max_bits = 64;
// Salts tried at one width before the next: each succeeds with probability about 1/e at the
// first width (n^2/2 codes for n terms), so a wider code is rarely needed.
constexpr unsigned salts_per_width = 8;

constexpr std::uint64_t max_code(unsigned bits) noexcept {
    return bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1;
}

// mix64: every bit of the FNV hash and of the salt reaches every bit of the code.
constexpr std::uint64_t code(std::uint64_t hash, unsigned salt, unsigned bits) noexcept {
    return mix64(hash ^ (salt * 0x9e3779b97f4a7c15ULL)) % max_code(bits) + 1;
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

// @p data and 8 zero bytes, in a buffer of the thread's that the next call reuses.
std::string_view padded(std::string_view data) {
    thread_local std::string buffer;
    buffer.assign(data);
    buffer.append(8, '\0');
    return buffer;
}

// find() checks first that the fields fit in the data, and gives it with 8 bytes of padding
// (padded()) so that a field of up to 57 bits is one unaligned 64-bit load, the common case by
// far (phrase queries decode the value of every candidate document).
class BitReader {
public:
    BitReader(std::string_view padded, unsigned bits)
        : data_(padded.data()), bits_(bits), mask_(max_code(bits)) {}
    // Calls f(i, field) for the next @p n fields, i from 0: the loop phrase queries spend
    // their time in, with the reader's state in registers.
    template <class F>
    void each(std::uint64_t n, F&& f) {
        if (bits_ > 57) {
            for (std::uint64_t i = 0; i < n; ++i) f(i, get());
            return;
        }
        const char* data = data_;
        const std::uint64_t mask = mask_;
        const unsigned bits = bits_;
        std::uint64_t at = at_;
        for (std::uint64_t i = 0; i < n; ++i, at += bits) f(i, load(data, at, mask));
        at_ = at;
    }
    std::uint64_t get() noexcept {
        std::uint64_t v = 0;
        if (bits_ <= 57) {
            v = load(data_, at_, mask_);
        } else {
            for (unsigned got = 0; got < bits_; ++got) {
                const std::uint64_t bit = at_ + got;
                v |= static_cast<std::uint64_t>(
                         (static_cast<unsigned char>(data_[bit >> 3]) >> (bit & 7)) & 1U)
                     << got;
            }
        }
        at_ += bits_;
        return v;
    }

private:
    // The field of at most 57 bits at bit offset @p at: one unaligned little-endian load.
    static std::uint64_t load(const char* data, std::uint64_t at, std::uint64_t mask) noexcept {
        std::uint64_t x;
        std::memcpy(&x, data + (at >> 3), sizeof x);
        if constexpr (std::endian::native == std::endian::big) x = __builtin_bswap64(x);
        return (x >> (at & 7)) & mask;
    }

    const char* data_;
    unsigned bits_;
    std::uint64_t mask_;
    std::uint64_t at_ = 0;  // bit offset
};

}  // namespace

Unposted Unposted::defaults(analysis::Analyzer& analyzer) {
    // Only a word indexed as itself: a stopword whose stem differs ("avions" -> "avion")
    // shares its term with other words, whose postings a query of them must find.
    std::string text;
    for (const auto w : analysis::Analyzer::stopwords()) text.append(w).append(1, ' ');
    std::vector<std::string> terms;
    analyzer.analyse(text, 1, [&](const analysis::Token& t) {
        if (t.stop && !t.part && t.alt.empty() && t.term == t.text) terms.emplace_back(t.term);
    });
    return parse([&] {
        std::string joined;
        for (const auto& t : terms) joined.append(t).append(1, '\n');
        return joined;
    }());
}

Unposted Unposted::parse(std::string_view text) {
    Unposted u;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view term = text.substr(0, end);
        if (!term.empty()) u.terms_.emplace_back(term);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    std::sort(u.terms_.begin(), u.terms_.end());
    u.terms_.erase(std::unique(u.terms_.begin(), u.terms_.end()), u.terms_.end());
    for (std::size_t i = 0; i < u.terms_.size(); ++i)
        u.by_hash_.emplace_back(fnv1a64(u.terms_[i]), static_cast<int>(i));
    std::sort(u.by_hash_.begin(), u.by_hash_.end());
    return u;
}

std::string Unposted::to_text() const {
    std::string out;
    for (const auto& t : terms_) out.append(t).append(1, '\n');
    return out;
}

int Unposted::find(std::string_view term) const noexcept { return find_hash(fnv1a64(term)); }

int Unposted::find_hash(std::uint64_t hash) const noexcept {
    const auto it = std::lower_bound(by_hash_.begin(), by_hash_.end(), std::pair{hash, -1});
    return it != by_hash_.end() && it->first == hash ? it->second : -1;
}

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

std::pair<unsigned, unsigned> Writer::choose_codes() {
    const std::uint64_t n = terms_.size();
    // Start where n codes among 2^b - 1 have about a 1/e chance of being all different.
    unsigned bits = min_bits;
    while (bits < max_bits && max_code(bits) < n * n / 2) ++bits;
    for (;; ++bits) {
        for (unsigned salt = 0; salt < (bits == max_bits ? 256U : salts_per_width); ++salt) {
            codes_.clear();
            for (const auto h : terms_) codes_.push_back(code(h, salt, bits));
            std::sort(codes_.begin(), codes_.end());
            if (std::adjacent_find(codes_.begin(), codes_.end()) == codes_.end())
                return {bits, salt};
        }
        // 256 salts of 64-bit codes all colliding cannot happen for any real document; a
        // collision would only make the positions of two terms indistinguishable.
        if (bits == max_bits) return {bits, 0};
    }
}

std::string Writer::unposted_bitmap() const {
    std::string held((unposted_->size() + 7) / 8, '\0');
    for (const auto h : terms_)
        if (const int k = unposted_->find_hash(h); k >= 0) {
            auto& byte = held[static_cast<std::size_t>(k) / 8];
            byte = static_cast<char>(static_cast<unsigned char>(byte) | (1U << (k % 8)));
        }
    while (!held.empty() && held.back() == '\0') held.pop_back();
    return held;
}

std::string Writer::finish(std::uint32_t title_end) {
    if (words_.empty()) return {};
    std::sort(terms_.begin(), terms_.end());
    terms_.erase(std::unique(terms_.begin(), terms_.end()), terms_.end());
    const auto [bits, salt] = choose_codes();

    std::stable_sort(words_.begin(), words_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    // One field per position of each run; a second term at a position goes to the extras.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;  // first position, length
    std::vector<std::pair<std::uint32_t, std::uint64_t>> extras;
    std::string stream;
    BitWriter w(stream, bits);
    for (const auto& [position, hash] : words_) {
        const std::uint64_t c = code(hash, salt, bits);
        if (!runs.empty()) {
            auto& [first, length] = runs.back();
            const std::uint64_t next = std::uint64_t{first} + length;
            if (position < next) {  // a position already filled
                extras.emplace_back(position, c);
                continue;
            }
            if (position - next <= max_run_gap) {
                for (std::uint64_t p = next; p < position; ++p) w.put(0);
                length = position - first + 1;
                w.put(c);
                continue;
            }
        }
        runs.emplace_back(position, 1);
        w.put(c);
    }
    for (const auto& e : extras) w.put(e.second);

    std::string out;
    out += unposted_ && !unposted_->empty() ? format_unposted : format_version;
    out += static_cast<char>(bits);
    out += static_cast<char>(salt);
    if (unposted_ && !unposted_->empty()) {
        const std::string held = unposted_bitmap();
        put_varint(out, held.size());
        out += held;
    }
    put_varint(out, title_end);
    put_varint(out, runs.size());
    std::uint64_t end = 0;
    for (const auto& [first, length] : runs) {
        put_varint(out, first - end);
        put_varint(out, length);
        end = std::uint64_t{first} + length;
    }
    put_varint(out, extras.size());
    std::uint64_t previous = 0;
    for (const auto& e : extras) {
        put_varint(out, e.first - previous);
        previous = e.first;
    }
    out += stream;
    return out;
}

namespace {

// What precedes the fields of a positions value, checked against its length. The runs and
// the extras are in buffers of the thread's that the next call reuses.
struct Layout {
    unsigned bits = 0, salt = 0;
    std::string_view held;  // the unposted terms the document holds (format 3)
    std::uint64_t title_end = 0;
    const std::vector<std::pair<std::uint64_t, std::uint64_t>>* runs = nullptr;  // first, length
    const std::vector<std::uint64_t>* extras = nullptr;                          // positions
    std::string_view stream;                                                     // the fields
};

Layout read_layout(std::string_view value) {
    if (value.size() < 3 || (value[0] != format_version && value[0] != format_unposted)) bad();
    Layout l;
    l.bits = static_cast<unsigned char>(value[1]);
    l.salt = static_cast<unsigned char>(value[2]);
    if (l.bits < min_bits || l.bits > max_bits) bad();
    std::size_t i = 3;
    auto number = [&] {
        const auto n = get_varint(value, i);
        if (!n) bad();
        return *n;
    };
    if (value[0] == format_unposted) {
        const std::uint64_t n = number();
        if (n > value.size() - i) bad();
        l.held = value.substr(i, n);
        i += n;
    }
    constexpr std::uint64_t last_position = std::numeric_limits<std::uint32_t>::max();
    l.title_end = number();
    const std::uint64_t run_count = number();
    if (run_count > value.size()) bad();
    thread_local std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
    runs.clear();
    std::uint64_t fields = 0, end = 0;
    for (std::uint64_t r = 0; r < run_count; ++r) {
        const std::uint64_t gap = number(), length = number();
        if (gap > last_position || length > last_position || end + gap + length > last_position + 1)
            bad();
        runs.emplace_back(end + gap, length);
        end += gap + length;
        fields += length;
    }
    const std::uint64_t extra_count = number();
    if (extra_count > value.size()) bad();
    thread_local std::vector<std::uint64_t> extras;
    extras.clear();
    for (std::uint64_t e = 0, p = 0; e < extra_count; ++e) {
        p += number();
        if (p > last_position) bad();
        extras.push_back(p);
    }
    fields += extra_count;
    l.stream = value.substr(i);
    if (fields > l.stream.size() * 8 / l.bits || (fields * l.bits + 7) / 8 != l.stream.size())
        bad();
    l.runs = &runs;
    l.extras = &extras;
    return l;
}

}  // namespace

void find(std::string_view value, std::span<const Lookup> terms,
          std::vector<std::vector<std::uint32_t>>& out) {
    out.resize(terms.size());
    for (auto& o : out) o.clear();
    if (value.empty()) return;
    const Layout l = read_layout(value);
    const unsigned bits = l.bits;
    const std::string_view held = l.held;
    const std::uint64_t title_end = l.title_end;

    // An unposted term the document does not hold gets code 0, which take() never matches
    // (0 is also the field of an empty position).
    const auto holds = [&](int k) {
        const auto byte = static_cast<std::size_t>(k) / 8;
        return byte < held.size() && ((static_cast<unsigned char>(held[byte]) >> (k % 8)) & 1U);
    };
    std::vector<std::uint64_t> wanted;
    wanted.reserve(terms.size());
    for (const auto& t : terms)
        wanted.push_back(t.unposted < 0 || holds(t.unposted) ? code(t.hash, l.salt, bits) : 0);
    // Most fields are none of the wanted codes: one bit test tells most of them apart.
    std::uint64_t sieve = 0;
    for (const auto c : wanted)
        if (c != 0) sieve |= std::uint64_t{1} << (c & 63);
    if (sieve == 0) return;  // only unposted terms the document does not hold
    auto take = [&](std::uint64_t c, std::uint64_t pos) {
        for (std::size_t k = 0; k < wanted.size(); ++k)
            if (c == wanted[k] && c != 0 && (!terms[k].title_only || pos < title_end))
                out[k].push_back(static_cast<std::uint32_t>(pos));
    };
    BitReader r(padded(l.stream), bits);
    for (const auto& run : *l.runs) {
        // Not a structured binding: clang 14 cannot capture one in a lambda.
        const std::uint64_t first = run.first;
        r.each(run.second, [&](std::uint64_t at, std::uint64_t c) {
            if ((sieve >> (c & 63)) & 1) take(c, first + at);
        });
    }
    if (l.extras->empty()) return;
    for (const auto pos : *l.extras) {
        const std::uint64_t c = r.get();
        if (c == 0) bad();
        take(c, pos);
    }
    for (auto& o : out) std::sort(o.begin(), o.end());
}

}  // namespace veille::detail::positions

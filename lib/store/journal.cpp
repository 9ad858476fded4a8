// SPDX-License-Identifier: MIT
#include "store/journal.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/codec.hpp"
#include "veille/error.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace veille::store {

namespace {

constexpr std::size_t flush_bytes = std::size_t{1} << 20;
constexpr char seal_mark = 'S';

[[noreturn]] void fail_io(const std::string& what, int e) {
    throw Error(ErrorCode::io, what + ": " + std::strerror(e));
}

std::uint64_t hash_more(std::uint64_t h, std::string_view s) {
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= detail::fnv_prime;
    }
    return h;
}

std::optional<std::uint64_t> number(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return n;
}

}  // namespace

Journal::Journal(const std::string& dir)
    : path_((std::filesystem::path(dir) / journal_name).string()), hash_(detail::fnv_offset) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) fail_io("opening '" + path_ + "'", errno);
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_);
}

void Journal::record(Op op, std::uint32_t shard) {
    const std::size_t before = buf_.size();
    buf_ += static_cast<char>(op);
    detail::put_varint(buf_, shard);
    hash_ = hash_more(hash_, std::string_view(buf_).substr(before));
    written_ += buf_.size() - before;
}

void Journal::field(std::string_view s) {
    const std::size_t before = buf_.size();
    detail::put_varint(buf_, s.size());
    buf_ += s;
    hash_ = hash_more(hash_, std::string_view(buf_).substr(before));
    written_ += buf_.size() - before;
    if (buf_.size() >= flush_bytes) flush();
}

void Journal::add(std::uint32_t shard, const Document& doc) {
    record(Op::add, shard);
    for (const std::string* s : {&doc.id, &doc.title, &doc.body, &doc.source, &doc.date, &doc.url})
        field(*s);
    field(std::to_string(doc.persons.size()));
    for (const auto& p : doc.persons) field(p);
}

void Journal::remove(std::uint32_t shard, const std::string& id) {
    record(Op::remove, shard);
    field(id);
}

void Journal::clean(std::uint32_t shard, std::uint64_t commit_every) {
    record(Op::clean, shard);
    field(std::to_string(commit_every));
}

void Journal::aliases(std::uint32_t shard) {
    record(Op::aliases, shard);
    field({});
}

void Journal::metadata(std::uint32_t shard, const std::string& key, const std::string& value) {
    record(Op::metadata, shard);
    field(key);
    field(value);
}

void Journal::flush() {
    std::size_t done = 0;
    while (done < buf_.size()) {
        const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail_io("writing '" + path_ + "'", n < 0 ? errno : ENOSPC);
        done += static_cast<std::size_t>(n);
    }
    buf_.clear();
}

void Journal::seal(std::uint64_t generation) {
    buf_ += seal_mark;
    detail::put_varint(buf_, generation);
    detail::put_varint(buf_, written_);
    detail::put_varint(buf_, hash_);
    flush();
    if (::fdatasync(fd_) != 0) fail_io("syncing '" + path_ + "'", errno);
}

void Journal::reset() {
    buf_.clear();
    written_ = 0;
    hash_ = detail::fnv_offset;
    // No sync: a journal left sealed for an older generation than the manifest's is ignored.
    if (::ftruncate(fd_, 0) != 0) fail_io("emptying '" + path_ + "'", errno);
    if (::lseek(fd_, 0, SEEK_SET) < 0) fail_io("emptying '" + path_ + "'", errno);
}

std::optional<std::vector<Journal::Entry>> Journal::read_sealed(const std::string& dir,
                                                                std::uint64_t generation) {
    const std::string path = (std::filesystem::path(dir) / journal_name).string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) fail_io("reading '" + path + "'", errno);

    std::vector<Entry> entries;
    std::size_t i = 0;
    const auto text = [&]() -> std::optional<std::string> {
        const auto n = detail::get_varint(data, i);
        if (!n || *n > data.size() - i) return std::nullopt;
        std::string s = data.substr(i, *n);
        i += *n;
        return s;
    };
    while (i < data.size()) {
        const std::size_t start = i;
        const char op = data[i++];
        if (op == seal_mark) {
            const auto g = detail::get_varint(data, i);
            const auto bytes = detail::get_varint(data, i);
            const auto hash = detail::get_varint(data, i);
            if (!g || !bytes || !hash || *g != generation || *bytes != start ||
                *hash != hash_more(detail::fnv_offset, std::string_view(data).substr(0, start)))
                return std::nullopt;
            return entries;
        }
        const auto shard = detail::get_varint(data, i);
        if (!shard) return std::nullopt;
        Entry e;
        e.op = static_cast<Op>(op);
        e.shard = static_cast<std::uint32_t>(*shard);
        if (e.op == Op::add) {
            for (std::string* s :
                 {&e.doc.id, &e.doc.title, &e.doc.body, &e.doc.source, &e.doc.date, &e.doc.url}) {
                auto t = text();
                if (!t) return std::nullopt;
                *s = std::move(*t);
            }
            const auto count = number(text());
            if (!count) return std::nullopt;
            for (std::uint64_t n = *count; n > 0; --n) {
                auto t = text();
                if (!t) return std::nullopt;
                e.doc.persons.push_back(std::move(*t));
            }
        } else if (e.op == Op::metadata) {
            auto k = text();
            auto v = text();
            if (!k || !v) return std::nullopt;
            e.key = std::move(*k);
            e.value = std::move(*v);
        } else if (e.op == Op::remove || e.op == Op::clean || e.op == Op::aliases) {
            auto t = text();
            if (!t) return std::nullopt;
            if (e.op == Op::remove) {
                e.id = std::move(*t);
            } else if (e.op == Op::clean) {
                const auto every = number(t);
                if (!every) return std::nullopt;
                e.commit_every = *every;
            }
        } else {
            return std::nullopt;
        }
        entries.push_back(std::move(e));
    }
    return std::nullopt;  // no seal: never committed
}

}  // namespace veille::store

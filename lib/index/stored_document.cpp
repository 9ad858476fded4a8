// SPDX-License-Identifier: MIT
#include "index/stored_document.hpp"

#include <cstdint>
#include <memory>
#include <new>

#include "core/codec.hpp"
#include "schema/schema.hpp"
#include "veille/error.hpp"

#include <libdeflate.h>

namespace veille::detail {

namespace {

constexpr char format_version = 1;

// libdeflate, not zlib: the same zlib format (indexes written with zlib read the same), in
// 60 % of zlib's time for the same size on these short records (bench/README.md). Its level
// 6, as zlib's default: level 1 would take a third less time for records 1 % larger.
constexpr int compression_level = 6;

// One compressor and one decompressor per thread that needs it, made on first use:
// libdeflate's are not thread-safe, and making one per record would cost more than the work.
libdeflate_compressor* compressor() {
    thread_local const std::unique_ptr<libdeflate_compressor, void (*)(libdeflate_compressor*)> c{
        libdeflate_alloc_compressor(compression_level), libdeflate_free_compressor};
    if (!c) throw std::bad_alloc();
    return c.get();
}

libdeflate_decompressor* decompressor() {
    thread_local const std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)>
        d{libdeflate_alloc_decompressor(), libdeflate_free_decompressor};
    if (!d) throw std::bad_alloc();
    return d.get();
}

// A record holds at most a document (max_document_bytes, checked by validate()) and its
// persons and skipped parts; a larger size can only be damage.
constexpr std::uint64_t max_record_bytes = 128ULL * 1024 * 1024;

enum Tag : unsigned char {
    tag_id = 1,
    tag_title = 2,
    tag_body = 3,
    tag_source = 4,
    tag_date = 5,
    tag_url = 6,
    tag_explicit_person = 7,
    tag_person = 8,
    tag_skipped = 9,  // varint begin, varint end, reason byte (0 repeated, 1 boilerplate)
};

void put(std::string& out, Tag tag, std::string_view value) {
    if (value.empty()) return;
    out += static_cast<char>(tag);
    put_varint(out, value.size());
    out += value;
}

[[noreturn]] void bad();

std::uint64_t varint(std::string_view data, std::size_t& i) {
    const auto n = get_varint(data, i);
    if (!n) bad();
    return *n;
}

SkippedPart decode_skipped(std::string_view value, std::size_t body_size) {
    std::size_t i = 0;
    SkippedPart k;
    k.begin = varint(value, i);
    k.end = varint(value, i);
    if (i + 1 != value.size() || k.end < k.begin || k.end > body_size) bad();
    k.reason = value[i] == 1 ? SkipReason::boilerplate : SkipReason::repeated;
    return k;
}

[[noreturn]] void bad() {
    throw Error(ErrorCode::corrupt, "stored document is damaged",
                "Rebuild the index from the original documents.");
}

std::string serialise(const StoredDocument& s) {
    std::string out;
    out.reserve(s.doc.title.size() + s.doc.body.size() + 128);
    out += 'V';
    out += format_version;
    put(out, tag_id, s.doc.id);
    put(out, tag_title, s.doc.title);
    put(out, tag_body, s.doc.body);
    put(out, tag_source, s.doc.source);
    put(out, tag_date, s.doc.date);
    put(out, tag_url, s.doc.url);
    for (const auto& p : s.doc.persons) put(out, tag_explicit_person, p);
    for (const auto& p : s.persons) put(out, tag_person, p);
    std::string part;
    for (const auto& k : s.skipped) {
        part.clear();
        put_varint(part, k.begin);
        put_varint(part, k.end);
        part += static_cast<char>(k.reason == SkipReason::boilerplate ? 1 : 0);
        put(out, tag_skipped, part);
    }
    return out;
}

StoredDocument unserialise(std::string_view data) {
    if (data.size() < 2 || data[0] != 'V') bad();
    StoredDocument s;
    std::size_t i = 2;
    while (i < data.size()) {
        const auto tag = static_cast<unsigned char>(data[i++]);
        const std::uint64_t len = varint(data, i);
        if (len > data.size() - i) bad();
        std::string value(data.substr(i, len));
        i += len;
        switch (tag) {
            case tag_id:
                s.doc.id = std::move(value);
                break;
            case tag_title:
                s.doc.title = std::move(value);
                break;
            case tag_body:
                s.doc.body = std::move(value);
                break;
            case tag_source:
                s.doc.source = std::move(value);
                break;
            case tag_date:
                s.doc.date = std::move(value);
                break;
            case tag_url:
                s.doc.url = std::move(value);
                break;
            case tag_explicit_person:
                s.doc.persons.push_back(std::move(value));
                break;
            case tag_person:
                s.persons.push_back(std::move(value));
                break;
            // The body comes first (encode() writes it before), so its size is known here.
            case tag_skipped:
                s.skipped.push_back(decode_skipped(value, s.doc.body.size()));
                break;
            default:
                break;  // a field from a newer veille: skip it
        }
    }
    return s;
}

}  // namespace

std::string encode(const StoredDocument& s) {
    const std::string record = serialise(s);
    libdeflate_compressor* c = compressor();
    std::string out;
    put_varint(out, record.size());
    const std::size_t head = out.size();
    out.resize(head + libdeflate_zlib_compress_bound(c, record.size()));
    const std::size_t size = libdeflate_zlib_compress(c, record.data(), record.size(),
                                                      out.data() + head, out.size() - head);
    if (size == 0) throw std::bad_alloc();  // cannot happen with a buffer of the bound's size
    out.resize(head + size);
    return out;
}

StoredDocument decode(std::string_view data) {
    std::size_t i = 0;
    const std::uint64_t size = varint(data, i);
    if (size > max_record_bytes) bad();
    std::string record(size, '\0');
    // Without an actual-size pointer, libdeflate fails unless the record fills it exactly.
    if (libdeflate_zlib_decompress(decompressor(), data.data() + i, data.size() - i, record.data(),
                                   record.size(), nullptr) != LIBDEFLATE_SUCCESS)
        bad();
    return unserialise(record);
}

void store(Xapian::Document& x, const StoredDocument& stored) {
    x.add_value(schema::slot::stored, encode(stored));
}

StoredDocument load(const Xapian::Document& x) { return decode(x.get_value(schema::slot::stored)); }

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
// Fuzzes what Index::add does with a document, without a database: sanitize, validation,
// analysis, the persons, the stored form and its decoding, the positions value. The input is
// the fields of a document separated by '\n' (id, title, body with "\\n" for newlines, source,
// date, url, persons...). A sanitized document must always be accepted; the stored document
// must decode to what was given; decoding damaged data must end in a veille::Error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/codec.hpp"
#include "index/document_builder.hpp"
#include "index/positions.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"
#include "veille/veille.hpp"

namespace {
void check(bool ok) {
    if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static veille::detail::DocumentBuilder builder{veille::IndexOptions{}, veille::PersonAliases{}};
    const std::string input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> fields;
    for (std::size_t at = 0;;) {
        const auto nl = input.find('\n', at);
        fields.push_back(input.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
        if (nl == std::string::npos) break;
        at = nl + 1;
    }
    fields.resize(std::max<std::size_t>(fields.size(), 6));
    veille::Document d;
    d.id = fields[0];
    d.title = fields[1];
    d.body = fields[2];
    for (std::size_t p = d.body.find("\\n"); p != std::string::npos; p = d.body.find("\\n", p + 1))
        d.body.replace(p, 2, "\n");
    d.source = fields[3];
    d.date = fields[4];
    d.url = fields[5];
    d.persons.assign(fields.begin() + 6, fields.end());

    try {
        veille::detail::validate(d);  // either accepted as it is, or refused with a clear error
        (void)builder.build(d);
    } catch (const veille::Error& e) {
        check(e.code() == veille::ErrorCode::invalid_argument);
    }
    veille::sanitize(d);
    check(veille::sanitize(d).empty());  // sanitize is idempotent
    Xapian::Document x;
    try {
        veille::detail::validate(d);
        x = builder.build(d).doc;
    } catch (const veille::Error& e) {
        // What sanitize cannot repair: no id, an id, a source or a person too long.
        check(e.code() == veille::ErrorCode::invalid_argument);
        bool long_person = false;
        for (const auto& p : d.persons) long_person = long_person || p.size() > 80;
        check(d.id.empty() || d.id.size() > veille::detail::max_id_bytes || d.source.size() > 80 ||
              long_person);
        return 0;
    }
    const std::string stored = x.get_value(veille::schema::slot::stored);
    const auto back = veille::detail::decode(stored);
    check(back.doc.id == d.id && back.doc.title == d.title && back.doc.body == d.body &&
          back.doc.source == d.source && back.doc.date == d.date && back.doc.url == d.url);
    // Damaged positions, or any bytes read as positions: a corrupt error, never a crash.
    const std::string positions = x.get_value(veille::schema::slot::positions);
    const std::vector<veille::detail::positions::Lookup> words{
        {veille::detail::fnv1a64("a")}, {veille::detail::fnv1a64("a"), true}};
    std::vector<std::vector<std::uint32_t>> found;
    veille::detail::positions::find(positions, words, found);  // the intact value decodes
    for (const std::string& p : {positions.substr(0, positions.size() / 2), input}) {
        try {
            veille::detail::positions::find(p, words, found);
        } catch (const veille::Error& e) {
            check(e.code() == veille::ErrorCode::corrupt);
        }
    }
    // Damaged stored data: a corrupt error, never a crash.
    for (std::size_t cut : {stored.size() / 2, stored.size() > 3 ? stored.size() - 1 : 0}) {
        try {
            (void)veille::detail::decode(stored.substr(0, cut));
        } catch (const veille::Error& e) {
            check(e.code() == veille::ErrorCode::corrupt);
        }
    }
    return 0;
}

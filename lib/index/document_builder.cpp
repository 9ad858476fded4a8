// SPDX-License-Identifier: MIT
#include "index/document_builder.hpp"

#include "analysis/text.hpp"
#include "core/date.hpp"
#include "core/xapian_try.hpp"
#include "index/stored_document.hpp"
#include "schema/schema.hpp"

namespace veille::detail {

namespace {

void require_utf8(const std::string& value, const char* field, const std::string& id) {
    if (!analysis::valid_utf8(value))
        throw Error(ErrorCode::invalid_argument,
                    "document '" + id + "': " + field + " is not valid UTF-8",
                    "Repair it with veille::sanitize().");
}

// Control characters in one-line fields would break display, output formats and the
// separators of the persons value slot (schema.hpp): refuse them rather than store a damaged
// document. veille::sanitize() turns them into spaces.
void require_no_controls(const std::string& value, const char* field, const std::string& id) {
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F)
            throw Error(ErrorCode::invalid_argument,
                        "document '" + id + "': " + field + " contains a control character",
                        "Repair it with veille::sanitize().");
    }
}

std::string prefixed(std::string_view prefix, std::string_view term) {
    std::string t;
    t.reserve(prefix.size() + term.size());
    t += prefix;
    t += term;
    return t;
}

}  // namespace

void validate(const Document& doc) {
    if (doc.id.empty()) throw Error(ErrorCode::invalid_argument, "document without an id");
    if (doc.id.size() > max_id_bytes)
        throw Error(ErrorCode::invalid_argument,
                    "document id is " + std::to_string(doc.id.size()) + " bytes long; at most " +
                        std::to_string(max_id_bytes) + " are accepted");
    std::size_t bytes = doc.id.size() + doc.title.size() + doc.body.size() + doc.source.size() +
                        doc.date.size() + doc.url.size();
    for (const auto& p : doc.persons) bytes += p.size();
    if (bytes > max_document_bytes)
        throw Error(ErrorCode::invalid_argument,
                    "document '" + doc.id + "' is " + std::to_string(bytes) + " bytes long; at most " +
                        std::to_string(max_document_bytes) + " are accepted",
                    "Split it, or shorten its body.");
    require_utf8(doc.id, "id", "?");
    require_no_controls(doc.id, "id", "?");
    require_utf8(doc.title, "title", doc.id);
    require_utf8(doc.body, "body", doc.id);
    require_utf8(doc.source, "source", doc.id);
    require_utf8(doc.url, "url", doc.id);
    require_no_controls(doc.source, "source", doc.id);
    for (const auto& p : doc.persons) {
        require_utf8(p, "a person", doc.id);
        require_no_controls(p, "a person", doc.id);
    }
    if (!is_valid_date(doc.date))
        throw Error(ErrorCode::invalid_argument,
                    "document '" + doc.id + "': date '" + doc.date +
                        "' is not YYYY, YYYY-MM or YYYY-MM-DD",
                    "Clear it, or repair the document with veille::sanitize().");
}

DocumentBuilder::DocumentBuilder(const IndexOptions& options) : persons_(options.extract_persons) {}

std::uint64_t DocumentBuilder::long_terms_skipped() const noexcept {
    return long_terms_ + analyzer_.long_words_skipped();
}

Xapian::Document DocumentBuilder::build(const Document& doc) {
    validate(doc);
    return xapian_try("indexing document '" + doc.id + "'", [&] {
        Xapian::Document x;
        auto post = [&](std::string_view prefix, const analysis::Token& t) {
            auto add = [&](std::string_view term) {
                if (term.empty()) return;
                std::string full = prefixed(prefix, term);
                if (full.size() > max_term_bytes) {
                    ++long_terms_;
                    return;
                }
                if (t.cjk_bigram)
                    x.add_term(full);
                else
                    x.add_posting(full, t.position, t.stop ? 0 : 1);
            };
            add(t.term);
            add(t.alt);
        };

        const std::string title = analysis::nfc(doc.title);
        const std::string body = analysis::nfc(doc.body);
        const std::uint32_t after_title = analyzer_.analyse(title, 1, [&](const analysis::Token& t) {
            post(schema::text.prefix, t);
            post(schema::title.prefix, t);
        });
        analyzer_.analyse(body, after_title + title_body_gap,
                          [&](const analysis::Token& t) { post(schema::text.prefix, t); });

        x.add_boolean_term(prefixed(schema::id.prefix, doc.id));

        const std::string source = analysis::collapse_spaces(doc.source);
        if (const std::string key = analysis::facet_key(source); !key.empty()) {
            std::string term = prefixed(schema::source.prefix, key);
            // Xapian would refuse the term at commit, failing the whole batch: refuse the
            // document now instead.
            if (term.size() > max_term_bytes)
                throw Error(ErrorCode::invalid_argument,
                            "document '" + doc.id + "': source is too long (" +
                                std::to_string(source.size()) + " bytes)",
                            "A source is a publisher's name, at most about 200 letters.");
            x.add_boolean_term(term);
            x.add_value(schema::slot::source, source);
        }

        if (auto span = parse_iso_date(doc.date)) {
            x.add_boolean_term(prefixed(schema::year_prefix, span->first.substr(0, 4)));
            if (span->precision >= 2)
                x.add_boolean_term(prefixed(schema::month_prefix, span->first.substr(0, 6)));
            if (span->precision >= 3) x.add_boolean_term(prefixed(schema::day_prefix, span->first));
            x.add_value(schema::slot::date_start, span->first);
            x.add_value(schema::slot::date_end, span->last);
            x.add_value(schema::slot::date, doc.date);
        }

        StoredDocument stored{doc, {}};
        std::string persons_value;
        for (auto& p : persons_.resolve(doc)) {
            const std::string term = prefixed(schema::person.prefix, p.key);
            if (term.size() > max_term_bytes) {
                // A name given by the caller is refused, as an over-long source is; one found
                // in the text is left out and counted.
                if (!doc.persons.empty())
                    throw Error(ErrorCode::invalid_argument,
                                "document '" + doc.id + "': person '" + p.display.substr(0, 40) +
                                    "...' is too long (" + std::to_string(p.display.size()) + " bytes)",
                                "A person is a name, at most about 200 letters.");
                ++long_terms_;
                continue;
            }
            x.add_boolean_term(term);
            if (!persons_value.empty()) persons_value += schema::list_sep;
            persons_value += p.key;
            persons_value += schema::pair_sep;
            persons_value += p.display;
            stored.persons.push_back(std::move(p.display));
        }
        if (!persons_value.empty()) x.add_value(schema::slot::persons, persons_value);

        x.set_data(encode(stored));
        return x;
    });
}

}  // namespace veille::detail

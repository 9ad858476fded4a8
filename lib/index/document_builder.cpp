// SPDX-License-Identifier: MIT
#include "index/document_builder.hpp"

#include <algorithm>

#include "analysis/text.hpp"
#include "core/xapian_try.hpp"
#include "dates/date.hpp"
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

// Writes the XP terms and the persons value of @p persons, and their display forms into
// @p stored.
void write_persons(Xapian::Document& x, StoredDocument& stored, std::vector<Person> persons) {
    stored.persons.clear();
    std::string persons_value;
    for (auto& p : persons) {
        const std::string term = prefixed(schema::person.prefix, p.key);
        if (term.size() > max_term_bytes) continue;
        x.add_boolean_term(term);
        if (!persons_value.empty()) persons_value += schema::list_sep;
        persons_value += p.key;
        persons_value += schema::pair_sep;
        persons_value += p.display;
        stored.persons.push_back(std::move(p.display));
    }
    if (persons_value.empty()) {
        if (!x.get_value(schema::slot::persons).empty()) x.remove_value(schema::slot::persons);
    } else
        x.add_value(schema::slot::persons, persons_value);
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
                    "document '" + doc.id + "' is " + std::to_string(bytes) +
                        " bytes long; at most " + std::to_string(max_document_bytes) +
                        " are accepted",
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
        throw Error(
            ErrorCode::invalid_argument,
            "document '" + doc.id + "': date '" + doc.date + "' is not YYYY, YYYY-MM or YYYY-MM-DD",
            "Clear it, or repair the document with veille::sanitize().");
    // Terms Xapian would refuse at commit, failing the whole batch: refuse the document now,
    // in add() itself.
    const std::string source_key = analysis::facet_key(analysis::collapse_spaces(doc.source));
    if (schema::source.prefix.size() + source_key.size() > max_term_bytes)
        throw Error(ErrorCode::invalid_argument,
                    "document '" + doc.id + "': source is too long (" +
                        std::to_string(doc.source.size()) + " bytes)",
                    "A source is a publisher's name, at most about 200 letters.");
    for (const auto& p : doc.persons)
        if (schema::person.prefix.size() + analysis::facet_key(p).size() > max_term_bytes)
            throw Error(ErrorCode::invalid_argument,
                        "document '" + doc.id + "': person '" + p.substr(0, 40) +
                            "...' is too long (" + std::to_string(p.size()) + " bytes)",
                        "A person is a name, at most about 200 letters.");
}

DocumentBuilder::DocumentBuilder(const IndexOptions& options, PersonAliases aliases)
    : persons_(options.extract_persons, std::move(aliases)),
      hygiene_(options.hygiene),
      spelling_(options.spelling) {
    hygiene::validate(hygiene_);
}

bool DocumentBuilder::refresh_persons(Xapian::Document& x) const {
    StoredDocument stored = load(x);
    // Persons found in the text come from the text indexed (see build()).
    Document indexed_text = stored.doc;
    if (!stored.skipped.empty() && indexed_text.persons.empty())
        indexed_text.body = hygiene::visible(stored.doc.body, stored.skipped);
    std::vector<Person> persons = persons_.resolve(indexed_text);
    const std::string old_value = x.get_value(schema::slot::persons);
    std::string new_value;
    for (const auto& p : persons) {
        if (!new_value.empty()) new_value += schema::list_sep;
        new_value += p.key;
        new_value += schema::pair_sep;
        new_value += p.display;
    }
    if (new_value == old_value) return false;
    std::vector<std::string> old_terms;
    for (auto t = x.termlist_begin(); t != x.termlist_end(); ++t) {
        std::string term = *t;
        if (term.starts_with(schema::person.prefix)) old_terms.push_back(std::move(term));
    }
    for (const auto& t : old_terms) x.remove_term(t);
    write_persons(x, stored, std::move(persons));
    store(x, stored);
    return true;
}

std::uint64_t DocumentBuilder::long_terms_skipped() const noexcept {
    return long_terms_ + analyzer_.long_words_skipped();
}

BuiltDocument DocumentBuilder::build(const Document& doc, const hygiene::Counts& counts) {
    return xapian_try("indexing document '" + doc.id + "'", [&] {
        BuiltDocument out;
        const std::string title = analysis::nfc(doc.title);
        const std::string source = analysis::collapse_spaces(doc.source);
        out.plan = hygiene::plan(title, doc.body, analysis::facet_key(source), hygiene_, counts);
        add_text(out, title);
        add_fields(out.doc, doc, source);
        add_persons_and_original(out, doc, title);
        return out;
    });
}

void DocumentBuilder::add_text(BuiltDocument& out, const std::string& title) {
    Xapian::Document& x = out.doc;
    const positions::Unposted* unposted = positions_.unposted().get();
    auto post = [&](std::string_view prefix, const analysis::Token& t) {
        auto add = [&](std::string_view term) {
            if (term.empty()) return;
            std::string full = prefixed(prefix, term);
            if (full.size() > max_term_bytes) {
                ++long_terms_;
                return;
            }
            if (t.cjk_bigram) {
                x.add_term(full);
                if (prefix.empty()) positions_.add_unpositioned(full);
            } else {
                // Stopwords are posted with wdf 0 for phrases, unless the positions alone
                // find them (positions::Unposted).
                if (!t.stop || !unposted || unposted->find(term) < 0)
                    x.add_term(full, t.stop ? 0 : 1);
                // The title: field's positions are those of the same words (schema.hpp).
                if (prefix.empty()) positions_.add(t.position, full);
            }
        };
        add(t.term);
        add(t.alt);
        if (!prefix.empty()) return;
        if (!t.alt.empty()) out.words.accents.emplace_back(t.alt, t.term);
        if (spelling_ && !t.spelling.empty())
            out.words.words.emplace_back(t.spelling_hash, t.spelling);
    };

    positions_.clear();
    const std::uint32_t after_title = analyzer_.analyse(title, 1, [&](const analysis::Token& t) {
        post(schema::text.prefix, t);
        post(schema::title.prefix, t);
    });
    // Only the lines hygiene keeps are analysed, one after the other: no word spans a line
    // break, so the positions are those of the whole body when nothing is skipped.
    std::uint32_t position = after_title + title_body_gap;
    for (const auto& line : out.plan.kept)
        position = analyzer_.analyse(
            line, position, [&](const analysis::Token& t) { post(schema::text.prefix, t); });
    if (std::string p = positions_.finish(after_title); !p.empty())
        x.add_value(schema::slot::positions, p);
    // The XH terms of plan.lines are the writer's to give (hygiene::join): they depend on the
    // holders written before this document.
    for (const auto line : out.plan.boilerplate)
        x.add_boolean_term(hygiene::skipped_term(out.plan.tag, line));
    x.add_value(schema::slot::hygiene, hygiene::encode(out.plan.figures));
    auto& accents = out.words.accents;
    std::sort(accents.begin(), accents.end());
    accents.erase(std::unique(accents.begin(), accents.end()), accents.end());
}

void DocumentBuilder::add_fields(Xapian::Document& x, const Document& doc,
                                 const std::string& source) {
    x.add_boolean_term(prefixed(schema::id.prefix, doc.id));
    if (const std::string source_key = analysis::facet_key(source); !source_key.empty()) {
        // validate() refused a source whose term Xapian would refuse.
        x.add_boolean_term(prefixed(schema::source.prefix, source_key));
        x.add_value(schema::slot::source, source);
    }
    if (auto span = parse_iso_date(doc.date)) {
        x.add_boolean_term(prefixed(schema::year_prefix, span->first.substr(0, 4)));
        if (span->exact >= DateGranularity::month)
            x.add_boolean_term(prefixed(schema::month_prefix, span->first.substr(0, 6)));
        if (span->exact >= DateGranularity::day)
            x.add_boolean_term(prefixed(schema::day_prefix, span->first));
        x.add_value(schema::slot::date_start, span->first);
        x.add_value(schema::slot::date_end, span->last);
        x.add_value(schema::slot::date, doc.date);
    }
}

void DocumentBuilder::add_persons_and_original(BuiltDocument& out, const Document& doc,
                                               const std::string& title) {
    const auto& skipped = out.plan.skipped;
    StoredDocument stored{doc, {}, skipped};
    // Persons found in the text come from the text indexed: a name in a site's footer is
    // boilerplate too.
    const std::string body = analysis::nfc(
        !skipped.empty() && doc.persons.empty() ? hygiene::visible(doc.body, skipped) : doc.body);
    auto persons = persons_.resolve(doc, title, body);
    // Names given by the caller were checked by validate(); one found in the text whose term
    // is too long is left out (write_persons) and counted.
    for (const auto& p : persons)
        if (prefixed(schema::person.prefix, p.key).size() > max_term_bytes) ++long_terms_;
    write_persons(out.doc, stored, std::move(persons));
    store(out.doc, stored);
}

}  // namespace veille::detail

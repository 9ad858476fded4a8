// SPDX-License-Identifier: MIT
#include "hygiene/hygiene.hpp"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "schema/schema.hpp"
#include "veille/error.hpp"

#include <unicode/uchar.h>

namespace veille {

std::string_view to_string(SkipReason reason) noexcept {
    switch (reason) {
        case SkipReason::repeated:
            return "repeated";
        case SkipReason::boilerplate:
            return "boilerplate";
    }
    return "?";
}

}  // namespace veille

namespace veille::hygiene {

namespace {

using detail::fnv_offset;
using detail::fnv_prime;

constexpr std::size_t hash_bytes = 8;

// Big-endian, so terms sort as their numbers do (clean.cpp walks them in order).
void append_hash(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

// The number append_hash() wrote as @p bytes (hash_bytes of them).
std::uint64_t read_hash(std::string_view bytes) {
    std::uint64_t v = 0;
    for (char c : bytes) v = (v << 8) | static_cast<unsigned char>(c);
    return v;
}

[[noreturn]] void bad_value() {
    throw Error(ErrorCode::corrupt, "hygiene value of a document is damaged",
                "Run Index::clean() (veille clean) to rebuild it from the stored document.");
}

std::uint64_t varint(std::string_view s, std::size_t& i) {
    const auto n = detail::get_varint(s, i);
    if (!n) bad_value();
    return *n;
}

std::string term(std::string_view prefix, std::string_view tag, std::uint64_t line) {
    std::string t;
    t.reserve(prefix.size() + tag.size() + hash_bytes);
    t += prefix;
    t += tag;
    append_hash(t, line);
    return t;
}

}  // namespace

std::uint64_t line_hash(std::string_view line, std::string& scratch) {
    // hash64(facet_key(line)) without building the key: ASCII letters and digits are hashed
    // as they are read (lower-cased), and only runs of other characters go through the
    // folding table. This runs on every line of every document.
    std::uint64_t h = fnv_offset;
    auto mix = [&h](char c) {
        h ^= static_cast<unsigned char>(c);
        h *= fnv_prime;
    };
    for (std::size_t i = 0; i < line.size();) {
        const auto ch = static_cast<unsigned char>(line[i]);
        if (ch < 0x80) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
                mix(static_cast<char>(ch));
            else if (ch >= 'A' && ch <= 'Z')
                mix(static_cast<char>(ch + 32));
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < line.size() && static_cast<unsigned char>(line[j]) >= 0x80) ++j;
        scratch.clear();
        analysis::append_folded(scratch, line.substr(i, j - i));
        for (std::size_t k = 0; k < scratch.size();) {
            const std::size_t start = k;
            const char32_t c = analysis::next_code_point(scratch, k);
            if (u_isalnum(static_cast<UChar32>(c)))
                for (std::size_t b = start; b < k; ++b) mix(scratch[b]);
        }
        i = j;
    }
    return h;
}

std::string source_tag(std::string_view source_key) {
    std::string t;
    t.reserve(hash_bytes);
    append_hash(t, hash64(source_key));
    return t;
}

std::string paragraph_term(std::string_view tag, std::uint64_t line) {
    return term(schema::paragraph_prefix, tag, line);
}

std::string skipped_term(std::string_view tag, std::uint64_t line) {
    return term(schema::boilerplate_prefix, tag, line);
}

std::string listed_key(std::string_view tag, std::uint64_t line) {
    return term(schema::listed_prefix, tag, line);
}

std::vector<Xapian::docid> decode_listed(std::string_view value) {
    std::vector<Xapian::docid> out;
    for (std::size_t i = 0; i < value.size();) {
        const auto did = detail::get_varint(value, i);
        if (!did || *did == 0 || *did > std::numeric_limits<Xapian::docid>::max())
            throw Error(ErrorCode::corrupt, "hygiene line list of the index is damaged",
                        "Run Index::clean() (veille clean) to rebuild the counts.");
        out.push_back(static_cast<Xapian::docid>(*did));
    }
    return out;
}

std::string encode_listed(const std::vector<Xapian::docid>& docs) {
    std::string out;
    for (const auto did : docs) detail::put_varint(out, did);
    return out;
}

std::uint64_t line_of_term(std::string_view t) {
    return t.size() < hash_bytes ? 0 : read_hash(t.substr(t.size() - hash_bytes));
}

namespace {

// Calls f(begin, end, text, hash) for each non-empty line of @p body, in order: its byte
// range, its NFC text and line_hash() of that (fnv_offset: no letter nor digit). plan() and
// distinct_lines() read lines through this one loop: the XL lists a document joins by its
// plan are the ones it leaves by distinct_lines().
template <class F>
void each_line(std::string_view body, std::string& scratch, F&& f) {
    for (std::size_t begin = 0; begin <= body.size();) {
        std::size_t end = body.find('\n', begin);
        if (end == std::string_view::npos) end = body.size();
        const std::size_t line_begin = begin;
        begin = end + 1;
        if (end == line_begin) continue;
        std::string text = analysis::nfc(body.substr(line_begin, end - line_begin));
        const std::uint64_t h = line_hash(text, scratch);
        f(line_begin, end, std::move(text), h);
    }
}

}  // namespace

bool is_boilerplate(std::uint64_t holders, std::uint64_t documents,
                    const HygieneOptions& options) noexcept {
    return holders >= options.boilerplate_min_documents &&
           static_cast<double>(holders) >=
               options.boilerplate_min_share * static_cast<double>(documents);
}

unsigned flags(const HygieneOptions& options) noexcept {
    return (options.skip_repeated ? 1U : 0U) | (options.skip_boilerplate ? 2U : 0U);
}

void validate(const HygieneOptions& options) {
    if (options.boilerplate_min_documents < 2)
        throw Error(ErrorCode::invalid_argument,
                    "hygiene: boilerplate_min_documents must be at least 2 (a line in one "
                    "document is not boilerplate)");
    if (!(options.boilerplate_min_share >= 0.0 && options.boilerplate_min_share <= 1.0))
        throw Error(ErrorCode::invalid_argument,
                    "hygiene: boilerplate_min_share must be between 0 and 1 (0.01 = 1 %)");
}

std::string encode(const DocumentFigures& f) {
    std::string out;
    out += static_cast<char>(f.flags);
    detail::put_varint(out, f.body_bytes);
    detail::put_varint(out, f.repeated_parts);
    detail::put_varint(out, f.repeated_bytes);
    detail::put_varint(out, f.boilerplate_parts);
    detail::put_varint(out, f.boilerplate_bytes);
    return out;
}

DocumentFigures decode_figures(std::string_view value) {
    DocumentFigures f;
    if (value.empty()) return f;
    f.flags = static_cast<unsigned char>(value[0]);
    std::size_t i = 1;
    f.body_bytes = varint(value, i);
    f.repeated_parts = varint(value, i);
    f.repeated_bytes = varint(value, i);
    f.boilerplate_parts = varint(value, i);
    f.boilerplate_bytes = varint(value, i);
    return f;
}

Plan plan(std::string_view title, std::string_view body, std::string_view source_key,
          const HygieneOptions& options, const Counts& counts) {
    Plan p;
    p.figures.flags = flags(options);
    p.figures.body_bytes = body.size();
    p.source_key = source_key;
    if (!options.skip_repeated && !options.skip_boilerplate) {
        p.kept.push_back(analysis::nfc(body));
        return p;
    }
    const bool across = options.skip_boilerplate && counts.db != nullptr && !source_key.empty();
    std::uint64_t documents = 0;
    if (across) {
        p.tag = source_tag(source_key);
        const auto read = [&] {
            std::string source_term(schema::source.prefix);
            source_term += source_key;
            return counts.db->get_termfreq(source_term);
        };
        if (counts.sources == nullptr) {
            documents = read();
        } else {
            const auto [it, fresh] = counts.sources->try_emplace(std::string(source_key), 0);
            if (fresh) it->second = read();
            documents = it->second;
        }
        documents += counts.self;
    }

    // Lines already seen in this document (the title counts as one), and the verdict of the
    // boilerplate rule for each distinct line (one term lookup per distinct line).
    std::unordered_set<std::uint64_t> seen;
    std::unordered_map<std::uint64_t, bool> verdict;
    std::string scratch;
    if (options.skip_repeated)
        if (const std::uint64_t h = line_hash(title, scratch); h != fnv_offset) seen.insert(h);

    each_line(body, scratch,
              [&](std::size_t line_begin, std::size_t end, std::string text, std::uint64_t h) {
                  if (h == fnv_offset) {  // no letter nor digit: nothing a word could come from
                      p.kept.push_back(std::move(text));
                      return;
                  }
                  bool boilerplate = false;
                  if (across) {
                      auto [it, fresh] = verdict.try_emplace(h, false);
                      if (fresh) {
                          p.lines.push_back(h);
                          const bool termed =
                              counts.lists == nullptr || counts.lists->may_be_termed(p.tag, h);
                          auto holders =
                              (termed ? counts.db->get_termfreq(paragraph_term(p.tag, h)) : 0) +
                              counts.self;
                          // The list is read only when its holders could tip the verdict.
                          if (is_boilerplate(holders + listed_holders, documents, options))
                              holders +=
                                  decode_listed(counts.lists
                                                    ? counts.lists->get(*counts.db, p.tag, h)
                                                    : counts.db->get_metadata(listed_key(p.tag, h)))
                                      .size();
                          it->second = is_boilerplate(holders, documents, options);
                          if (it->second) p.boilerplate.push_back(h);
                      }
                      boilerplate = it->second;
                  }
                  const bool repeated = options.skip_repeated && !seen.insert(h).second;
                  if (!boilerplate && !repeated) {
                      p.kept.push_back(std::move(text));
                      return;
                  }
                  const auto reason = boilerplate ? SkipReason::boilerplate : SkipReason::repeated;
                  p.skipped.push_back({line_begin, end, reason});
                  if (boilerplate) {
                      ++p.figures.boilerplate_parts;
                      p.figures.boilerplate_bytes += end - line_begin;
                  } else {
                      ++p.figures.repeated_parts;
                      p.figures.repeated_bytes += end - line_begin;
                  }
              });
    return p;
}

std::vector<std::uint64_t> distinct_lines(std::string_view body) {
    std::vector<std::uint64_t> out;
    std::unordered_set<std::uint64_t> seen;
    std::string scratch;
    each_line(body, scratch, [&](std::size_t, std::size_t, const std::string&, std::uint64_t h) {
        if (h != fnv_offset && seen.insert(h).second) out.push_back(h);
    });
    return out;
}

Lists::Key Lists::key(std::string_view tag, std::uint64_t line) noexcept {
    return {read_hash(tag), line};
}

std::string Lists::get(const Xapian::Database& db, std::string_view tag, std::uint64_t line) const {
    const Key k = key(tag, line);
    if (const auto it = changes_.find(k); it != changes_.end()) return it->second;
    if (!journal_read_) read_journal(db);
    // The filter first: most lines have no list, and the journal is a large map.
    if (filtered_ && !may_exist(db, k)) return {};
    if (const auto it = journal_.find(k); it != journal_.end()) return it->second;
    return db.get_metadata(listed_key(tag, line));
}

std::vector<std::uint64_t> Lists::unmerged_lines(const Xapian::Database& db,
                                                 std::string_view tag) const {
    if (!journal_read_) read_journal(db);
    const std::uint64_t t = read_hash(tag);
    std::vector<std::uint64_t> out;
    for (const auto& [k, value] : changes_)
        if (k.tag == t && !value.empty()) out.push_back(k.line);
    for (const auto& [k, value] : journal_)  // the changes hold the newer lists
        if (k.tag == t && !value.empty() && !changes_.contains(k)) out.push_back(k.line);
    std::sort(out.begin(), out.end());
    return out;
}

void Lists::set(std::string_view tag, std::uint64_t line, std::string value) {
    const Key k = key(tag, line);
    if (!value.empty()) filter_.add(k.folded());
    changes_.insert_or_assign(k, std::move(value));
}

bool Lists::may_exist(const Xapian::Database& db, const Key& k) const {
    return filter_.may_contain(k.folded(), db.get_doccount(), [&](const auto& add) {
        const std::string prefix(schema::listed_prefix);
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
            const std::string& name = *it;
            if (name.size() != prefix.size() + 2 * hash_bytes) continue;
            add(Key{read_hash(std::string_view(name).substr(prefix.size(), hash_bytes)),
                    line_of_term(name)}
                    .folded());
        }
        for (const Map* m : std::initializer_list<const Map*>{&journal_, &changes_})
            for (const auto& [key, value] : *m)
                if (!value.empty()) add(key.folded());
    });
}

bool Lists::may_be_termed(std::string_view tag, std::uint64_t line) const {
    const std::uint64_t k = key(tag, line).folded();
    if (!filtered_) return !termed_view_ || termed_view_->may_contain(k);
    return termed_.may_contain(k);
}

std::shared_ptr<const detail::KeyFilter> Lists::termed_snapshot(const Xapian::Database& db) {
    const bool built =
        termed_.prepare(std::exchange(planned_, 0), db.get_doccount(), [&](const auto& add) {
            const std::string prefix(schema::paragraph_prefix);
            for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
                const std::string& term = *t;
                if (term.size() != prefix.size() + 2 * hash_bytes) continue;
                add(Key{read_hash(std::string_view(term).substr(prefix.size(), hash_bytes)),
                        line_of_term(term)}
                        .folded());
            }
        });
    return built ? std::make_shared<const detail::KeyFilter>(termed_) : nullptr;
}

namespace {

std::string journal_key(std::uint64_t n) {
    std::string k(schema::journal_prefix);
    append_hash(k, n);
    return k;
}

[[noreturn]] void bad_journal() {
    throw Error(ErrorCode::corrupt, "hygiene journal of the index is damaged",
                "Rebuild the index: the line counts of its sources cannot be trusted.");
}

}  // namespace

void Lists::read_journal(const Xapian::Database& db) const {
    const std::string prefix(schema::journal_prefix);
    std::vector<std::uint64_t> there;
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
        const std::string& name = *it;
        if (name.size() != prefix.size() + hash_bytes) bad_journal();
        there.push_back(read_hash(std::string_view(name).substr(prefix.size())));
    }
    // The entries read before are still the first ones unless a merge removed them (entry
    // numbers are never reused by a writer, and a new writer starts with new readers).
    const std::size_t known = journal_entries_.size();
    if (there.size() < known ||
        !std::equal(journal_entries_.begin(), journal_entries_.end(), there.begin())) {
        journal_.clear();
        journal_entries_.clear();
    }
    for (std::size_t e = journal_entries_.size(); e < there.size(); ++e) {
        const std::string value = db.get_metadata(journal_key(there[e]));
        for (std::size_t i = 0; i < value.size();) {
            if (value.size() - i < 2 * hash_bytes) bad_journal();
            const Key k{read_hash(std::string_view(value).substr(i, hash_bytes)),
                        read_hash(std::string_view(value).substr(i + hash_bytes, hash_bytes))};
            i += 2 * hash_bytes;
            const auto n = detail::get_varint(value, i);
            if (!n || *n > value.size() - i) bad_journal();
            journal_.insert_or_assign(k, value.substr(i, *n));
            i += *n;
        }
        journal_entries_.push_back(there[e]);
    }
    if (!there.empty()) next_entry_ = std::max(next_entry_, there.back() + 1);
    journal_read_ = true;
}

void Lists::apply(Xapian::WritableDatabase& db) {
    if (!journal_read_) read_journal(db);
    if (changes_.empty()) return;
    const bool merge = journal_.size() + changes_.size() > journal_max_ ||
                       journal_entries_.size() >= journal_max_entries;
    Map& from = merge ? journal_ : changes_;
    if (merge)
        for (auto& [k, value] : changes_) journal_.insert_or_assign(k, std::move(value));
    std::vector<std::pair<Key, const std::string*>> order;
    order.reserve(from.size());
    for (const auto& [k, value] : from) order.emplace_back(k, &value);
    std::sort(order.begin(), order.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    if (merge) {
        std::string tag;
        for (const auto& [k, value] : order) {
            tag.clear();
            append_hash(tag, k.tag);
            db.set_metadata(listed_key(tag, k.line), *value);  // "" removes it
        }
        for (const auto e : journal_entries_) db.set_metadata(journal_key(e), "");
        journal_.clear();
        journal_entries_.clear();
    } else {
        std::string entry;
        for (const auto& [k, value] : order) {
            append_hash(entry, k.tag);
            append_hash(entry, k.line);
            detail::put_varint(entry, value->size());
            entry += *value;
        }
        db.set_metadata(journal_key(next_entry_), entry);
        journal_entries_.push_back(next_entry_++);
        for (auto& [k, value] : changes_) journal_.insert_or_assign(k, std::move(value));
    }
    changes_.clear();
}

std::vector<Listing> claim(const Xapian::Database& db, Lists& lists, Xapian::Document& x,
                           const Plan& plan) {
    std::vector<Listing> out;
    if (plan.tag.empty()) return out;
    lists.counted(plan.lines.size());
    for (const auto line : plan.lines) {
        std::string value = lists.get(db, plan.tag, line);
        if (decode_listed(value).size() < listed_holders) {
            out.push_back({line, std::move(value)});
        } else {
            x.add_boolean_term(paragraph_term(plan.tag, line));
            lists.termed(plan.tag, line);
        }
    }
    return out;
}

void enlist(Lists& lists, std::string_view tag, Xapian::docid did,
            const std::vector<Listing>& lines) {
    for (const auto& l : lines) {
        std::string value = l.value;
        detail::put_varint(value, did);
        lists.set(tag, l.line, std::move(value));
    }
}

void release(const Xapian::Database& db, Lists& lists, Xapian::docid did, std::string_view tag,
             const std::vector<std::uint64_t>& lines) {
    for (const auto line : lines) {
        auto docs = decode_listed(lists.get(db, tag, line));
        const auto it = std::find(docs.begin(), docs.end(), did);
        if (it == docs.end()) continue;
        docs.erase(it);
        lists.set(tag, line, encode_listed(docs));  // empty: the entry goes
    }
}

std::string visible(std::string_view body, const std::vector<SkippedPart>& skipped) {
    if (skipped.empty()) return std::string(body);
    std::string out;
    out.reserve(body.size());
    std::size_t at = 0;
    for (const auto& part : skipped) {
        if (part.begin < at || part.end > body.size() || part.end < part.begin) continue;
        out.append(body, at, part.begin - at);
        at = part.end;
        if (at < body.size() && body[at] == '\n') ++at;
    }
    out.append(body, at);
    return out;
}

}  // namespace veille::hygiene

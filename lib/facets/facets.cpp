// SPDX-License-Identifier: MIT
#include "facets/facets.hpp"

#include <algorithm>
#include <deque>

#include "analysis/text.hpp"
#include "core/codec.hpp"
#include "core/xapian_try.hpp"
#include "dates/date.hpp"
#include "schema/schema.hpp"

namespace veille::detail {

namespace {

constexpr std::array<FacetField, facet_field_count> all_fields{FacetField::source, FacetField::date,
                                                               FacetField::person};

// Each facet field's row of the schema table, in FacetField order: its name and slot.
constexpr std::array<const schema::Field*, facet_field_count> schema_of{
    &schema::source, &schema::date, &schema::person};

constexpr unsigned bit(FacetField f) { return 1U << static_cast<unsigned>(f); }

constexpr unsigned slot_of(FacetField f) { return schema_of[static_cast<unsigned>(f)]->slot; }

constexpr std::string_view name_of(FacetField f) {
    return schema_of[static_cast<unsigned>(f)]->name;
}

FacetField field_of(std::string_view name) {
    for (auto f : all_fields)
        if (name_of(f) == name) return f;
    throw Error(ErrorCode::invalid_argument, "unknown facet field '" + std::string(name) + "'",
                "Facets are source, date and person.");
}

void add(RawCounts& counts, std::string_view value, std::uint64_t n = 1) {
    if (auto it = counts.find(value); it != counts.end())
        it->second += n;
    else
        counts.emplace(std::string(value), n);
}

// Serialisation of spy parameters and results: unsigned varints and length-prefixed strings,
// independent of Xapian's internal (unexported) pack functions.
void put_string(std::string& out, std::string_view s) {
    put_varint(out, s.size());
    out += s;
}

struct Reader {
    std::string_view s;
    std::size_t at = 0;

    [[noreturn]] static void bad() {
        throw Xapian::SerialisationError("veille.FacetSpy: bad serialised data");
    }
    std::uint64_t uint() {
        const auto v = detail::get_varint(s, at);
        if (!v) bad();
        return *v;
    }
    std::string_view string() {
        const std::uint64_t n = uint();
        if (n > s.size() - at) bad();
        const std::string_view r = s.substr(at, n);
        at += n;
        return r;
    }
};

// Length of a date string of each granularity ("2024", "2024-06", "2024-06-15").
constexpr std::size_t date_length(DateGranularity g) {
    return g == DateGranularity::year ? 4 : g == DateGranularity::month ? 7 : 10;
}

// The granularity of a stored date, which validate() made ISO.
DateGranularity granularity_of(std::string_view d) {
    return d.size() <= 4   ? DateGranularity::year
           : d.size() <= 7 ? DateGranularity::month
                           : DateGranularity::day;
}

// One value being gathered: its total and the count of each written form.
struct Group {
    std::uint64_t count = 0;
    std::vector<std::pair<std::string_view, std::uint64_t>> forms;

    // The most common written form; ties go to the smallest in byte order, so the choice
    // does not depend on the order documents were seen or shards merged.
    [[nodiscard]] std::string_view display() const {
        const std::pair<std::string_view, std::uint64_t>* best = nullptr;
        for (const auto& f : forms)
            if (best == nullptr || f.second > best->second ||
                (f.second == best->second && f.first < best->first))
                best = &f;
        return best != nullptr ? best->first : std::string_view();
    }
};

}  // namespace

std::vector<FacetRequest> default_facets() {
    std::vector<FacetRequest> out(3);
    out[0].field = schema::source.name;
    out[1].field = schema::date.name;
    out[2].field = schema::person.name;
    return out;
}

// ---------------------------------------------------------------------------------------------
// FacetCache

std::shared_ptr<const FacetCache> FacetCache::build(const Xapian::Database& db) {
    auto c = std::make_shared<FacetCache>();
    c->lastdocid = db.get_lastdocid();
    c->doccount = db.get_doccount();
    const std::size_t n = std::size_t{c->lastdocid} + 1;
    auto intern = [&](FacetField f, std::string_view v, RawCounts& index) {
        const auto i = static_cast<unsigned>(f);
        auto it = index.find(v);
        if (it == index.end()) {
            c->dict[i].emplace_back(v);
            c->totals[i].push_back(0);
            it = index.emplace(std::string(v), c->dict[i].size()).first;
        }
        ++c->totals[i][it->second - 1];
        return static_cast<std::uint32_t>(it->second);
    };
    for (auto f : {FacetField::source, FacetField::date}) {
        auto& by_doc = f == FacetField::source ? c->source : c->date;
        by_doc.assign(n, 0);
        RawCounts index;
        for (auto it = db.valuestream_begin(slot_of(f)); it != db.valuestream_end(slot_of(f));
             ++it) {
            const std::string v = *it;
            if (v.empty()) continue;
            by_doc[it.get_docid()] = intern(f, v, index);
            ++c->with_value[static_cast<unsigned>(f)];
        }
    }
    c->person_begin.assign(n + 1, 0);
    RawCounts index;
    Xapian::docid next = 0;  // person_begin is filled up to here
    const unsigned ps = schema::slot::persons;
    for (auto it = db.valuestream_begin(ps); it != db.valuestream_end(ps); ++it) {
        const Xapian::docid did = it.get_docid();
        const auto here = static_cast<std::uint32_t>(c->person_ids.size());
        while (next <= did) c->person_begin[next++] = here;
        const std::string v = *it;
        schema::each_person(v, [&](std::string_view pair) {
            c->person_ids.push_back(intern(FacetField::person, pair, index));
        });
        if (!v.empty()) ++c->with_value[static_cast<unsigned>(FacetField::person)];
    }
    while (next <= n) c->person_begin[next++] = static_cast<std::uint32_t>(c->person_ids.size());
    return c;
}

std::shared_ptr<const FacetCache> FacetCacheHolder::get(
    const Xapian::Database& db, const std::vector<Xapian::Database>& shards) {
    std::string state;
    const auto add = [&](const Xapian::Database& one) {
        state += one.get_uuid();
        state += ':';
        state += std::to_string(one.get_revision());
        state += ' ';
    };
    if (shards.empty()) {
        try {
            add(db);
        } catch (const Xapian::InvalidOperationError&) {
            return nullptr;  // shards not given: no revision to key a cache on
        }
    }
    for (const auto& one : shards) add(one);
    if (!cache_ || state != state_) {
        cache_ = FacetCache::build(db);
        state_ = std::move(state);
    }
    return cache_;
}

// ---------------------------------------------------------------------------------------------
// FacetSpy

FacetSpy::FacetSpy(unsigned mask, std::shared_ptr<const FacetCache> cache)
    : mask_(mask & ((1U << facet_field_count) - 1)), cache_(std::move(cache)) {
    if (cache_)
        for (auto f : all_fields)
            if (counts(f))
                dense_[static_cast<unsigned>(f)].assign(
                    cache_->dict[static_cast<unsigned>(f)].size(), 0);
}

std::unique_ptr<FacetSpy> FacetSpy::everything(unsigned mask,
                                               const std::shared_ptr<const FacetCache>& cache) {
    auto spy = std::make_unique<FacetSpy>(mask, cache);
    spy->seen_ = cache->doccount;
    for (auto f : all_fields) {
        if (!spy->counts(f)) continue;
        const auto i = static_cast<unsigned>(f);
        spy->dense_[i] = cache->totals[i];
        spy->with_value_[i] = cache->with_value[i];
    }
    return spy;
}

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    const Xapian::docid did = doc.get_docid();
    if (!cache_ || did > cache_->lastdocid) {
        ++seen_;
        count_values(doc);
        return;
    }
    count_docid(did);
}

void FacetSpy::count_docid(Xapian::docid did) {
    ++seen_;
    const FacetCache& c = *cache_;
    auto one = [&](FacetField f, const std::vector<std::uint32_t>& by_doc) {
        if (!counts(f)) return;
        if (const std::uint32_t o = by_doc[did]; o != 0) {
            const auto i = static_cast<unsigned>(f);
            ++with_value_[i];
            ++dense_[i][o - 1];
        }
    };
    one(FacetField::source, c.source);
    one(FacetField::date, c.date);
    if (counts(FacetField::person)) {
        const std::uint32_t b = c.person_begin[did], e = c.person_begin[did + 1];
        if (b != e) {
            auto& dense = dense_[static_cast<unsigned>(FacetField::person)];
            ++with_value_[static_cast<unsigned>(FacetField::person)];
            for (std::uint32_t k = b; k < e; ++k) ++dense[c.person_ids[k] - 1];
        }
    }
}

void FacetSpy::count_values(const Xapian::Document& doc) {
    for (auto f : all_fields) {
        if (!counts(f)) continue;
        const auto i = static_cast<unsigned>(f);
        const std::string value = doc.get_value(slot_of(f));
        if (value.empty()) continue;
        ++with_value_[i];
        if (f != FacetField::person) {
            add(raw_[i], value);
            continue;
        }
        // Several persons per document, each counted once (the indexer removed duplicates).
        schema::each_person(value, [&](std::string_view pair) { add(raw_[i], pair); });
    }
}

RawCounts FacetSpy::raw(FacetField f) const {
    const auto i = static_cast<unsigned>(f);
    RawCounts out = raw_[i];
    for (std::size_t o = 0; o < dense_[i].size(); ++o)
        if (dense_[i][o] != 0) add(out, cache_->dict[i][o], dense_[i][o]);
    return out;
}

Xapian::MatchSpy* FacetSpy::clone() const { return new FacetSpy(mask_, cache_); }

std::string FacetSpy::name() const { return "veille.FacetSpy"; }

std::string FacetSpy::serialise() const {
    std::string out;
    put_varint(out, mask_);
    return out;
}

Xapian::MatchSpy* FacetSpy::unserialise(const std::string& s, const Xapian::Registry&) const {
    Reader r{s};
    const auto mask = r.uint();
    if (r.at != s.size() || mask >= (1U << facet_field_count)) Reader::bad();
    return new FacetSpy(static_cast<unsigned>(mask));
}

std::string FacetSpy::serialise_results() const {
    std::string out;
    put_varint(out, seen_);
    for (auto f : all_fields) {
        const auto i = static_cast<unsigned>(f);
        put_varint(out, with_value_[i]);
        const RawCounts counts = raw(f);
        put_varint(out, counts.size());
        for (const auto& [value, n] : counts) {
            put_string(out, value);
            put_varint(out, n);
        }
    }
    return out;
}

void FacetSpy::merge_results(const std::string& s) {
    Reader r{s};
    seen_ += r.uint();
    for (auto f : all_fields) {
        const auto i = static_cast<unsigned>(f);
        with_value_[i] += r.uint();
        for (auto n = r.uint(); n > 0; --n) {
            const std::string_view value = r.string();
            add(raw_[i], value, r.uint());
        }
    }
    if (r.at != s.size()) Reader::bad();
}

void FacetSpy::merge(const FacetSpy& other) {
    seen_ += other.seen_;
    for (auto f : all_fields) {
        const auto i = static_cast<unsigned>(f);
        with_value_[i] += other.with_value_[i];
        for (const auto& [value, n] : other.raw(f)) add(raw_[i], value, n);
    }
}

std::string FacetSpy::get_description() const {
    return "veille.FacetSpy(mask=" + std::to_string(mask_) + ", seen=" + std::to_string(seen_) +
           ")";
}

// ---------------------------------------------------------------------------------------------
// Results

bool matches_prefix(std::string_view display, std::string_view prefix_key) {
    if (prefix_key.empty()) return true;
    bool at_word_start = true;
    for (std::size_t i = 0; i < display.size();) {
        const std::size_t start = i;
        const char32_t c = analysis::next_code_point(display, i);
        const bool word = analysis::is_word_char(c);
        if (word && at_word_start &&
            analysis::facet_key(display.substr(start)).starts_with(prefix_key))
            return true;
        at_word_start = !word;
    }
    return false;
}

namespace {
FacetResult finish(
    const FacetRequest& request, FacetField field, FacetResult result,
    const std::unordered_map<std::string_view, Group, StringHash, std::equal_to<>>& groups) {
    const std::string prefix_key = analysis::facet_key(request.prefix);
    // With their keys: ties and value order go by key, so "Élisabeth" sorts with the E's.
    std::vector<std::pair<std::string_view, FacetValue>> values;
    values.reserve(groups.size());
    for (const auto& [key, g] : groups) {
        if (!prefix_key.empty()) {
            const bool ok = field == FacetField::date ? key.starts_with(request.prefix)
                                                      : matches_prefix(g.display(), prefix_key);
            if (!ok) continue;
        }
        values.emplace_back(key, FacetValue{std::string(g.display()), g.count});
    }
    using Item = std::pair<std::string_view, FacetValue>;
    auto by_value = [](const Item& a, const Item& b) {
        return a.first != b.first ? a.first < b.first : a.second.value < b.second.value;
    };
    auto by_count = [&](const Item& a, const Item& b) {
        return a.second.count != b.second.count ? a.second.count > b.second.count : by_value(a, b);
    };
    const std::size_t top = request.top == 0 ? values.size() : std::min(request.top, values.size());
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(top);
    if (request.order == FacetOrder::count)
        std::partial_sort(values.begin(), middle, values.end(), by_count);
    else
        std::partial_sort(values.begin(), middle, values.end(), by_value);
    values.resize(top);
    result.values.reserve(top);
    for (auto& v : values) result.values.push_back(std::move(v.second));
    return result;
}
}  // namespace

template <class F>
void FacetSpy::for_each_raw(FacetField f, F&& fn) const {
    const auto i = static_cast<unsigned>(f);
    for (const auto& [value, n] : raw_[i]) fn(std::string_view(value), n);
    for (std::size_t o = 0; o < dense_[i].size(); ++o)
        if (dense_[i][o] != 0) fn(std::string_view(cache_->dict[i][o]), dense_[i][o]);
}

FacetResult make_facet_result(const FacetRequest& request, const FacetSpy& spy) {
    const FacetField field = field_of(request.field);
    FacetResult result;
    result.field = request.field;
    result.missing = spy.seen() - spy.with_value(field);

    // Owns the source keys that groups points to (a deque never moves its elements).
    std::deque<std::string> source_keys;
    // By key. A value read from the spy's raw_ map and the same one from its cache (a
    // document newer than the cache) are two entries here and add up.
    std::unordered_map<std::string_view, Group, StringHash, std::equal_to<>> groups;
    if (field == FacetField::date) {
        const DateGranularity granularity = request.granularity;
        const std::string& within = request.within;
        const auto within_granularity =
            within.empty() ? DateGranularity::year : granularity_of(within);
        // A drill-down counts the documents dated inside `within`: undated ones are outside
        // it, as those of other years are, and not "missing" from it.
        if (!within.empty()) result.missing = 0;
        spy.for_each_raw(field, [&](std::string_view date, std::uint64_t n) {
            const DateGranularity written = granularity_of(date);
            // Only dates whose whole span lies inside `within` (the rule of date filters).
            if (!within.empty() && (written < within_granularity || !date.starts_with(within)))
                return;
            if (written < granularity) {
                result.coarser += n;
                return;
            }
            const std::string_view bucket = date.substr(0, date_length(granularity));
            auto& g = groups[bucket];
            g.count += n;
            if (g.forms.empty()) g.forms.emplace_back(bucket, 0);
        });
    } else {
        // Sources are grouped by facet_key (computed once per distinct written form);
        // persons carry their key in the stored value.
        spy.for_each_raw(field, [&](std::string_view value, std::uint64_t n) {
            std::string_view key, form;
            if (field == FacetField::person) {
                const std::size_t sep = value.find(schema::pair_sep);
                key = value.substr(0, sep);
                form = sep == std::string_view::npos ? key : value.substr(sep + 1);
            } else {
                key = source_keys.emplace_back(analysis::facet_key(value));
                form = value;
            }
            auto& g = groups[key];
            g.count += n;
            auto it = std::find_if(g.forms.begin(), g.forms.end(),
                                   [&](const auto& p) { return p.first == form; });
            if (it == g.forms.end())
                g.forms.emplace_back(form, n);
            else
                it->second += n;
        });
    }
    return finish(request, field, std::move(result), groups);
}

// ---------------------------------------------------------------------------------------------
// FacetCounter

FacetCounter::FacetCounter(const Xapian::Database& db, const ParsedQuery& query,
                           std::vector<FacetRequest> requests,
                           std::shared_ptr<const FacetCache> cache, std::vector<Shard> shards)
    : db_(db),
      query_(query),
      requests_(std::move(requests)),
      cache_(std::move(cache)),
      shards_(std::move(shards)) {
    for (const auto& r : requests_) {
        const FacetField f = field_of(r.field);
        if (!r.within.empty()) {
            if (f != FacetField::date)
                throw Error(ErrorCode::invalid_argument,
                            "facet " + r.field + ": `within` applies to the date facet only");
            const auto span = parse_iso_date(r.within);
            if (!span || span->exact >= r.granularity)
                throw Error(ErrorCode::invalid_argument,
                            "facet date: bad within '" + r.within + "'",
                            "Give a year (\"2024\") for a facet by month or day, or a month "
                            "(\"2024-06\") for a facet by day.");
        }
        const auto active = query_.filters.find(name_of(f));
        if (active != query_.filters.end())
            sideways_mask_ |= bit(f);
        else
            main_mask_ |= bit(f);
    }
}

FacetCounter::~FacetCounter() = default;

bool FacetCounter::everything(std::string_view skip_field,
                              const std::shared_ptr<const FacetCache>& cache) const {
    return cache && query_.core.empty() && !query_.nothing && query_.filter(skip_field).empty();
}

std::unique_ptr<FacetSpy> FacetCounter::run_pass(
    unsigned mask, std::string_view skip_field, const Xapian::Database& db,
    const std::shared_ptr<const FacetCache>& cache) const {
    if (everything(skip_field, cache)) return FacetSpy::everything(mask, cache);
    auto spy = std::make_unique<FacetSpy>(mask, cache);
    const Xapian::Query q = query_.full(skip_field);
    if (q.empty()) return spy;  // matches nothing
    Xapian::Enquire enquire(db);
    // Under a filter of every document: Xapian 1.4.22 fails ("Unexpected end of posting list")
    // on a term held by every document of a large index read without weights, which a word
    // in every article of an archive is (test_facets.cpp).
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, match_all(), q));
    // Only the set of documents matters here: no weights, no ranking.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::DONT_CARE);
    enquire.add_matchspy(spy.get());
    (void)enquire.get_mset(0, 0, db.get_doccount());
    return spy;
}

std::unique_ptr<FacetSpy> FacetCounter::run_pass(unsigned mask, std::string_view skip_field) {
    if (shards_.empty()) return run_pass(mask, skip_field, db_, cache_);
    auto all = std::make_unique<FacetSpy>(mask);
    for (const auto& s : shards_) all->merge(*run_pass(mask, skip_field, *s.db, s.cache));
    return all;
}

bool FacetCounter::attach(Xapian::Enquire& enquire) {
    if (main_mask_ == 0 || !shards_.empty()) return false;  // shards: counted by results()
    if (everything({}, cache_)) {
        main_ = FacetSpy::everything(main_mask_, cache_);
        main_ran_ = true;
        return false;
    }
    main_ = std::make_unique<FacetSpy>(main_mask_, cache_);
    enquire.add_matchspy(main_.get());
    main_ran_ = true;
    return true;
}

std::vector<FacetResult> FacetCounter::results() {
    std::array<std::unique_ptr<FacetSpy>, facet_field_count> sideways;
    for (auto f : all_fields)
        if ((sideways_mask_ & bit(f)) != 0)
            sideways[static_cast<unsigned>(f)] = run_pass(bit(f), name_of(f));
    // attach() was not called: count the main facets in a pass of their own.
    if (main_mask_ != 0 && !main_ran_) {
        main_ = run_pass(main_mask_, {});
        main_ran_ = true;
        main_in_pass_ = true;
    }
    std::vector<FacetResult> out;
    out.reserve(requests_.size());
    for (const auto& r : requests_) {
        const auto i = static_cast<unsigned>(field_of(r.field));
        out.push_back(make_facet_result(r, sideways[i] ? *sideways[i] : *main_));
    }
    return out;
}

std::optional<std::uint64_t> FacetCounter::matched() const {
    if (!main_in_pass_) return std::nullopt;
    return main_->seen();
}

}  // namespace veille::detail

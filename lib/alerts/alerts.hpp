// SPDX-License-Identifier: MIT
// Alerts (include/veille/alerts.hpp): stored queries matched against each article the writer
// analyses, and the matches recorded with the commit that publishes the article.
//
// Matching is Lucene monitor's (Luwak's) design. Each stored query is reduced to terms of
// which a matching article must hold at least one (required_terms below: the rarest side of
// each AND, every side of each OR); a new article's terms look up the alerts that require
// them, and only those candidates run, as the search would run them, on a database of that
// one article. The candidates' queries were parsed against the index, so a word's accent
// group and a person's aliases are the search's; a query with a wildcard is parsed again for
// each article, against the index and the article together, so that its pattern meets the
// article's new words; one with a date filter is read against the article's own date.
//
// The matches are metadata of the index (schema.hpp: veille.match:<n>), so they commit with
// the articles, in the same Xapian transaction, and a crash loses both or neither. A sharded
// index keeps them in its first shard, journalled like every change (store/journal.hpp).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/french.hpp"
#include "search/query.hpp"
#include "search/snippet.hpp"
#include "veille/alerts.hpp"
#include "veille/document.hpp"
#include "veille/index.hpp"

#include <xapian.h>

namespace veille::alerts {

/// One stored query, ready for matching.
struct Compiled {
    Alert alert;
    std::uint32_t slot = 0;     // the alert's number for as long as the Index is open
    std::uint64_t version = 0;  // changes whenever what a matcher cached for it must go
    bool wildcards = false;     // parsed again for each article (index and article together)
    bool dated = false;         // read against the article's own date
    std::vector<std::string> accent_keys;  // accent map keys its words read (refreshed when
                                           // a commit brings them new terms)
    // The presearch: terms or wildcard prefixes of which a matching article holds one, or
    // `always` when the query requires none.
    std::vector<std::string> terms, prefixes;
    bool always = false;
    bool never = false;  // nothing can match (the presearch found no possible term)
};

/// The alerts as the writer sees them, and their presearch index. Immutable once built.
struct Set {
    std::vector<Compiled> alerts;
    // The alerts requiring each term, by the term's fnv1a64 (a collision only adds a
    // candidate, which is checked like any other), and one bit per hash: most of an
    // article's terms are no alert's, which the bit says without reaching the table.
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_term;
    std::vector<std::uint64_t> term_bits;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_prefix;  // wildcards
    std::size_t longest_prefix = 0;
    std::vector<std::uint32_t> always;  // no term required (NOT only, dates only)
    std::uint64_t epoch = 0;            // matchers read the index again when it changes
    std::uint32_t slots = 0;            // above every alert's slot

    /// The alerts requiring @p term, or null.
    [[nodiscard]] const std::vector<std::uint32_t>* requiring(std::string_view term) const;
};

/// The terms of which a document matching @p q holds at least one; nullopt when a document
/// may match without any (MatchAll, value ranges, date terms); empty when none can match.
/// @p cost weighs a term (lower is chosen): of each AND, the cheapest side is kept.
std::optional<std::vector<std::string>> required_terms(
    const Xapian::Query& q, const std::function<double(const std::string&)>& cost);

/// One alert an article matched, as the writer records it: what the reader cannot find again
/// in the stored article (the title, source, date, url and snippet it reads there).
struct Found {
    std::string alert;
    std::vector<std::string> persons;  // display forms of the persons its filters named
    std::vector<std::string> words;    // its terms the article holds, "prefix*" for wildcards
};

/// A recorded match as stored, and the words its snippet marks.
struct Recorded {
    AlertMatch match;  // title, source, date, url, snippet left empty
    detail::SnippetTerms terms;
};

/// Counts of the matching work, since the Index was opened.
struct Counts {
    std::uint64_t documents = 0;   // articles matched against the alerts
    std::uint64_t candidates = 0;  // alerts run on them, after the presearch
    std::uint64_t matches = 0;
};

/// The writer's alerts: definitions, the matches waiting for their commit, and the sequence.
/// Thread-safe: the shards' writer threads record into it.
class Book {
public:
    /// @p index: the directory searchers open; @p home: the database that holds the alerts
    /// (the index, or its first shard), committed.
    Book(std::string index, const std::string& home);

    /// Stores or replaces @p alert. @throws veille::Error (invalid_argument) for a bad name or
    /// an empty query; (query_syntax) as a search of it would.
    void set(const Alert& alert);
    /// The directory searchers open (what matchers parse the queries against).
    [[nodiscard]] const std::string& index() const noexcept { return index_; }
    bool remove(const std::string& name);
    [[nodiscard]] std::vector<Alert> list() const;
    [[nodiscard]] std::shared_ptr<const Set> current() const;
    [[nodiscard]] bool empty() const;

    /// The matches of the article @p id, written to the index now (writer thread, in write
    /// order); replaces those recorded for the same id since the last commit.
    /// @return about the bytes they take until the commit.
    std::size_t record(const std::string& id, std::vector<Found> matches);
    /// The article @p id was removed before its commit: its pending matches go.
    void forget(const std::string& id);
    /// A commit is bringing these accent map pairs (alt, term).
    void accents_added(const std::vector<std::pair<std::string, std::string>>& pairs);

    /// The metadata the coming commit writes (an empty value deletes), numbered from the
    /// sequence; nothing changes here until committed(). A commit that fails leaves them
    /// pending, to be written by the next one with the same numbers.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> changes();
    /// What changes() returned is committed.
    void committed();

    void count(std::uint64_t candidates, std::uint64_t matches);
    [[nodiscard]] Counts counts() const;

private:
    Compiled compile(const Alert& alert, const Xapian::Database& index);
    void rebuild() const;        // set_ from defs_ (mutex held)
    Xapian::Database& reader();  // the committed index (mutex held)

    std::string index_;
    mutable std::mutex mutex_;
    mutable std::optional<Xapian::Database> reader_;
    // An empty database with the index's aliases and unposted stopwords: the query parsed
    // against it shows each word's own terms and each wildcard's pattern, for the presearch.
    Xapian::WritableDatabase bare_;
    mutable bool dirty_ = true;  // set_ is behind defs_
    detail::QueryBuilder queries_;
    std::map<std::string, Compiled> defs_;  // name -> alert, pending changes included
    std::map<std::string, bool> changed_;   // name -> stored (true) or removed, pending
    std::vector<std::pair<std::string, std::vector<Found>>> pending_;  // id -> matches
    std::unordered_map<std::string, std::size_t> pending_at_;          // id -> index in pending_
    std::size_t taken_matches_ = 0;                                    // by the last changes()
    std::map<std::string, bool> taken_changed_;
    std::uint64_t taken_next_ = 1;
    std::unordered_set<std::string> accent_keys_;  // of the coming commit
    std::uint64_t next_ = 1;
    std::uint64_t versions_ = 0;
    std::unordered_map<std::string, std::uint32_t> slots_;  // name -> Compiled::slot
    std::uint64_t epoch_ = 0;
    mutable std::shared_ptr<const Set> set_;
    std::atomic<std::uint64_t> documents_{0}, candidates_{0}, matches_{0};
};

/// Runs the alerts on one article at a time. One per thread (it holds Xapian objects).
class Matcher {
public:
    explicit Matcher(std::string index);
    ~Matcher();
    Matcher(const Matcher&) = delete;
    Matcher& operator=(const Matcher&) = delete;

    /// The alerts of @p set that match @p doc, analysed as @p built, and the candidates run.
    std::pair<std::vector<Found>, std::uint64_t> match(const Set& set, const Document& doc,
                                                       const Xapian::Document& built);

private:
    struct Entry;
    // The alerts of @p set that @p built's terms select (the presearch), in order; fills
    // @p terms with those terms, sorted.
    std::vector<std::uint32_t> candidates(const Set& set, const Xapian::Document& built,
                                          std::vector<std::string>& terms);
    const Entry& query_of(const Compiled& c, const std::string& day,
                          const Xapian::Database* with_article);
    void open_reader();

    std::string index_;
    detail::QueryBuilder queries_;
    std::optional<Xapian::Database> reader_;
    std::uint64_t epoch_ = ~std::uint64_t{0};
    Xapian::WritableDatabase article_;
    bool holds_ = false;
    std::vector<std::unique_ptr<Entry>> cache_;  // by Compiled::slot
    std::unique_ptr<Entry> once_;                // a query parsed for one article (wildcards)
    std::vector<std::uint32_t> seen_;            // stamps, per alert
    std::uint32_t stamp_ = 0;
};

/// The metadata key of match @p sequence.
std::string match_key(std::uint64_t sequence);
/// A match as stored (its sequence is its key's).
std::string encode(const std::string& id, const std::string& recorded, const Found& f);
/// @throws veille::Error (corrupt) if @p value is not a stored match.
Recorded decode(std::string_view value, std::uint64_t sequence);
/// The match of @p f in @p doc, title, snippet and all, as a reader gives it.
AlertMatch complete(const Found& f, const Document& doc, analysis::Analyzer& analyzer);
/// Fills in what @p r's article, as stored now, gives: title, source, date, url, snippet.
void complete(Recorded& r, const Document& doc, analysis::Analyzer& analyzer);

/// The alerts stored in @p home (the index, or its first shard).
std::vector<Alert> read_alerts(const Xapian::Database& home);
/// The matches of @p home after @p since, oldest first, at most @p limit (0: all), of the alert
/// @p alert only unless it is empty.
std::vector<Recorded> read_matches(const Xapian::Database& home, std::uint64_t since,
                                   std::size_t limit, const std::string& alert);

}  // namespace veille::alerts

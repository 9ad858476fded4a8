// SPDX-License-Identifier: MIT
/// @file
/// The reader: queries, filters, facets and snippets.
///
/// Thread safety: every type here but Searcher is a plain value, safe to copy between threads;
/// Searcher says its own rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "veille/alerts.hpp"
#include "veille/document.hpp"
#include "veille/export.hpp"
#include "veille/hygiene.hpp"
#include "veille/synonyms.hpp"

namespace veille {

/// Order of the hits.
enum class Sort {
    automatic,  ///< relevance when the query has words, newest first otherwise
    relevance,  ///< best match first
    date,       ///< newest first (a partial date sorts as its first day)
};

/// Bucket size of the date facet.
enum class DateGranularity { year, month, day };

/// Order of the values of a facet.
enum class FacetOrder {
    count,  ///< most frequent first, ties by value (default)
    value,  ///< by value ignoring case and accents: names alphabetically, dates oldest first
};

// Style: a field is named as the query language names it ("source", "person", "date"), so
// that a facet, a Filter and a `field:value` of the query text say the same thing and an
// unknown one is an error naming it; the options of a closed set (Sort, DateGranularity,
// FacetOrder) are enums.

/// One facet asked of a search.
struct FacetRequest {
    std::string field;     ///< "source", "date" or "person"
    std::size_t top = 10;  ///< how many values, most frequent first (0: all)
    DateGranularity granularity = DateGranularity::year;  ///< for "date" only
    /// For "date": count only inside this year or month ("2024", "2024-06"): drill-down.
    std::string within;
    /// Facet value search: only values that start with this prefix, at their beginning or
    /// at the beginning of one of their words, ignoring case, accents, hyphens and spaces
    /// ("dan" finds « Daniel Kwan » and « Danièle Thompson », "borne" « Élisabeth Borne »).
    /// For "date", a prefix of the bucket as written ("2024-0").
    std::string prefix;
    FacetOrder order = FacetOrder::count;  ///< order of the values (before `top` is applied)
};

/// A filter given through the API rather than in the query text; same syntax as the query
/// language's `field:value` (`{"date", "2024-01..2024-06"}`, `{"person", "Daniel Kwan"}`).
struct Filter {
    std::string field;
    std::string value;
};

/// How snippets are cut and marked.
struct SnippetOptions {
    std::size_t length = 200;    ///< about this many characters of text
    std::string open = "<b>";    ///< put before each matched word
    std::string close = "</b>";  ///< put after each matched word
    bool escape_html = true;     ///< escape & < > in the text (not in the marks)
};

/// What to search for. A plain value type.
struct SearchRequest {
    /// Query in the query language (see README): words, "phrases", AND OR NOT, +/-, réalis*,
    /// title:, and filters source: person: date:. Empty lists every document.
    std::string query;
    std::size_t offset = 0;  ///< hits to skip
    std::size_t limit = 10;  ///< hits to return
    Sort sort = Sort::automatic;
    /// Filters added to those of the query (same field: OR; different fields: AND).
    std::vector<Filter> filters;
    /// Facets to count. Unset: source, date by year and person, top 10 each. Empty: none.
    std::optional<std::vector<FacetRequest>> facets;
    /// With relevance order, favour recent articles: a document this many days older than the
    /// newest one scores half as much (0: no boost).
    double recency_half_life_days = 0;
    SnippetOptions snippet;
    /// Day against which relative dates of date: filters (« hier », « la semaine dernière »,
    /// « les 30 derniers jours ») are read, "YYYY-MM-DD"; empty: today on the local clock.
    std::string reference_date;
    /// Expand the synonyms given to Searcher::set_synonyms().
    bool synonyms = true;
    /// When the query finds little, look for a better spelling (SearchResults::suggestion).
    bool suggest = true;
};

/// One result.
struct Hit {
    std::string id;
    std::string title;
    std::string source;
    std::string date;
    std::string url;
    std::vector<std::string> persons;  ///< display forms
    double score = 0;                  ///< relevance weight (0 when sorted by date only)
    std::string snippet;               ///< original text around the best matches, marked
};

/// One value of a facet and how many matching documents have it.
struct FacetValue {
    std::string value;  ///< display form ("Élisabeth Borne", "2024-06")
    std::uint64_t count = 0;
};

/// Counts of one facet over the whole match set.
struct FacetResult {
    std::string field;
    std::vector<FacetValue> values;  ///< in the order asked (FacetRequest::order)
    /// Matching documents with no value for this field (a date facet with `within` counts
    /// none: an undated document is not inside the span).
    std::uint64_t missing = 0;
    /// Date facet: matching documents (inside `within`, if given) whose date is less precise
    /// than the granularity, e.g. dated "2024" in a facet by month. They are in no bucket.
    std::uint64_t coarser = 0;
};

/// What a search found.
struct SearchResults {
    std::uint64_t total = 0;  ///< matching documents
    bool exact = true;        ///< whether total is exact (otherwise an estimate)
    std::vector<Hit> hits;
    std::vector<FacetResult> facets;  ///< in the order asked
    /// When the query found little and a much more frequent spelling exists, the query with
    /// its words corrected (« l'intelligence artificielle » for « l'intelligense
    /// artificielle »): « Vouliez-vous dire : ... ? ». Empty otherwise.
    std::string suggestion;
};

/// What to look for in Searcher::related(). A plain value type.
struct RelatedRequest {
    std::size_t limit = 5;  ///< at most this many related documents
    /// Only related documents that pass these filters (same syntax as SearchRequest::filters).
    std::vector<Filter> filters;
    std::string reference_date;  ///< for relative dates in the filters, as in SearchRequest
    /// A document that shares at least this share of the distinct words of the shorter of
    /// the two is the same article (republished by another source) and is left out.
    double duplicate_overlap = 0.8;
    SnippetOptions snippet;  ///< snippets are the start of the text
};

/// One word of a query after French analysis.
struct ExplainedWord {
    std::string written;    ///< as typed ("l'intelligence")
    std::string term;       ///< the indexed term it matches ("intellig")
    std::string alt;        ///< the term of its accent-less spelling, when it differs
    bool stopword = false;  ///< matches in phrases only, weighs nothing
};

/// One synonym expansion made in a query.
struct ExplainedSynonym {
    std::string written;                    ///< the words of the query ("IA")
    std::vector<std::string> alternatives;  ///< what they also find ("intelligence artificielle")
};

/// One filter of a query.
struct ExplainedFilter {
    std::string field;      ///< "source", "person" or "date"
    std::string value;      ///< as written ("juin 2024")
    bool excluded = false;  ///< under an odd number of NOT or '-'
    /// For dates, the days it covers: "2024-06-01..2024-06-30", "2023-03-01..", "..2019-12-31".
    std::string resolved;
};

/// How a query was understood (Searcher::explain). A plain value type.
struct QueryExplanation {
    std::string query;                       ///< as given
    std::vector<ExplainedWord> words;        ///< free-text words, in order
    std::vector<ExplainedSynonym> synonyms;  ///< expansions made
    std::vector<ExplainedFilter> filters;    ///< of the query text, then of the request
    /// The query text as the grammar read it, filters where they stand (the request's
    /// filters are AND-ed to it): "(chien AND (source:Le Monde OR source:Libération))".
    std::string tree;
    std::string suggestion;    ///< as SearchResults::suggestion
    std::uint64_t total = 0;   ///< matching documents (estimate)
    std::string xapian_query;  ///< the final Xapian query, for debugging
    std::string text;          ///< all of the above, readable, one item a line
};

/// Figures about a whole index (what `veille stats` shows). A plain value type.
struct IndexStats {
    std::uint64_t documents = 0;  ///< documents in the index
    std::uint64_t sources = 0;    ///< distinct sources (told apart ignoring case and accents)
    std::uint64_t persons = 0;    ///< distinct persons mentioned
    std::uint64_t dated = 0;      ///< documents that have a date
    /// Earliest and latest dates as given ("2019", "2021-03-14"); empty if no document has a
    /// date. After removals they may still be those of a removed document (Xapian keeps
    /// value bounds loose) until the index is rebuilt.
    std::string first_date;
    std::string last_date;
    std::uint64_t disk_bytes = 0;  ///< total size of the files of the index directory
    std::uint64_t shards = 1;      ///< Xapian databases searched as one (IndexOptions::shards)
};

/// What Searcher::check() found. A plain value type.
struct CheckReport {
    std::uint64_t databases = 0;  ///< Xapian databases checked (1, or the shards)
    std::uint64_t documents = 0;  ///< documents whose stored values were decoded
    /// Each problem found, readable, at most 100 then "... and N more problem(s)"; empty:
    /// the index is sound.
    std::vector<std::string> problems;
};

/// A read-only view of an index directory.
///
/// Thread safety: not thread-safe; give each thread its own Searcher (they are cheap to open).
/// Searchers never block the writer, and a search that races a commit is retried internally
/// on the newest committed state.
class VEILLE_EXPORT Searcher {
public:
    /// Opens the index in directory @p path read-only.
    /// @throws veille::Error (not_found) if there is no index; (corrupt) if it cannot be read.
    explicit Searcher(const std::string& path);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /// Runs @p request.
    /// @throws veille::Error (query_syntax) naming the problem if the query or a filter cannot
    ///         be read; (invalid_argument) for an unknown facet field.
    [[nodiscard]] SearchResults search(const SearchRequest& request);

    /// Sets the synonyms expanded in later queries (see Synonyms); an empty list turns them
    /// off. Changing them needs no re-indexing.
    void set_synonyms(const Synonyms& synonyms);

    /// The documents most related to the document @p id (« À lire aussi »), best first,
    /// without itself and its near-duplicates.
    /// @throws veille::Error (not_found) if there is no such document; (query_syntax) for
    ///         a filter that cannot be read.
    [[nodiscard]] std::vector<Hit> related(const std::string& id,
                                           const RelatedRequest& request = {});

    /// How @p request's query is understood: words after analysis, synonyms, filters with
    /// resolved dates, spelling suggestion, the final Xapian query.
    /// @throws veille::Error (query_syntax) as search().
    [[nodiscard]] QueryExplanation explain(const SearchRequest& request);

    /// The stored document with id @p id, as it was added (persons: those indexed), if any.
    /// @throws veille::Error (corrupt) if the stored document cannot be read; (io) if the
    ///         index cannot be read.
    [[nodiscard]] std::optional<Document> get(const std::string& id);

    /// The parts of the body of document @p id that were not indexed, and why, in body order
    /// (offsets into Document::body as get() returns it); empty if all of it was indexed.
    /// @return nothing if there is no such document.
    /// @throws veille::Error (corrupt) if the stored document cannot be read.
    [[nodiscard]] std::optional<std::vector<SkippedPart>> skipped_parts(const std::string& id);

    /// How much text hygiene kept out of the index, per source (most documents first, then
    /// by name; documents without a source last, under ""). Costs one pass over two value
    /// streams and the boilerplate terms, not a visit of every document.
    /// @throws veille::Error (corrupt) if the hygiene value of a document is damaged.
    [[nodiscard]] std::vector<SourceHygiene> hygiene_stats();

    /// Number of documents in the state this Searcher sees.
    /// @throws veille::Error (io) if the index cannot be read.
    [[nodiscard]] std::uint64_t size();

    /// Figures about the whole index in the state this Searcher sees (disk_bytes: as it is
    /// on disk now). Costs one pass over the source and person terms.
    /// @throws veille::Error (io) if the index directory cannot be read.
    [[nodiscard]] IndexStats stats();

    /// Checks the whole index: Xapian's own check of every table of every database
    /// (Database::check), then each document's stored original, hygiene and positions values
    /// and its id. Reads everything: minutes on a large index. Run it while no writer commits
    /// (a commit meanwhile may read as damage).
    /// @throws veille::Error (io) if the index cannot be read at all.
    [[nodiscard]] CheckReport check();

    /// The alerts stored in the index (Index::set_alert), by name.
    /// @throws veille::Error (io) if the index cannot be read.
    [[nodiscard]] std::vector<Alert> alerts();

    /// The matches the alerts recorded after sequence number @p since (0: from the first),
    /// oldest first, at most @p limit (0: all), of the alert named @p alert only unless it
    /// is empty. A consumer that keeps the last sequence it handled and asks for what
    /// follows gets each match once (calling reopen() to see new commits); one that may
    /// stop between handling a match and storing its sequence gets it again, and can tell
    /// by the alert and id.
    /// @throws veille::Error (corrupt) if a recorded match is damaged; (io) otherwise.
    [[nodiscard]] std::vector<AlertMatch> alert_matches(std::uint64_t since = 0,
                                                        std::size_t limit = 0,
                                                        const std::string& alert = {});

    /// Moves to the newest committed state of the index.
    /// @throws veille::Error (not_found) if the index is no longer there; (corrupt) if it
    ///         cannot be read; (io) otherwise.
    void reopen();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace veille

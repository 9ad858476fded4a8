// SPDX-License-Identifier: MIT
/// @file
/// The writer: adds, replaces and removes documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "veille/alerts.hpp"
#include "veille/document.hpp"
#include "veille/export.hpp"
#include "veille/hygiene.hpp"
#include "veille/persons.hpp"

namespace veille {

/// How an Index analyses what it is given.
struct IndexOptions {
    /// Find the persons mentioned in documents that have no explicit persons.
    bool extract_persons = true;
    /// Keep the word list of the index (folded words, without elided articles) for spelling
    /// suggestions (SearchResults::suggestion): each distinct word written once, about 3 %
    /// of indexing time on generated news (docs/README-reader.md). Off: no suggestions.
    bool spelling = true;
    /// Repeated paragraphs and site boilerplate (veille/hygiene.hpp).
    HygieneOptions hygiene;
    /// A person alias dictionary (veille::PersonAliases, read with parse() or load(), as the
    /// synonyms given to Searcher::set_synonyms). Given, it becomes the alias dictionary of
    /// the index, stored in it and used for the documents added from now on and for person:
    /// filters; call Index::apply_aliases() to re-resolve the documents already there. Not
    /// given: keep the dictionary the index already has (none at first). An empty dictionary
    /// removes every alias.
    std::optional<PersonAliases> aliases = {};  // "= {}": designated initializers may leave it out

    /// Value of analysis_threads that picks one thread per core but one (the writer's), at
    /// most 3 (beyond that the single writer is the bottleneck).
    static constexpr unsigned automatic = ~0U;
    /// Threads that analyse documents while the calling thread writes them to the index.
    /// 0 analyses each document inside add(), in the calling thread.
    unsigned analysis_threads = automatic;

    /// Shards of a new index: Xapian databases in the index directory, each written by its own
    /// thread, searched as one (IndexStats::shards). 0 or 1: one database, the layout of every
    /// index made before shards. An existing index keeps the shards it was made with.
    /// Documents of one source go to one shard (hygiene counts a source's lines there); a
    /// new source goes to the shard that holds the fewest documents. At most max_shards.
    unsigned shards = 1;
    static constexpr unsigned max_shards = 64;

    /// Peak memory, in MB, that indexing may take. Xapian keeps every change since the last
    /// commit in memory: add() commits on its own (Index::auto_commits()) early enough to stay
    /// within this, and the queues and filters of the writer take shares of it
    /// (bench/README.md measures peak RSS against it). 0: never commit on its own; the caller
    /// then bounds memory by calling commit() often enough.
    std::size_t memory_budget_mb = 400;
};

/// What Index::compact() did.
struct CompactReport {
    std::uint64_t bytes_before = 0;  ///< files of the index directory before
    std::uint64_t bytes_after = 0;   ///< and after
};

/// What matching articles against the alerts cost, since the Index was opened.
struct AlertCounts {
    std::uint64_t documents = 0;   ///< articles matched (while at least one alert was stored)
    std::uint64_t candidates = 0;  ///< alerts run on them: those the article's words selected
    std::uint64_t matches = 0;     ///< matches found
};

/// The writer of an index directory. At most one Index may be open on a directory at a time,
/// across all processes; readers (Searcher) may be open alongside it.
///
/// Changes become visible to readers and durable only at commit(). **Destroying an Index
/// discards the changes made since the last commit()**, like a database transaction that is
/// never committed: an exception or a crash in the middle of a batch never publishes half of it.
/// A crash while a new index is being created leaves a directory the next Index creates it in
/// again, if it holds nothing else.
/// The one exception is the memory budget (IndexOptions::memory_budget_mb): a batch too big
/// for it is committed by add() in several parts, in order, each part atomic; auto_commits()
/// counts them. Set the budget to 0 to keep all-or-nothing batches of any size.
///
/// Bulk indexing: add() checks the document (and throws for an invalid one) at once, then
/// hands its analysis to IndexOptions::analysis_threads background threads, so analysis runs
/// on other cores while the calling thread writes earlier documents. Documents are written in
/// the order add() received them, so a later add() of the same id still replaces an earlier
/// one, and remove(), commit(), size() and pending() see every add() made before them. The
/// rare error that can arise during the background analysis (out of memory, an internal
/// error) is thrown by the next add(), remove(), commit() or size(), naming the document,
/// which is then not added; the documents before and after it are unaffected.
///
/// A commit or compaction that fails part-way (a full disk, an I/O error) leaves the Index
/// unusable: every later call but pending(), auto_commits(), alerts() and alert_counts()
/// throws veille::Error (io), and the index opened again finishes the commit from its journal.
///
/// Thread safety: not thread-safe; use one Index from one thread at a time (it may be moved
/// between threads).
class VEILLE_EXPORT Index {
public:
    /// Opens the index in directory @p path, creating it if it does not exist.
    /// @throws veille::Error (locked) if another writer has it open; (invalid_argument) if
    ///         IndexOptions::shards is over max_shards;
    ///         (corrupt) if it is not a veille index of a known schema; (io) otherwise.
    explicit Index(const std::string& path, const IndexOptions& options = {});
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    /// Adds @p doc, replacing any document with the same id.
    /// @throws veille::Error (invalid_argument) if the id is empty or too long, the date is
    ///         not valid, the text is not valid UTF-8, the id, source or a person holds a
    ///         control character (see veille::sanitize()), the source is too long, or the
    ///         document is over 64 MiB (docs/README-limits.md): the index is unchanged then;
    ///         any error of an earlier document's background analysis; errors of an
    ///         automatic commit.
    void add(const Document& doc);

    /// Removes the document with id @p id.
    /// @return whether such a document existed.
    /// @throws veille::Error (corrupt) if the index cannot be read; (io) if writing fails;
    ///         any error of an earlier add() still being analysed.
    bool remove(const std::string& id);

    /// Makes every change since the last commit durable and visible to readers, atomically.
    /// With HygieneOptions::clean_at_commit, first re-analyses the documents whose lines
    /// became (or stopped being) boilerplate because of these changes. On Linux, a helper
    /// thread that lives as long as the commit starts its disk writes early.
    /// @throws veille::Error (io) if writing fails.
    void commit();

    /// Brings every document to the state the current HygieneOptions give: documents indexed
    /// with other options (or before hygiene existed), and documents indexed before one of
    /// their lines became boilerplate, are re-analysed from their stored originals. The
    /// result is the same as indexing every document with these options from the start.
    /// Like add(), the changes are pending until commit(), unless @p commit_every is not 0:
    /// then every change so far is committed after each @p commit_every re-analysed
    /// documents, which bounds memory on a large index (an interruption keeps what was
    /// committed; a later clean() finishes the work). Costs a pass over the hygiene value of
    /// every document and the paragraph terms of every source, plus the re-analysis of the
    /// documents that need it.
    /// @return what was checked and how many documents were re-analysed.
    /// @throws veille::Error (corrupt) if a stored document cannot be read; (io) if an
    ///         intermediate commit fails.
    CleanReport clean(std::size_t commit_every = 0);
    /// Re-resolves the persons of every document with the alias dictionary of the index (see
    /// IndexOptions::aliases), from the documents stored in the index: the original files
    /// are not needed. Like add(), the change is published by commit().
    /// @return the number of documents whose persons changed.
    /// @throws veille::Error (corrupt) if a stored document cannot be read; (io) otherwise.
    std::size_t apply_aliases();

    /// Commits, then rewrites each database of the index with Xapian's compactor and puts it
    /// in its place in one step (renameat2 RENAME_EXCHANGE): a smaller index (compacted / text
    /// 1.5 on generated news, bench/README.md) that searches read faster, the same documents
    /// and ids. Needs free space for one more copy of the largest database and time to write
    /// it. Readers already open read the old files until Searcher::reopen(). A compaction that
    /// is interrupted leaves the index as it was.
    /// @return the size of the index directory before and after.
    /// @throws veille::Error (io) if writing fails or the filesystem cannot exchange two
    ///         directories in one step; after such an error the Index may have to be opened
    ///         again (its message says so).
    CompactReport compact();

    /// Stores @p alert (include/veille/alerts.hpp), replacing the alert of the same name. From
    /// now on every article add() receives is matched against it as a search would match it
    /// once the article is committed (its words, phrases, persons, sources, dates; synonyms
    /// given to a Searcher are not the index's, and are not expanded); a relative date
    /// (« les 7 derniers jours ») is read against the article's own date, its first day
    /// when partial. Articles already in the index are not matched. Each match is recorded
    /// by the commit that publishes the article (Searcher::alert_matches); a replaced or
    /// removed article keeps the matches already committed. Like add(), the alert itself is
    /// stored by commit().
    /// @throws veille::Error (invalid_argument) for an empty, too long or control-character
    ///         name, or an empty query; (query_syntax) as a search of the query would, or if
    ///         it would match every article or none.
    void set_alert(const Alert& alert);
    /// Removes the alert named @p name (its recorded matches stay). @return whether it existed.
    /// @throws veille::Error (io) once a commit failed part-way (above).
    bool remove_alert(const std::string& name);
    /// The alerts, as stored so far (uncommitted changes included), by name.
    [[nodiscard]] std::vector<Alert> alerts() const;
    /// The alerts @p doc would match if it were added now (sequence and recorded left empty);
    /// nothing is added or recorded.
    /// @throws veille::Error (invalid_argument) as add() for an invalid document; (io) once a
    ///         commit failed part-way (above).
    [[nodiscard]] std::vector<AlertMatch> match_alerts(const Document& doc);
    /// What the matching cost so far: the presearch's candidates per article against the
    /// number of alerts (bench/README.md measures it).
    [[nodiscard]] AlertCounts alert_counts() const;

    /// Number of documents, counting uncommitted changes.
    /// @throws veille::Error (io) once a commit failed part-way (above); any error of an
    ///         earlier add() still being analysed.
    [[nodiscard]] std::uint64_t size() const;

    /// Number of add() and remove() calls since the last commit() (automatic or not).
    [[nodiscard]] std::size_t pending() const noexcept;

    /// Number of commits add() made on its own to stay within the memory budget.
    [[nodiscard]] std::uint64_t auto_commits() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace veille

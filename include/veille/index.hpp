// SPDX-License-Identifier: MIT
/// @file
/// The writer: adds, replaces and removes documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "veille/document.hpp"
#include "veille/export.hpp"

namespace veille {

/// How an Index analyses what it is given.
struct IndexOptions {
    /// Find the persons mentioned in documents that have no explicit persons.
    bool extract_persons = true;

    /// Value of analysis_threads that picks one thread per core but one (the writer's), at
    /// most 3 (beyond that the single writer is the bottleneck).
    static constexpr unsigned automatic = ~0U;
    /// Threads that analyse documents while the calling thread writes them to the index.
    /// 0 analyses each document inside add(), in the calling thread.
    unsigned analysis_threads = automatic;

    /// Peak memory, in MB, that indexing may take. Xapian keeps every change since the last
    /// commit in memory, so when the changes add() has buffered are estimated at an eighth of
    /// this (the size that indexes fastest; 50 MB, about 4 MB of text, by default), add()
    /// commits them on its own (see Index). 0: never commit on its own; the caller then bounds
    /// memory by calling commit() often enough.
    std::size_t memory_budget_mb = 400;
};

/// The writer of an index directory. At most one Index may be open on a directory at a time,
/// across all processes; readers (Searcher) may be open alongside it.
///
/// Changes become visible to readers and durable only at commit(). **Destroying an Index
/// discards the changes made since the last commit()**, like a database transaction that is
/// never committed: an exception or a crash in the middle of a batch never publishes half of it.
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
/// Thread safety: not thread-safe; use one Index from one thread at a time (it may be moved
/// between threads).
class VEILLE_EXPORT Index {
public:
    /// Opens the index in directory @p path, creating it if it does not exist.
    /// @throws veille::Error (locked) if another writer has it open;
    ///         (corrupt) if it is not a veille index of a known schema; (io) otherwise.
    explicit Index(const std::string& path, const IndexOptions& options = {});
    ~Index();
    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    /// Adds @p doc, replacing any document with the same id.
    /// @throws veille::Error (invalid_argument) if the id is empty or too long, the date is
    ///         not valid or the text is not valid UTF-8 (see veille::sanitize()); any error of
    ///         an earlier document's background analysis; errors of an automatic commit.
    void add(const Document& doc);

    /// Removes the document with id @p id.
    /// @return whether such a document existed.
    bool remove(const std::string& id);

    /// Makes every change since the last commit durable and visible to readers, atomically.
    void commit();

    /// Number of documents, counting uncommitted changes.
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

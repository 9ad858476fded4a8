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
};

/// The writer of an index directory. At most one Index may be open on a directory at a time,
/// across all processes; readers (Searcher) may be open alongside it.
///
/// Changes become visible to readers and durable only at commit(). **Destroying an Index
/// discards the changes made since the last commit()**, like a database transaction that is
/// never committed: an exception or a crash in the middle of a batch never publishes half of it.
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
    ///         not valid, the text is not valid UTF-8, the id, source or a person holds a
    ///         control character (see veille::sanitize()), the source is too long, or the
    ///         document is over 64 MiB (docs/README-limits.md). The index is unchanged then.
    void add(const Document& doc);

    /// Removes the document with id @p id.
    /// @return whether such a document existed.
    bool remove(const std::string& id);

    /// Makes every change since the last commit durable and visible to readers, atomically.
    void commit();

    /// Number of documents, counting uncommitted changes.
    [[nodiscard]] std::uint64_t size() const;

    /// Number of add() and remove() calls since the last commit().
    [[nodiscard]] std::size_t pending() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace veille

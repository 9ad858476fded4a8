// SPDX-License-Identifier: MIT
// The writer of one Xapian database of an index: its analysis threads, its writes in order, its
// hygiene bookkeeping and word lists, its commits. veille::Index is one ShardWriter for an
// index of one database, and one per shard, each driven by its own thread, for a sharded one
// (store/shards.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "veille/alerts.hpp"
#include "veille/hygiene.hpp"
#include "veille/index.hpp"

namespace veille::alerts {
class Book;
}

namespace veille::detail {

// Memory Xapian holds per byte of text between two commits (its inverter keeps every posting,
// position and document of the transaction in maps): measured as peak RSS / text size on
// generated news and on the Littré (bench/README.md), rounded up.
inline constexpr std::size_t memory_per_text_byte = 13;
// Automatic commits on an empty index come sooner, doubling this many times (Index::add()).
inline constexpr std::size_t ramp_commits = 5;
// From this many documents an index is large: its automatic commits come at a quarter of the
// budget instead of an eighth.
inline constexpr std::uint64_t large_index_documents = 250'000;

/// The bytes of text of @p d, which memory_per_text_byte multiplies.
inline std::size_t text_bytes(const Document& d) {
    std::size_t n = d.title.size() + d.body.size() + d.source.size() + d.url.size() + d.id.size();
    for (const auto& p : d.persons) n += p.size();
    return n;
}

/// The semantics of veille::Index for one database (see there), with two differences: add()
/// takes a document detail::validate() accepted, and commit() may stamp a generation.
/// Not thread-safe: one thread at a time (it may change threads between calls).
class ShardWriter {
public:
    /// Opens (or creates) the database at @p path. @throws veille::Error as Index's constructor.
    ShardWriter(const std::string& path, const IndexOptions& options);
    ~ShardWriter();
    ShardWriter(const ShardWriter&) = delete;
    ShardWriter& operator=(const ShardWriter&) = delete;

    void add(const Document& doc);
    bool remove(const std::string& id);
    /// Commits; @p generation, if not 0, is stored with the commit (schema::generation_key).
    void commit(std::uint64_t generation = 0);
    CleanReport clean(std::size_t commit_every);
    std::size_t apply_aliases();
    [[nodiscard]] std::uint64_t size();
    [[nodiscard]] std::size_t pending() const noexcept;
    [[nodiscard]] std::uint64_t auto_commits() const noexcept;

    /// Rewrites the database with Xapian's compactor, docids kept (hygiene lists name them),
    /// and puts the result in its place in one step. Nothing may be pending (commit first).
    void compact();

    /// Matches each article added from now on against the alerts of @p book; with @p writes,
    /// each commit writes the book's changes (an index of one database; a sharded index
    /// writes them itself, into its first shard). Call before the first add().
    void set_alerts(std::shared_ptr<alerts::Book> book, bool writes);
    /// The alerts @p doc (validate() accepted) would match, analysed here; it is not added.
    std::vector<AlertMatch> match_alerts(const Document& doc);
    /// Writes every document added so far, once analysed (commit() does it first), and
    /// throws the error of one whose analysis failed.
    void write_added();
    /// Sets (an empty @p value: deletes) a metadata entry, published by the next commit.
    void set_metadata(const std::string& key, const std::string& value);

    /// The generation of the last commit (0: none stored).
    [[nodiscard]] std::uint64_t generation() const;
    /// The facet keys of the sources the committed and pending documents have.
    [[nodiscard]] std::vector<std::string> source_keys() const;
    /// Calls @p add with the hash (fnv1a64) of every id term held.
    void each_id_key(const std::function<void(std::uint64_t)>& add) const;

private:
    struct Impl;
    std::string path_;
    IndexOptions options_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace veille::detail

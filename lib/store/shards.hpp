// SPDX-License-Identifier: MIT
// The layout of a sharded index directory (IndexOptions::shards):
//
//   <dir>/XAPIANDB    the manifest: a Xapian stub file, so that Xapian itself (and its tools,
//                     xapian-delve, xapian-tcpsrv) opens the directory as one database of all
//                     the shards. Its comment lines carry what veille adds:
//                       # veille.schema 7
//                       # veille.generation 12
//                     then one line per shard, in docid interleaving order:
//                       glass shard-00
//                     (a later shard may be a remote database: "remote ..." lines, Xapian's).
//   <dir>/shard-NN/   one veille index of one Xapian database each (schema/schema.hpp), all of
//                     the same schema, aliases and unposted stopwords.
//   <dir>/veille.lock the lock of the only writer (fcntl, held while an Index is open).
//   <dir>/veille.journal
//                     the changes of the generation being written (store/journal.hpp).
//
// A commit of the index seals the journal, commits every shard, each stamping the new
// generation in its metadata (schema::generation_key), and then writes the manifest with that
// generation, atomically (temporary file, fsync, rename); a writer that finds shards past the
// manifest replays the journal on the others. A directory that is itself a Xapian database is
// an index of one database, the layout of every index made before shards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace veille::store {

inline constexpr std::string_view manifest_name = "XAPIANDB";
inline constexpr std::string_view lock_name = "veille.lock";

struct Manifest {
    std::uint64_t generation = 0;
    std::string schema;               // schema version the shards were made with
    std::vector<std::string> shards;  // directories, relative to the index directory
};

/// Whether @p dir holds a sharded index (its manifest).
bool is_sharded(const std::string& dir);

/// The name of shard @p i ("shard-00").
std::string shard_name(std::size_t i);

/// Reads the manifest of @p dir. @throws veille::Error (corrupt) if it is not one veille wrote,
/// (io) if it cannot be read.
Manifest read_manifest(const std::string& dir);

/// Replaces the manifest of @p dir with @p m, atomically and durably.
/// @throws veille::Error (io).
void write_manifest(const std::string& dir, const Manifest& m);

/// A generation as stored in a shard's metadata ("" is 0). @throws veille::Error (corrupt).
std::uint64_t parse_generation(std::string_view text);

/// The bytes of the files under @p path. @throws veille::Error (io) if it cannot be listed.
std::uint64_t directory_bytes(const std::string& path);

/// Puts the directory @p fresh in the place of @p dir and @p dir at @p fresh, in one step
/// (renameat2 RENAME_EXCHANGE), then syncs their parent. @throws veille::Error (io), with a
/// hint when the filesystem cannot exchange directories.
void exchange_directories(const std::string& fresh, const std::string& dir);

/// The writer's lock of a sharded index directory, across processes.
class DirectoryLock {
public:
    /// @throws veille::Error (locked) if another writer holds it, (io) otherwise.
    explicit DirectoryLock(const std::string& dir);
    ~DirectoryLock();
    DirectoryLock(const DirectoryLock&) = delete;
    DirectoryLock& operator=(const DirectoryLock&) = delete;

private:
    int fd_ = -1;
};

}  // namespace veille::store

// SPDX-License-Identifier: MIT
// The journal of a sharded index (store/shards.hpp): what the generation being written changes,
// shard by shard, in the order the index made the changes, so that a commit interrupted after
// some shards committed is finished on the others when the index is next opened (Index).
//
//   <dir>/veille.journal   records, each a type byte, the shard as a varint, then its fields
//                          as varint-length strings:
//                            A  a document added: id, title, body, source, date, url, then
//                               the number of persons and each of them
//                            R  a document removed: id
//                            C  clean(): commit_every as a decimal string
//                            P  apply_aliases()
//                            M  a metadata entry set: key, value (empty: deleted)
//                          then, once the generation is complete, its seal: S, the generation,
//                          the bytes before the seal, and their FNV-1a 64 hash, as varints.
//
// A commit seals the journal and syncs it before any shard commits, and empties it once the
// manifest names the new generation: a journal without its seal is a generation that was
// never committed, dropped as an Index is dropped before commit().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veille/document.hpp"

namespace veille::store {

inline constexpr std::string_view journal_name = "veille.journal";

class Journal {
public:
    enum class Op : char { add = 'A', remove = 'R', clean = 'C', aliases = 'P', metadata = 'M' };
    struct Entry {
        Op op = Op::add;
        std::uint32_t shard = 0;
        Document doc;                    // add
        std::string id;                  // remove
        std::uint64_t commit_every = 0;  // clean
        std::string key, value;          // metadata
    };

    /// Opens the journal of @p dir, emptied. @throws veille::Error (io).
    explicit Journal(const std::string& dir);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    void add(std::uint32_t shard, const Document& doc);
    void remove(std::uint32_t shard, const std::string& id);
    void clean(std::uint32_t shard, std::uint64_t commit_every);
    void aliases(std::uint32_t shard);
    void metadata(std::uint32_t shard, const std::string& key, const std::string& value);

    /// Writes the seal of @p generation and syncs the journal. @throws veille::Error (io).
    void seal(std::uint64_t generation);
    /// Empties the journal for the next generation. @throws veille::Error (io).
    void reset();

    /// The entries of the journal of @p dir if it is sealed for @p generation.
    /// @throws veille::Error (io) if it cannot be read.
    static std::optional<std::vector<Entry>> read_sealed(const std::string& dir,
                                                         std::uint64_t generation);

private:
    void flush();
    void record(Op op, std::uint32_t shard);
    void field(std::string_view s);

    std::string path_;
    int fd_ = -1;
    std::string buf_;            // not written yet
    std::uint64_t written_ = 0;  // bytes of records so far, written or not
    std::uint64_t hash_;         // FNV-1a 64 of those bytes
};

}  // namespace veille::store

// SPDX-License-Identifier: MIT
// Disk space for a commit, claimed before Xapian writes it.
//
// Xapian 1.4.22 cannot always report a full disk: when a commit runs out of space while it
// merges the value streams into postlist.glass, the error is thrown from the destructor of
// Glass::ValueUpdater (backends/glass/glass_values.cc), which is noexcept, and the process
// aborts (seen with a 25 MB tmpfs, `veille index --batch 100`). So while a commit runs, the
// space its writes may take is allocated past the end of the table files (fallocate with
// FALLOC_FL_KEEP_SIZE: sizes are unchanged, and Xapian's writes land in blocks already
// there, which cannot fail for want of space). When the space is not there, the commit is
// refused with a clear error before Xapian starts, and the index stays at its last commit.
// Where fallocate is not supported, the free space is compared instead.
#pragma once

#include <cstdint>
#include <string>

namespace veille::detail {

/// Bytes reserved at least, whatever the commit: a commit rewrites the B-tree blocks its
/// changes touch, a few MB even for a handful of documents on a large index.
inline constexpr std::uint64_t min_commit_reserve = 8ULL << 20;

/// While it lives (one commit), @p bytes are reserved past the end of the postlist table of
/// the index in @p dir, and half as many past the end of its termlist table (its share of
/// the growth: 34 MB to 81 MB on 20,000 generated 2 KB articles), so that the rollback of a
/// failed commit, which writes to every table, does not run out either. What the commit did
/// not use is given back when it goes.
class CommitSpace {
public:
    /// @throws veille::Error (io) naming @p dir when the disk has not that much room left.
    CommitSpace(const std::string& dir, std::uint64_t bytes);
    ~CommitSpace();
    CommitSpace(const CommitSpace&) = delete;
    CommitSpace& operator=(const CommitSpace&) = delete;

private:
    struct Reserved {
        std::string file;
        std::uint64_t bytes = 0;
    };
    Reserved reserved_[2];
};

}  // namespace veille::detail

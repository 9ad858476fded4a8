// SPDX-License-Identifier: MIT
// Starts the disk writes of a commit while Xapian is still making them.
//
// A Xapian commit writes every B-tree block its changes touch, then waits in fdatasync() until
// the disk has them all. Once the index is large, each commit touches tens of thousands of
// blocks (one per distinct term, each in a block of its own), and that wait grows with it: on
// an index of 980,000 generated articles it was a quarter of the time to add 20,000 more
// (bench/README.md, "A commit's disk writes start early"). While a commit runs, a Writeback
// asks the kernel every few milliseconds to start writing the table files' dirty pages
// (sync_file_range, as RocksDB's bytes_per_sync does), so the disk works while Xapian is still
// merging postings and the final fdatasync() finds little left. Xapian's own syncs are
// untouched: a commit is as durable as before, only sooner. Linux only; elsewhere it does
// nothing. Every error is ignored: it only ever starts writes the commit would make anyway.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace veille::detail {

/// While it lives (one commit), starts the writes of the table files of the index in @p dir.
class Writeback {
public:
    explicit Writeback(const std::string& dir);
    ~Writeback();
    Writeback(const Writeback&) = delete;
    Writeback& operator=(const Writeback&) = delete;

private:
    void run(const std::string& dir);

    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace veille::detail

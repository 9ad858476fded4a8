// SPDX-License-Identifier: MIT
#include "index/writeback.hpp"

#include <filesystem>
#include <system_error>
#include <vector>

#ifdef __linux__
#include <fcntl.h>
#include <unistd.h>
#endif

namespace veille::detail {

namespace {
// Often enough that the disk never idles during a commit (one writes up to hundreds of MB in a
// few seconds; every 5 ms did a little better than every 20 ms), rarely enough that the calls
// cost nothing next to it.
constexpr std::chrono::milliseconds interval{5};
}  // namespace

Writeback::During::During(Writeback& w) : w_(w) {
#ifdef __linux__
    {
        std::lock_guard lock(w_.mutex_);
        w_.stopping_ = false;
    }
    try {
        thread_ = std::thread([this] { w_.run(); });
    } catch (const std::system_error&) {
        // No thread: the commit waits for its writes, as it would without a Writeback.
    }
#endif
}

Writeback::During::~During() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(w_.mutex_);
        w_.stopping_ = true;
    }
    w_.stop_.notify_one();
    thread_.join();
}

void Writeback::run() {
#ifdef __linux__
    // The table files, opened for each commit: Xapian creates some (spelling) only when needed.
    std::vector<int> fds;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_, ec)) {
        if (e.path().extension() != ".glass") continue;
        if (const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) fds.push_back(fd);
    }
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        for (const int fd : fds) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        lock.lock();
    }
    lock.unlock();
    for (const int fd : fds) ::close(fd);
#endif
}

}  // namespace veille::detail

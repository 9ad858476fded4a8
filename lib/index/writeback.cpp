// SPDX-License-Identifier: MIT
#include "index/writeback.hpp"

#include <chrono>
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

Writeback::Writeback(const std::string& dir) {
#ifdef __linux__
    try {
        thread_ = std::thread([this, dir] { run(dir); });
    } catch (const std::system_error&) {
        // No thread: the commit waits for its writes, as it would without a Writeback.
    }
#else
    (void)dir;
#endif
}

Writeback::~Writeback() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_one();
    thread_.join();
}

void Writeback::run(const std::string& dir) {
#ifdef __linux__
    // The table files, opened for each commit: Xapian creates some (spelling) only when needed.
    std::vector<int> fds;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".glass") continue;
        if (const int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC); fd >= 0)
            fds.push_back(fd);
    }
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, interval, [this] { return stopping_; })) {
        lock.unlock();
        for (const int fd : fds) ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        lock.lock();
    }
    lock.unlock();
    for (const int fd : fds) ::close(fd);
#else
    (void)dir;
#endif
}

}  // namespace veille::detail

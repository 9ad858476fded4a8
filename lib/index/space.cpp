// SPDX-License-Identifier: MIT
#include "index/space.hpp"

#include <cerrno>
#include <filesystem>

#include "veille/error.hpp"

#ifdef __linux__
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#endif

namespace veille::detail {

namespace {

[[noreturn]] void no_space(const std::string& dir, std::uint64_t bytes) {
    throw Error(ErrorCode::io,
                "committing index '" + dir + "': no space left on device (" +
                    std::to_string((bytes + (1U << 20) - 1) >> 20) + " MB needed for the commit)",
                "Free some disk space and run again: the index is at its last commit, and "
                "documents already there are replaced, not duplicated.");
}

#ifdef __linux__
// Reserves @p n bytes past the end of @p file. @return whether blocks were allocated (they
// must be given back), false when fallocate is not supported or there is no such file yet
// (Xapian creates it in the commit, small).
bool reserve(const std::string& file, std::uint64_t n, const std::string& dir, std::uint64_t all) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st {};
    int rc = ::fstat(fd, &st);
    int err = errno;
    if (rc == 0) {
        rc = ::fallocate(fd, FALLOC_FL_KEEP_SIZE, st.st_size, static_cast<off_t>(n));
        err = errno;
    }
    ::close(fd);
    if (rc == 0) return true;
    if (err == ENOSPC || err == EDQUOT) no_space(dir, all);
    // No fallocate here (EOPNOTSUPP, some network filesystems): the free space tells.
    struct statvfs vfs {};
    if (::statvfs(dir.c_str(), &vfs) == 0 &&
        static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize < n)
        no_space(dir, all);
    return false;
}

// Gives back what is still allocated past the end of @p file: a hole punched there (tmpfs,
// ext4 before i_size is reached), then a truncation to its own size (ext4 and XFS free the
// blocks past the end then).
void release(const std::string& file, std::uint64_t n) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        (void)::fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, st.st_size,
                          static_cast<off_t>(n));
        (void)::ftruncate(fd, st.st_size);
    }
    ::close(fd);
}
#endif

}  // namespace

CommitSpace::CommitSpace(const std::string& dir, std::uint64_t bytes) {
#ifdef __linux__
    const std::uint64_t all = bytes + bytes / 2;
    const std::filesystem::path base(dir);
    const std::string files[2] = {(base / "postlist.glass").string(),
                                  (base / "termlist.glass").string()};
    const std::uint64_t sizes[2] = {bytes, bytes / 2};
    for (int i = 0; i < 2; ++i) {
        try {
            if (reserve(files[i], sizes[i], dir, all)) reserved_[i] = {files[i], sizes[i]};
        } catch (...) {
            if (i == 1) release(reserved_[0].file, reserved_[0].bytes);
            throw;
        }
    }
#else
    (void)dir;
    (void)bytes;
#endif
}

CommitSpace::~CommitSpace() {
#ifdef __linux__
    for (const auto& r : reserved_)
        if (!r.file.empty()) release(r.file, r.bytes);
#endif
}

}  // namespace veille::detail

// SPDX-License-Identifier: MIT
#include "store/shards.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>  // renameat2
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "veille/error.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace veille::store {

namespace {

constexpr std::string_view schema_line = "# veille.schema ";
constexpr std::string_view generation_line = "# veille.generation ";
constexpr std::string_view shard_type = "glass ";

std::string manifest_path(const std::string& dir) {
    return (std::filesystem::path(dir) / manifest_name).string();
}

[[noreturn]] void fail_io(const std::string& what) {
    throw Error(ErrorCode::io, what + ": " + std::strerror(errno));
}

void sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) fail_io("opening '" + path + "'");
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) fail_io("syncing '" + path + "'");
}

}  // namespace

bool is_sharded(const std::string& dir) {
    std::error_code ec;
    return std::filesystem::is_regular_file(manifest_path(dir), ec);
}

std::string shard_name(std::size_t i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "shard-%02zu", i);
    return buf;
}

std::uint64_t parse_generation(std::string_view text) {
    std::uint64_t g = 0;
    if (text.empty()) return 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), g);
    if (ec != std::errc() || end != text.data() + text.size())
        throw Error(ErrorCode::corrupt, "bad generation '" + std::string(text) + "'");
    return g;
}

Manifest read_manifest(const std::string& dir) {
    const std::string path = manifest_path(dir);
    std::ifstream in(path);
    if (!in) fail_io("reading '" + path + "'");
    Manifest m;
    bool generation = false;
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(schema_line)) {
            m.schema = line.substr(schema_line.size());
        } else if (line.starts_with(generation_line)) {
            try {
                m.generation = parse_generation(line.substr(generation_line.size()));
            } catch (const Error&) {
                throw Error(ErrorCode::corrupt, "'" + path + "': bad generation line");
            }
            generation = true;
        } else if (line.starts_with(shard_type)) {
            const std::string name = line.substr(shard_type.size());
            if (name.empty() || name.find('/') != std::string::npos || name.starts_with("."))
                throw Error(ErrorCode::corrupt, "'" + path + "': bad shard '" + name + "'");
            m.shards.push_back(name);
        } else if (!line.empty() && !line.starts_with("#")) {
            throw Error(ErrorCode::corrupt, "'" + path + "': unknown line '" + line + "'",
                        "A veille index lists its own shards; remote shards are searched, not "
                        "written (veille::Searcher).");
        }
    }
    if (in.bad()) fail_io("reading '" + path + "'");
    if (!generation || m.schema.empty() || m.shards.empty())
        throw Error(ErrorCode::corrupt, "'" + path + "' is not the manifest of a veille index");
    return m;
}

void write_manifest(const std::string& dir, const Manifest& m) {
    std::ostringstream text;
    text << "# A veille index of " << m.shards.size()
         << " shards, one Xapian database each, searched as one.\n"
         << schema_line << m.schema << '\n'
         << generation_line << m.generation << '\n';
    for (const auto& s : m.shards) text << shard_type << s << '\n';
    const std::string body = text.str();

    const std::string path = manifest_path(dir);
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_io("writing '" + tmp + "'");
    std::size_t done = 0;
    while (done < body.size()) {
        const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            errno = e;
            fail_io("writing '" + tmp + "'");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) {
        const int e = errno;
        ::close(fd);
        errno = e;
        fail_io("syncing '" + tmp + "'");
    }
    ::close(fd);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail_io("renaming '" + tmp + "'");
    sync_path(dir, O_RDONLY | O_DIRECTORY);
}

std::uint64_t directory_bytes(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::uint64_t total = 0;
    fs::recursive_directory_iterator it(path, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        // A file may vanish between listing and stat (a commit replacing a table): skip it.
        const auto size = it->file_size(ec);
        if (ec) {
            ec.clear();
            continue;
        }
        total += size;
    }
    if (ec) throw Error(ErrorCode::io, "listing index directory '" + path + "': " + ec.message());
    return total;
}

void exchange_directories(const std::string& fresh, const std::string& dir) {
    if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno == EINVAL || errno == ENOSYS)
            throw Error(ErrorCode::io,
                        "compacting '" + dir +
                            "': this filesystem cannot exchange two "
                            "directories in one step (renameat2 RENAME_EXCHANGE)",
                        "Compact on ext4, XFS, Btrfs or tmpfs; the index is unchanged.");
        fail_io("exchanging '" + fresh + "' and '" + dir + "'");
    }
    const std::filesystem::path parent = std::filesystem::path(dir).parent_path();
    sync_path(parent.empty() ? "." : parent.string(), O_RDONLY | O_DIRECTORY);
}

DirectoryLock::DirectoryLock(const std::string& dir) {
    const std::string path = (std::filesystem::path(dir) / lock_name).string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        if (errno == EROFS)
            throw Error(ErrorCode::io, "opening index '" + dir + "': the filesystem is read-only",
                        "Search works there; write the index on a writable filesystem.");
        fail_io("opening index '" + dir + "': lock '" + path + "'");
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd_, F_OFD_SETLK, &lock) != 0) {
        const int e = errno;
        ::close(fd_);
        if (e == EAGAIN || e == EACCES)
            throw Error(ErrorCode::locked,
                        "opening index '" + dir + "': the index is locked by another writer",
                        "Is another veille index process running on this directory?");
        errno = e;
        fail_io("opening index '" + dir + "': lock '" + path + "'");
    }
}

DirectoryLock::~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace veille::store

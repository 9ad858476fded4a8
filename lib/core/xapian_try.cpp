// SPDX-License-Identifier: MIT
#include "core/xapian_try.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

namespace veille::detail {

void read_backoff(int attempt) {
    // The first retries are immediate; later ones wait 1, 2, ... up to 10 ms (under half a
    // second in all), enough for a descheduled reader, short enough for any caller.
    if (attempt > 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt - 3, 10)));
}

void rethrow_xapian(const std::string& what) {
    // Xapian::Error has no virtual functions, so its class is told by catching, most specific
    // first: DatabaseLockError derives from DatabaseOpeningError, which derives from
    // DatabaseError.
    try {
        throw;
    } catch (const Xapian::DatabaseLockError& e) {
        // Xapian says "already locked" for a lock held; anything else is the lock file
        // failing (read-only filesystem, permissions, too many open files).
        if (e.get_msg().find("already locked") == std::string::npos) {
            if (e.get_msg().find(std::strerror(EROFS)) != std::string::npos)
                throw Error(ErrorCode::io, what + ": the filesystem is read-only",
                            "Search works there; write the index on a writable filesystem.");
            throw Error(ErrorCode::io, what + ": " + e.get_msg());
        }
        throw Error(ErrorCode::locked, what + ": the index is locked by another writer",
                    "Is another veille index process running on this directory?");
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCode::not_found, what + ": no index there",
                    "Create one with veille index, or check the path.");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw Error(ErrorCode::corrupt, what + ": " + e.get_msg(),
                    "Rebuild the index from the original documents.");
    } catch (const Xapian::DatabaseVersionError& e) {
        throw Error(ErrorCode::corrupt, what + ": " + e.get_msg(),
                    "Rebuild the index from the original documents.");
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw Error(ErrorCode::not_found, what + ": " + e.get_msg());
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorCode::query_syntax, "query syntax: " + e.get_msg());
    } catch (const Xapian::InvalidArgumentError& e) {
        throw Error(ErrorCode::invalid_argument, what + ": " + e.get_msg());
    } catch (const Xapian::DatabaseError& e) {
        // The system's reason ("No space left on device") is not part of get_msg().
        const char* reason = e.get_error_string();
        // A failed commit's rollback wraps the first error in its message.
        const std::string full_space = std::strerror(ENOSPC);
        if ((reason && full_space == reason) || e.get_msg().find(full_space) != std::string::npos)
            throw Error(ErrorCode::io, what + ": no space left on device (" + e.get_msg() + ")",
                        "Free some disk space and run again: the index is at its last commit.");
        throw Error(ErrorCode::io,
                    what + ": " + e.get_msg() + (reason ? std::string(" (") + reason + ")" : ""));
    } catch (const Xapian::NetworkError& e) {
        throw Error(ErrorCode::io, what + ": " + e.get_msg());
    } catch (const Xapian::Error& e) {
        throw Error(ErrorCode::internal, what + ": " + e.get_msg() + " (" + e.get_type() + ")");
    }
}

}  // namespace veille::detail

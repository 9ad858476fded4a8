// SPDX-License-Identifier: MIT
// The one place where errors of Xapian and ICU become veille::Error. Xapian::Error does not
// derive from std::exception, so every call into Xapian that can fail goes through
// xapian_try(), which catches the most specific classes first.
#pragma once

#include <new>
#include <string>
#include <utility>

#include "veille/error.hpp"

#include <xapian.h>

namespace veille::detail {

/// Translates the Xapian error being handled, caught while doing @p what (e.g. "opening index
/// 'db'"). Call only from inside a catch block.
[[noreturn]] void rethrow_xapian(const std::string& what);

/// Runs @p f, translating Xapian errors; veille::Error and std::bad_alloc pass through.
template <class F>
decltype(auto) xapian_try(const std::string& what, F&& f) {
    try {
        return std::forward<F>(f)();
    } catch (const Xapian::Error&) {
        rethrow_xapian(what);
    }
}

/// How often xapian_read tries a read that keeps racing commits before giving up.
inline constexpr int max_read_attempts = 50;
/// How often it tries a read that finds the index damaged (see xapian_read).
inline constexpr int max_corrupt_attempts = 4;

/// Waits a little before attempt @p attempt of a read (none for the first retries): a reader
/// that a busy machine keeps descheduling gets a chance to finish between two commits.
void read_backoff(int attempt);

/// Like xapian_try, but a DatabaseModifiedError (a commit raced the read: the revision it was
/// reading has been overwritten) reopens @p db on the newest commit and runs @p f again, up to
/// max_read_attempts times: readers always see a committed state and do not fail because a
/// writer is busy. A reopen that itself races a commit counts as one more attempt.
template <class Db, class F>
decltype(auto) xapian_read(Db& db, const std::string& what, F&& f) {
    for (int attempt = 1;; ++attempt) {
        try {
            if (attempt > 1) {
                read_backoff(attempt);
                db.reopen();
            }
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= max_read_attempts)
                rethrow_xapian(what + " (the index changed under " + std::to_string(attempt) +
                               " attempts to read it)");
        } catch (const Xapian::DatabaseCorruptError&) {
            // Glass can also report a revision overwritten under an opening or reopening
            // reader as corruption ("Expected block 10 to be level 1, not 0"): seen under
            // load in test_reliability. A damaged index fails the same way every time, so a
            // few attempts tell the two apart.
            if (attempt >= max_corrupt_attempts) rethrow_xapian(what);
        } catch (const Error& e) {
            // The same race can hand back a stored document or value that does not decode
            // ("stored document is damaged", seen once in CI under load): same rule.
            if (e.code() != ErrorCode::corrupt || attempt >= max_corrupt_attempts) throw;
        } catch (const Xapian::Error&) {
            rethrow_xapian(what);
        }
    }
}

}  // namespace veille::detail

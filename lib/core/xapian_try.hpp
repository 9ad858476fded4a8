// SPDX-License-Identifier: MIT
// The one place where errors of Xapian and ICU become veille::Error. Xapian::Error does not
// derive from std::exception, so every call into Xapian that can fail goes through
// xapian_try(), which catches the most specific classes first.
#pragma once

#include <xapian.h>

#include <new>
#include <string>
#include <utility>

#include "veille/error.hpp"

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

/// Like xapian_try, but a DatabaseModifiedError (a commit raced the read) reopens @p db and
/// runs @p f again, a bounded number of times: readers always see a committed state.
template <class Db, class F>
decltype(auto) xapian_read(Db& db, const std::string& what, F&& f) {
    for (int attempt = 0;; ++attempt) {
        try {
            return f();
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 20) rethrow_xapian(what);
            try {
                db.reopen();
            } catch (const Xapian::Error&) {
                rethrow_xapian(what);
            }
        } catch (const Xapian::Error&) {
            rethrow_xapian(what);
        }
    }
}

}  // namespace veille::detail

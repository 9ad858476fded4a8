// SPDX-License-Identifier: MIT
#include "dates/date.hpp"

#include <cstdio>

namespace veille::detail {

namespace {
bool read_digits(std::string_view s, std::size_t at, std::size_t count, int& out) noexcept {
    if (at + count > s.size()) return false;
    out = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

std::string ymd(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return buf;
}
}  // namespace

int days_in_month(int year, int month) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

std::optional<DaySpan> parse_iso_date(std::string_view date) noexcept {
    const std::string_view s = date;
    int y = 0, m = 0, d = 0;
    if (!read_digits(s, 0, 4, y)) return std::nullopt;
    if (s.size() == 4) return DaySpan{ymd(y, 1, 1), ymd(y, 12, 31), DateGranularity::year};
    if (s.size() < 7 || s[4] != '-' || !read_digits(s, 5, 2, m) || m < 1 || m > 12)
        return std::nullopt;
    if (s.size() == 7)
        return DaySpan{ymd(y, m, 1), ymd(y, m, days_in_month(y, m)), DateGranularity::month};
    if (s.size() != 10 || s[7] != '-' || !read_digits(s, 8, 2, d) || d < 1 ||
        d > days_in_month(y, m))
        return std::nullopt;
    return DaySpan{ymd(y, m, d), ymd(y, m, d), DateGranularity::day};
}

}  // namespace veille::detail

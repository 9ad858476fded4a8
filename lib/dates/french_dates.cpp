// SPDX-License-Identifier: MIT
#include "dates/french_dates.hpp"

#include <array>
#include <cstdio>
#include <ctime>
#include <vector>

#include "analysis/text.hpp"
#include "dates/date.hpp"
#include "veille/dates.hpp"
#include "veille/error.hpp"

namespace veille::detail {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date and back (the civil-calendar
// conversion of H. Hinnant's date algorithms, written out here).
long days_from_civil(Ymd v) noexcept {
    const long y = v.y - (v.m <= 2 ? 1 : 0);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long mp = (v.m + 9) % 12;
    const long doy = (153 * mp + 2) / 5 + v.d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Ymd civil_from_days(long z) noexcept {
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return {y, m, d};
}

Ymd add_days(Ymd v, long n) noexcept { return civil_from_days(days_from_civil(v) + n); }

Ymd add_months(Ymd v, int n) noexcept {
    int total = v.y * 12 + (v.m - 1) + n;
    Ymd r{total / 12, total % 12 + 1, 1};
    r.d = std::min(v.d, days_in_month(r.y, r.m));
    return r;
}

bool valid(Ymd v) noexcept {
    return v.y >= 1 && v.y <= 9999 && v.m >= 1 && v.m <= 12 && v.d >= 1 &&
           v.d <= days_in_month(v.y, v.m);
}

std::string ymd(Ymd v) {
    std::array<char, 16> buf{};
    std::snprintf(buf.data(), buf.size(), "%04d%02d%02d", v.y, v.m, v.d);
    return buf.data();
}

// A closed span of days, exact as in DaySpan.
struct Span {
    Ymd first, last;
    std::optional<DateGranularity> exact;
};

Span day_span(Ymd v) { return {v, v, DateGranularity::day}; }
Span month_span(int y, int m) {
    return {{y, m, 1}, {y, m, days_in_month(y, m)}, DateGranularity::month};
}
Span year_span(int y) { return {{y, 1, 1}, {y, 12, 31}, DateGranularity::year}; }

using Tokens = std::vector<std::string>;

// Folded words and numbers; '/', '.' and '-' stay inside numbers ("03/05/2024").
Tokens tokenize(std::string_view text) {
    std::string f = analysis::folded(analysis::nfc(text));
    Tokens out;
    std::string cur;
    auto numeric = [](const std::string& s) {
        return !s.empty() && s.find_first_not_of("0123456789/.-") == std::string::npos;
    };
    for (std::size_t i = 0; i < f.size(); ++i) {
        const char c = f[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        const bool sep_in_number = (c == '/' || c == '.' || c == '-') && numeric(cur) &&
                                   i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '9';
        if (alnum || sep_in_number) {
            cur += c;
        } else if (!cur.empty()) {
            out.push_back(std::move(cur));
            cur.clear();
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

bool is_number(const std::string& s) {
    return !s.empty() && s.size() <= 4 && s.find_first_not_of("0123456789") == std::string::npos;
}

int month_of(const std::string& w) {
    static constexpr std::array<std::array<std::string_view, 3>, 12> names{{
        {"janvier", "janv", "jan"},
        {"fevrier", "fevr", "fev"},
        {"mars", "mar", "mars"},
        {"avril", "avr", "avr"},
        {"mai", "mai", "mai"},
        {"juin", "juin", "juin"},
        {"juillet", "juil", "juil"},
        {"aout", "aou", "aout"},
        {"septembre", "sept", "sep"},
        {"octobre", "oct", "oct"},
        {"novembre", "nov", "nov"},
        {"decembre", "dec", "dec"},
    }};
    for (std::size_t m = 0; m < names.size(); ++m)
        for (auto n : names[m])
            if (w == n) return static_cast<int>(m) + 1;
    return 0;
}

// A calendar date as written, parts that were not written are 0.
struct Partial {
    int y = 0, m = 0, d = 0;
};

// Numbers "03/05/2024", "3.5", "05/2024", "2024-06-15", "2024-06", "2024".
std::optional<Partial> numeric_date(const std::string& s) {
    if (auto iso = parse_iso_date(s)) {
        Partial p;
        p.y = std::stoi(iso->first.substr(0, 4));
        if (iso->exact >= DateGranularity::month) p.m = std::stoi(iso->first.substr(4, 2));
        if (iso->exact >= DateGranularity::day) p.d = std::stoi(iso->first.substr(6, 2));
        return p;
    }
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            cur += c;
        } else {
            parts.push_back(cur);
            cur.clear();
        }
    }
    parts.push_back(cur);
    for (auto& p : parts)
        if (!is_number(p)) return std::nullopt;
    auto num = [](const std::string& p) { return std::stoi(p); };
    if (parts.size() == 3 && parts[0].size() <= 2 && parts[1].size() <= 2 && parts[2].size() == 4)
        return Partial{num(parts[2]), num(parts[1]), num(parts[0])};
    if (parts.size() == 2 && parts[0].size() <= 2 && parts[1].size() == 4)
        return Partial{num(parts[1]), num(parts[0]), 0};
    if (parts.size() == 2 && parts[0].size() <= 2 && parts[1].size() <= 2)
        return Partial{0, num(parts[1]), num(parts[0])};
    return std::nullopt;
}

// "3 mai 2024", "1er mai", "mai 2024", "mai", "03/05/2024", "2024", and a bare day "3"
// (only when @p allow_day, for the first end of « du 3 au 10 mai »).
std::optional<Partial> calendar(const Tokens& t, bool allow_day) {
    if (t.empty() || t.size() > 3) return std::nullopt;
    if (t.size() == 1) {
        if (int m = month_of(t[0])) return Partial{0, m, 0};
        if (allow_day && t[0].size() <= 2 && is_number(t[0])) return Partial{0, 0, std::stoi(t[0])};
        if (allow_day && t[0] == "1er") return Partial{0, 0, 1};
        return numeric_date(t[0]);
    }
    std::size_t i = 0;
    Partial p;
    if (t[0] == "1er" || t[0] == "premier") {
        p.d = 1;
        ++i;
    } else if (t[0].size() <= 2 && is_number(t[0])) {
        p.d = std::stoi(t[0]);
        ++i;
    }
    if (i >= t.size() || (p.m = month_of(t[i])) == 0) return std::nullopt;
    ++i;
    if (i < t.size()) {
        if (t[i].size() != 4 || !is_number(t[i])) return std::nullopt;
        p.y = std::stoi(t[i]);
        ++i;
    }
    if (i != t.size()) return std::nullopt;
    return p;
}

// Fills the year of a date written without one: the latest such date not after @p today.
std::optional<Span> complete(Partial p, const Ymd& today) {
    if (p.m == 0 && p.d != 0) return std::nullopt;  // a bare day needs the other end
    if (p.y == 0) {
        p.y = today.y;
        if (p.m > today.m || (p.m == today.m && p.d > today.d)) --p.y;
    }
    if (p.m == 0) return year_span(p.y);
    if (p.d == 0) {
        if (p.m < 1 || p.m > 12 || p.y < 1) return std::nullopt;
        return month_span(p.y, p.m);
    }
    const Ymd v{p.y, p.m, p.d};
    if (!valid(v)) return std::nullopt;
    return day_span(v);
}

Tokens slice(const Tokens& t, std::size_t from, std::size_t to = std::string::npos) {
    to = std::min(to, t.size());
    return from >= to
               ? Tokens{}
               : Tokens(t.begin() + static_cast<long>(from), t.begin() + static_cast<long>(to));
}

bool is(const Tokens& t, std::initializer_list<std::string_view> words) {
    if (t.size() != words.size()) return false;
    std::size_t i = 0;
    for (auto w : words)
        if (t[i++] != w) return false;
    return true;
}

// One point or period of time.
std::optional<Span> period(Tokens t, const Ymd& today) {
    while (!t.empty() && (t[0] == "le" || t[0] == "la" || t[0] == "l" || t[0] == "en" ||
                          t[0] == "les" || t[0] == "ces" || t[0] == "au" || t[0] == "a"))
        t.erase(t.begin());
    if (t.empty()) return std::nullopt;
    if (is(t, {"aujourd", "hui"}) || is(t, {"aujourdhui"})) return day_span(today);
    if (is(t, {"hier"})) return day_span(add_days(today, -1));
    if (is(t, {"avant", "hier"})) return day_span(add_days(today, -2));
    if (is(t, {"demain"})) return day_span(add_days(today, 1));
    // Weeks run Monday to Sunday, as in France.
    const long monday = days_from_civil(today) - (days_from_civil(today) + 3) % 7;
    if (is(t, {"cette", "semaine"}))
        return Span{civil_from_days(monday), civil_from_days(monday + 6), std::nullopt};
    if (is(t, {"semaine", "derniere"}) || is(t, {"semaine", "passee"}))
        return Span{civil_from_days(monday - 7), civil_from_days(monday - 1), std::nullopt};
    if (is(t, {"ce", "mois", "ci"}) || is(t, {"ce", "mois"})) return month_span(today.y, today.m);
    if (is(t, {"mois", "dernier"}) || is(t, {"mois", "passe"})) {
        const Ymd p = add_months(Ymd{today.y, today.m, 1}, -1);
        return month_span(p.y, p.m);
    }
    if (is(t, {"cette", "annee"})) return year_span(today.y);
    if (is(t, {"annee", "derniere"}) || is(t, {"annee", "passee"}) || is(t, {"an", "dernier"}) ||
        is(t, {"an", "passe"}))
        return year_span(today.y - 1);
    // « les 30 derniers jours », « les 2 dernières semaines », « les 3 derniers mois »:
    // the last N units up to and including today.
    if (t.size() == 3) {
        std::size_t n_at = 0, unit_at = 2;
        if (t[1] == "derniers" || t[1] == "dernieres")
            n_at = 0;
        else if (t[0] == "derniers" || t[0] == "dernieres")
            n_at = 1;
        else
            n_at = 9;
        if (n_at != 9 && is_number(t[n_at])) {
            const int n = std::stoi(t[n_at]);
            const std::string& u = t[unit_at];
            std::optional<Ymd> first;
            if (n >= 1 && n <= 100000) {
                if (u == "jours" || u == "jour")
                    first = add_days(today, -(n - 1));
                else if (u == "semaines" || u == "semaine")
                    first = add_days(today, -(7L * n - 1));
                else if (u == "mois" && n <= 12000)
                    first = add_days(add_months(today, -n), 1);
                else if ((u == "ans" || u == "annees" || u == "an") && n <= 1000)
                    first = add_days(add_months(today, -12 * n), 1);
            }
            if (first) return Span{*first, today, std::nullopt};
        }
    }
    if (auto p = calendar(t, false)) return complete(*p, today);
    return std::nullopt;
}

Span merge(const Span& a, const Span& b) {
    Span s{a.first, b.last, std::nullopt};
    if (a.first == b.first && a.last == b.last) s.exact = a.exact;
    return s;
}

// « du X au Y », « entre X et Y »: X may leave out what Y says (« du 3 au 10 mai 2024 »).
std::optional<Span> between(const Tokens& x, const Tokens& y, const Ymd& today) {
    const auto end = period(y, today);
    if (!end) return std::nullopt;
    if (auto p = calendar(x, true)) {
        if (p->y == 0 && p->d != 0 && p->m == 0) {
            p->m = end->first.m;
            p->y = end->first.y;
        } else if (p->y == 0) {
            p->y = end->first.y;
            if (p->m > end->first.m || (p->m == end->first.m && p->d > end->first.d)) --p->y;
        }
        auto start = complete(*p, today);
        if (!start) return std::nullopt;
        return merge(*start, *end);
    }
    auto start = period(x, today);
    if (!start) return std::nullopt;
    return merge(*start, *end);
}

std::size_t find(const Tokens& t, std::initializer_list<std::string_view> words,
                 std::size_t from = 0) {
    for (std::size_t i = from; i < t.size(); ++i)
        for (auto w : words)
            if (t[i] == w) return i;
    return std::string::npos;
}

struct Resolved {
    std::optional<Ymd> from, to;
    std::optional<DateGranularity> exact;
};

std::optional<Resolved> resolve(const Tokens& t, const Ymd& today) {
    if (t.empty()) return std::nullopt;
    auto open_from = [](const std::optional<Span>& s, bool after) -> std::optional<Resolved> {
        if (!s) return std::nullopt;
        return Resolved{after ? add_days(s->last, 1) : s->first, std::nullopt, std::nullopt};
    };
    auto open_to = [](const std::optional<Span>& s, bool before) -> std::optional<Resolved> {
        if (!s) return std::nullopt;
        return Resolved{std::nullopt, before ? add_days(s->first, -1) : s->last, std::nullopt};
    };
    const std::string& w = t[0];
    if (w == "depuis" || w == "des") return open_from(period(slice(t, 1), today), false);
    if (w == "a" && t.size() > 2 && t[1] == "partir" &&
        (t[2] == "de" || t[2] == "du" || t[2] == "d"))
        return open_from(period(slice(t, 3), today), false);
    if (w == "apres") return open_from(period(slice(t, 1), today), true);
    if (w == "avant" && !(t.size() == 2 && t[1] == "hier"))
        return open_to(period(slice(t, 1), today), true);
    if (w == "jusqu" && t.size() > 1 && (t[1] == "a" || t[1] == "au" || t[1] == "en"))
        return open_to(period(slice(t, 2), today), false);
    if (w == "du" || w == "de" || w == "entre") {
        const std::size_t sep =
            find(t,
                 w == "entre" ? std::initializer_list<std::string_view>{"et"}
                              : std::initializer_list<std::string_view>{"au", "a"},
                 1);
        if (sep == std::string::npos) return std::nullopt;
        auto s = between(slice(t, 1, sep), slice(t, sep + 1), today);
        if (!s) return std::nullopt;
        return Resolved{s->first, s->last, s->exact};
    }
    auto s = period(t, today);
    if (!s) return std::nullopt;
    return Resolved{s->first, s->last, s->exact};
}

[[noreturn]] void unreadable(std::string_view expression) {
    throw Error(ErrorCode::query_syntax,
                "query syntax: cannot read the date '" + std::string(expression) + "'",
                "Write a date as 2024, 2024-06, 2024-06-15, 15/06/2024, « juin 2024 », « hier », "
                "« la semaine dernière », « depuis mars 2023 », « avant 2020 », « du 3 au 10 mai "
                "2024 », « les 30 derniers jours », or a range A..B.");
}

}  // namespace

Ymd local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Ymd reference_day(std::string_view reference) {
    if (reference.empty()) return local_today();
    const auto span = parse_iso_date(reference);
    if (!span || span->exact != DateGranularity::day)
        throw Error(ErrorCode::invalid_argument,
                    "reference date '" + std::string(reference) + "' is not a day YYYY-MM-DD");
    return {std::stoi(span->first.substr(0, 4)), std::stoi(span->first.substr(4, 2)),
            std::stoi(span->first.substr(6, 2))};
}

std::string iso_day(std::string_view s) {
    if (s.size() != 8) return std::string(s);
    return std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" +
           std::string(s.substr(6, 2));
}

DaySpan resolve_date_expression(std::string_view expression, const Ymd& today) {
    const std::string v = analysis::collapse_spaces(expression);
    if (v.empty()) unreadable(expression);
    std::optional<Resolved> r;
    if (const auto dots = v.find(".."); dots != std::string::npos) {
        // A..B: each end is any single date expression.
        const std::string a = v.substr(0, dots), b = v.substr(dots + 2);
        if (analysis::collapse_spaces(a).empty() && analysis::collapse_spaces(b).empty())
            throw Error(ErrorCode::query_syntax, "query syntax: empty date range in date:" + v);
        Resolved both;
        bool ok = true;
        if (!analysis::collapse_spaces(a).empty()) {
            const auto s = period(tokenize(a), today);
            ok = ok && s.has_value();
            if (s) both.from = s->first;
        }
        if (!analysis::collapse_spaces(b).empty()) {
            const auto s = period(tokenize(b), today);
            ok = ok && s.has_value();
            if (s) both.to = s->last;
        }
        if (ok) r = both;
    } else {
        r = resolve(tokenize(v), today);
    }
    if (!r) unreadable(v);
    DaySpan out;
    if (r->from) out.first = ymd(*r->from);
    if (r->to) out.last = ymd(*r->to);
    if (r->from && r->to && out.first > out.last)
        throw Error(ErrorCode::query_syntax,
                    "query syntax: the date '" + v + "' ends before it starts");
    out.exact = r->exact;
    return out;
}

}  // namespace veille::detail

namespace veille {

DateInterval resolve_date(std::string_view expression, std::string_view reference_date) {
    const auto r =
        detail::resolve_date_expression(expression, detail::reference_day(reference_date));
    return {r.first.empty() ? "" : detail::iso_day(r.first),
            r.last.empty() ? "" : detail::iso_day(r.last)};
}

}  // namespace veille

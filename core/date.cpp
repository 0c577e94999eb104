#include "core/date.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>

namespace dateline {
namespace {

bool parse_digits(std::string_view text, int& out) {
    if (text.empty()) return false;
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && ptr == text.data() + text.size();
}

}  // namespace

PartialDate::Precision PartialDate::precision() const noexcept {
    if (day != 0) return Precision::day;
    if (month != 0) return Precision::month;
    return Precision::year;
}

std::string PartialDate::to_iso() const {
    char buf[16];
    switch (precision()) {
        case Precision::day: std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day); break;
        case Precision::month: std::snprintf(buf, sizeof buf, "%04d-%02d", year, month); break;
        case Precision::year: std::snprintf(buf, sizeof buf, "%04d", year); break;
    }
    return buf;
}

std::string PartialDate::to_compact() const {
    char buf[16];
    switch (precision()) {
        case Precision::day: std::snprintf(buf, sizeof buf, "%04d%02d%02d", year, month, day); break;
        case Precision::month: std::snprintf(buf, sizeof buf, "%04d%02d", year, month); break;
        case Precision::year: std::snprintf(buf, sizeof buf, "%04d", year); break;
    }
    return buf;
}

bool is_valid_day(int year, int month, int day) noexcept {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int last = (month == 2 && leap) ? 29 : kDays[month - 1];
    return day <= last;
}

std::optional<PartialDate> parse_iso_date(std::string_view text) {
    // A timestamp such as 2025-04-21T10:00:00Z names its day; the time is not ours to keep.
    if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ')) text = text.substr(0, 10);
    PartialDate date;
    if (text.size() < 4 || !parse_digits(text.substr(0, 4), date.year) || date.year < 1)
        return std::nullopt;
    if (text.size() == 4) return date;
    if (text.size() < 7 || text[4] != '-' || !parse_digits(text.substr(5, 2), date.month) ||
        date.month < 1 || date.month > 12)
        return std::nullopt;
    if (text.size() == 7) return date;
    if (text.size() != 10 || text[7] != '-' || !parse_digits(text.substr(8, 2), date.day) ||
        !is_valid_day(date.year, date.month, date.day))
        return std::nullopt;
    return date;
}

std::optional<PartialDate> parse_iso_day(std::string_view text) {
    auto date = parse_iso_date(text);
    if (date && date->precision() != PartialDate::Precision::day) return std::nullopt;
    return date;
}

std::optional<PartialDate> parse_rfc822_date(std::string_view text) {
    const auto skip_space = [&text] {
        while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    };
    skip_space();
    if (const auto comma = text.find(','); comma != std::string_view::npos && comma <= 9) text.remove_prefix(comma + 1);
    skip_space();
    const auto token = [&text, &skip_space] {
        const auto end = std::min(text.find_first_of(" \t"), text.size());
        const std::string_view word = text.substr(0, end);
        text.remove_prefix(end);
        skip_space();
        return word;
    };
    PartialDate date;
    const std::string_view day = token(), month = token(), year = token();
    if (day.empty() || day.size() > 2 || !parse_digits(day, date.day)) return std::nullopt;
    static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
    if (month.size() < 3) return std::nullopt;
    for (int m = 0; m < 12 && date.month == 0; ++m) {
        bool same = true;
        for (std::size_t i = 0; i < 3; ++i)
            same = same && std::tolower(static_cast<unsigned char>(month[i])) == kMonths[m][i];
        if (same) date.month = m + 1;
    }
    if (date.month == 0) return std::nullopt;
    if (year.size() == 2 && parse_digits(year, date.year)) date.year += date.year >= 50 ? 1900 : 2000;
    else if (year.size() != 4 || !parse_digits(year, date.year) || date.year < 1) return std::nullopt;
    if (!is_valid_day(date.year, date.month, date.day)) return std::nullopt;
    return date;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian
// calendar, no tables, no time zones.
int days_since_epoch(const PartialDate& date) noexcept {
    const int y = date.year - (date.month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int m = date.month;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

PartialDate date_from_days(int days) noexcept {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return PartialDate{yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::string utc_now_iso() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
}

}  // namespace dateline

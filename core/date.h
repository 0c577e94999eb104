// Calendar dates at year, month or day precision, as articles write them.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// A date known to the year, the month or the day: `2022`, `2022-02`, `2022-02-24`.
/// `month` and `day` are 0 when unknown; a known day implies a known month.
struct PartialDate {
    int year = 0;
    int month = 0;  // 1..12, or 0
    int day = 0;    // 1..31, or 0

    enum class Precision { year, month, day };
    Precision precision() const noexcept;

    /// ISO 8601 at the date's own precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    std::string to_iso() const;
    /// Sortable compact form used in index terms: `YYYY`, `YYYYMM` or `YYYYMMDD`.
    std::string to_compact() const;

    auto operator<=>(const PartialDate&) const = default;
};

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer ISO timestamp is cut after the
/// day). Returns nothing for anything else, including impossible days (`2023-02-30`).
std::optional<PartialDate> parse_iso_date(std::string_view text);

/// parse_iso_date at day precision only: an article's publication date (Article::date) is a
/// day, and a year or a month alone is none.
std::optional<PartialDate> parse_iso_day(std::string_view text);

/// Parses the day of an RFC 822 / RFC 2822 date as RSS's pubDate writes it:
/// `[Www, ]D[D] Mmm YYYY[ hh:mm[:ss] zone]` (a two-digit year is 19YY from 50, else 20YY).
/// The day is the one written, in the publisher's zone. Nothing for anything else.
std::optional<PartialDate> parse_rfc822_date(std::string_view text);

/// True for a real calendar day (leap years included).
bool is_valid_day(int year, int month, int day) noexcept;

/// Days since 1970-01-01 of a full date (precision day).
int days_since_epoch(const PartialDate& date) noexcept;

/// The full date `days` days after 1970-01-01.
PartialDate date_from_days(int days) noexcept;

/// The time now as ISO 8601 UTC to the second: `2026-12-04T18:30:00Z`.
std::string utc_now_iso();

}  // namespace dateline

#include "core/date.h"

#include <doctest/doctest.h>

using dateline::PartialDate;
using dateline::parse_iso_date;
using dateline::parse_rfc822_date;

TEST_SUITE("date") {
    TEST_CASE("ISO dates parse at their own precision") {
        const struct {
            const char* text;
            PartialDate expected;
        } cases[] = {
            {"2022", {2022, 0, 0}},
            {"2022-02", {2022, 2, 0}},
            {"2025-04-21", {2025, 4, 21}},
            {"2024-02-29", {2024, 2, 29}},
            {"2025-04-21T10:00:00Z", {2025, 4, 21}},
            {"1987-02-26 15:01:01", {1987, 2, 26}},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            const auto date = parse_iso_date(c.text);
            REQUIRE(date);
            CHECK(*date == c.expected);
        }
    }

    TEST_CASE("malformed and impossible dates are rejected") {
        for (const char* text : {"", "22", "2022-", "2022-13", "2023-02-29", "2022-02-30", "2022/02/01", "2022-2-1",
                                 "abcd", "2022-02-01x", "0000"}) {
            CAPTURE(text);
            CHECK_FALSE(parse_iso_date(text));
        }
    }

    TEST_CASE("a publication day is a full ISO date, a year or a month alone is none") {
        CHECK(dateline::parse_iso_day("2025-04-21T10:00:00Z") == PartialDate{2025, 4, 21});
        CHECK(dateline::parse_iso_day("2025-04") == std::nullopt);
        CHECK(dateline::parse_iso_day("2025") == std::nullopt);
        CHECK(dateline::parse_iso_day("21 Apr 2025") == std::nullopt);
    }

    TEST_CASE("RFC 822 dates give the day written") {
        const struct {
            const char* text;
            std::optional<PartialDate> day;
        } cases[] = {{"Mon, 21 Apr 2025 09:30:00 +0300", PartialDate{2025, 4, 21}},
                     {"21 apr 2025", PartialDate{2025, 4, 21}},
                     {"Tue, 1 June 99 00:00 GMT", PartialDate{1999, 6, 1}},
                     {"Sat, 29 Feb 2025 10:00:00 GMT", std::nullopt},
                     {"2025-04-21", std::nullopt},
                     {"", std::nullopt}};
        for (const auto& c : cases) {
            CAPTURE(c.text);
            CHECK(parse_rfc822_date(c.text) == c.day);
        }
    }

    TEST_CASE("a date prints at its precision, in ISO and compact forms") {
        CHECK(PartialDate{2022, 0, 0}.to_iso() == "2022");
        CHECK(PartialDate{2022, 2, 0}.to_iso() == "2022-02");
        CHECK(PartialDate{2022, 2, 4}.to_iso() == "2022-02-04");
        CHECK(PartialDate{2022, 2, 4}.to_compact() == "20220204");
        CHECK(PartialDate{2022, 2, 0}.to_compact() == "202202");
    }

    TEST_CASE("day numbers round-trip across leap years and the epoch") {
        CHECK(dateline::days_since_epoch({1970, 1, 1}) == 0);
        CHECK(dateline::days_since_epoch({2000, 3, 1}) - dateline::days_since_epoch({2000, 2, 28}) == 2);
        for (int day = -1000; day < 30000; day += 37) {
            const PartialDate date = dateline::date_from_days(day);
            CHECK(dateline::is_valid_day(date.year, date.month, date.day));
            CHECK(dateline::days_since_epoch(date) == day);
        }
    }
}

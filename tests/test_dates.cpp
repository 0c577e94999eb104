// Date extraction: datelines, absolute dates at their precision, relative expressions.
#include "extract/extractor.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using dateline::extract::Extractor;

const Extractor& extractor() {
    static const Extractor e(dateline::default_data_dir());
    return e;
}

std::vector<std::string> dates_of(const std::string& body, const char* published) {
    dateline::index::Article a;
    a.body = body;
    if (published) a.date = dateline::parse_iso_date(published);
    extractor().extract(a);
    std::vector<std::string> out;
    for (const auto& d : a.mentioned_dates) out.push_back(d.to_iso());
    return out;
}

struct Case {
    const char* text;
    const char* published;  // nullptr: no publication date
    std::vector<std::string> expected;
};

}  // namespace

TEST_SUITE("dates") {

TEST_CASE("absolute dates keep their own precision") {
    const std::vector<Case> cases = {
        {"The debentures are due March 31, 1993.", nullptr, {"1993-03-31"}},
        {"The war began in February 2022.", nullptr, {"2022-02"}},
        {"It was founded in 1987.", nullptr, {"1987"}},
        {"Since the invasion in early 2022, talks stalled.", nullptr, {"2022"}},
        {"Profits for fiscal 1987 and the 1986 crop rose.", nullptr, {"1987", "1986"}},
        {"It sold 1,987 tonnes.", nullptr, {}},
        {"It sold 2000 tonnes.", nullptr, {}},
        {"Attacks of Sept. 11, 2001, changed it.", nullptr, {"2001-09-11"}},
        {"This is the show for Monday, May 2, 2016.", "2016-05-02", {"2016-05-02"}},
        {"Sales were compared with December, 1985.", nullptr, {"1985-12"}},
        {"Stocks at 02/28/87 and 2/26/2012.", nullptr, {"1987-02-28", "2012-02-26"}},
        {"In the 1990s it grew.", nullptr, {}},
        {"Imports in 1985/86 fell.", nullptr, {}},
        {"Talks will take place April 13-16.", "1987-03-06", {"1987-04-13", "1987-04-16"}},
        {"The talks were on April 21.", nullptr, {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(dates_of(c.text, c.published) == c.expected);
    }
}

TEST_CASE("relative expressions resolve against the publication date by tense") {
    const std::vector<Case> cases = {
        {"Prices fell yesterday.", "1987-04-07", {"1987-04-06"}},
        {"Prices fell today.", "1987-03-26", {"1987-03-26"}},
        {"It will close tomorrow.", "1987-03-26", {"1987-03-27"}},
        {"A committee formed last month.", "1987-03-18", {"1987-02"}},
        {"Growth will slow this year.", "1987-04-03", {"1987"}},
        {"Casinos closed last year.", "2015-11-13", {"2014"}},
        {"He relinquished the title in July.", "1987-03-06", {"1986-07"}},
        {"The deal is expected to close in April.", "1987-03-18", {"1987-04"}},
        {"Several nations announced support on Thursday.", "2016-08-26", {"2016-08-25"}},
        {"The visit starts on Friday.", "1987-03-19", {"1987-03-20"}},
        {"The warrants must be exercised by June 22.", "1987-03-24", {"1987-06-22"}},
        {"Sales stopped on February 16.", "1987-03-19", {"1987-02-16"}},
        {"Since last November, protests grew.", "2016-09-03", {"2015-11"}},
        {"Trump and Clinton spoke on Saturday.", nullptr, {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CAPTURE(c.published);
        CHECK(dates_of(c.text, c.published) == c.expected);
    }
}

TEST_CASE("week-level, quarter and vague expressions are not emitted") {
    const std::vector<const char*> texts = {
        "Talks resume next week.",          "It happened last week.",
        "Output rose in the second quarter.", "Prices rose over the past year.",
        "Plans for the coming year.",       "It happened recently.",
        "Four years ago it won.",
    };
    for (const char* t : texts) {
        CAPTURE(t);
        CHECK(dates_of(t, "1987-03-27").empty());
    }
}

TEST_CASE("a dateline gives the publication date only with a year") {
    struct Dl {
        const char* body;
        const char* expected;  // nullptr: none
    };
    const std::vector<Dl> cases = {
        {"April 21, 2025 \u2014 Talks began in Istanbul.", "2025-04-21"},
        {"KYIV, April 21, 2025 - Talks began.", "2025-04-21"},
        {"NEW YORK, Feb 26 - Shares rose.", nullptr},
        {"Shares rose on April 21, 2025 - a record.", nullptr},
    };
    for (const auto& c : cases) {
        CAPTURE(c.body);
        dateline::index::Article a;
        a.body = c.body;
        extractor().extract(a);
        if (c.expected) {
            REQUIRE(a.date.has_value());
            CHECK(a.date->to_iso() == c.expected);
        } else {
            CHECK_FALSE(a.date.has_value());
        }
    }
    SUBCASE("an explicit date is kept") {
        dateline::index::Article a;
        a.body = "April 21, 2025 - Talks began.";
        a.date = dateline::parse_iso_date("2025-04-22");
        extractor().extract(a);
        CHECK(a.date->to_iso() == "2025-04-22");
    }
}

}  // TEST_SUITE

// Country extraction: names, demonyms, capitals, abbreviations, ambiguity rules, US datelines.
#include "extract/extractor.h"
#include "extract/iso_countries.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using dateline::extract::Extractor;

const Extractor& extractor() {
    static const Extractor e(dateline::extract::default_data_dir());
    return e;
}

std::vector<std::string> countries_of(const std::string& body, const std::string& title = "") {
    dateline::index::Article a;
    a.title = title;
    a.body = body;
    extractor().extract(a);
    std::sort(a.countries.begin(), a.countries.end());
    return a.countries;
}

struct Case {
    const char* text;
    std::vector<std::string> expected;  // sorted
};

}  // namespace

TEST_SUITE("countries") {

TEST_CASE("names, common names, demonyms, capitals and abbreviations give ISO codes") {
    const std::vector<Case> cases = {
        {"Russia and the United States met.", {"RU", "US"}},
        {"South Korea and Iran disagreed.", {"IR", "KR"}},
        {"Ukrainian and Russian officials met Turkish mediators.", {"RU", "TR", "UA"}},
        {"Talks in Kyiv, Moscow and Beijing.", {"CN", "RU", "UA"}},
        {"Talks in Kiev ended.", {"UA"}},
        {"The Kremlin and Washington traded barbs.", {"RU", "US"}},
        {"The U.S. and the U.K. joined the UAE.", {"AE", "GB", "US"}},
        {"Fighting in Crimea and Donetsk continued.", {"UA"}},
        {"The Soviet Union and West Germany signed.", {"DE", "RU"}},
        {"Yugoslavia and Czechoslovakia objected.", {"CZ", "RS"}},
        {"Ukrainians fled.", {"UA"}},
        {"Guinea-Bissau voted.", {"GW"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(countries_of(c.text) == c.expected);
    }
}

TEST_CASE("ambiguous names follow the rules of the data files") {
    const std::vector<Case> cases = {
        {"The UN, the EU and NATO met.", {}},
        {"Michael Jordan scored.", {}},
        {"King Hussein of Jordan spoke.", {"JO"}},
        {"Chad Smith won the race.", {}},
        {"Rebels in Chad advanced.", {"TD"}},
        {"We ate turkey.", {}},
        {"Atlanta, Georgia, is growing.", {"US"}},
        {"Voters in New Mexico.", {"US"}},
        {"Voters in New Jersey.", {"US"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(countries_of(c.text) == c.expected);
    }
}

TEST_CASE("US datelines, states and state abbreviations imply the United States") {
    const std::vector<Case> cases = {
        {"WASHINGTON, April 7 - The company said profits rose.", {"US"}},
        {"NEW YORK, Feb 26 - Shares rose.", {"US"}},
        {"ROCKFORD, Ill., March 3 - Sales fell.", {"US"}},
        {"PORTLAND, March 3 - Sales fell.", {"US"}},
        {"The plant in Savannah, Ga., closed.", {"US"}},
        {"Sales in Ohio and Texas rose.", {"US"}},
        {"Portland cement prices rose.", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(countries_of(c.text) == c.expected);
    }
}

TEST_CASE("country_code reads what a user types") {
    CHECK(extractor().country_code("UA") == "UA");
    CHECK(extractor().country_code("ua") == "UA");
    CHECK(extractor().country_code("ukraine") == "UA");
    CHECK(extractor().country_code("Ukrainian") == "UA");
    CHECK(extractor().country_code("Kyiv") == "UA");
    CHECK(extractor().country_code("South Korea") == "KR");
    CHECK_FALSE(extractor().country_code("Narnia"));
    CHECK_FALSE(extractor().country_code("NATO"));
    CHECK_FALSE(extractor().country_code("Jordan").has_value());  // also a person's name
}

TEST_CASE("the ISO list comes from iso-codes with names and flags") {
    const auto iso = dateline::extract::IsoCountries::load();
    REQUIRE(iso.all().size() > 240);
    const auto* kr = iso.find("kr");
    REQUIRE(kr != nullptr);
    CHECK(kr->code == "KR");
    CHECK(kr->name == "Korea, Republic of");
    CHECK(iso.display_name("KR") == "South Korea");
    CHECK(iso.display_name("UA") == "Ukraine");
    CHECK(iso.find("ua")->flag == "\U0001F1FA\U0001F1E6");
    CHECK(iso.find("XX") == nullptr);
    CHECK(iso.display_name("XX").empty());
    CHECK_THROWS_WITH_AS(dateline::extract::IsoCountries::load("/nonexistent/iso.json"),
                         doctest::Contains("/nonexistent/iso.json"), std::runtime_error);
}

}  // TEST_SUITE

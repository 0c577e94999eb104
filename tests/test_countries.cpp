// Country extraction: names, demonyms, capitals, abbreviations, ambiguity rules, US datelines.
#include "extract/extractor.h"
#include "core/iso_countries.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

using dateline::extract::Extractor;

const Extractor& extractor() {
    static const Extractor e(dateline::default_data_dir());
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

TEST_CASE("a short story is about its headline, dateline and lead countries") {
    const std::string lead = "TOKYO, March 3 - Japan's exports rose 5 pct in February. ";
    struct StoryCase {
        std::string text;
        std::vector<std::string> expected;  // sorted
    };
    const std::vector<StoryCase> cases = {
        // Named once after the lead, beside a lead country: background.
        {lead + "The bonds will be listed in Luxembourg.", {"JP"}},
        {lead + "Exports to the U.S. fell. Officials said demand was weak.", {"JP"}},
        // Named twice after the lead: part of the story.
        {lead + "Exports to Canada fell. Canada bought less steel.", {"CA", "JP"}},
        // A city after the lead counts half: twice is one naming of its country.
        {lead + "Coffee traded in London. London prices fell.", {"JP"}},
        {lead + "Coffee traded in London. Britain bought more.", {"JP"}},
        {lead + "Coffee traded in London. Britain bought more. London prices fell.", {"GB", "JP"}},
        // Named in the lead sentence or the headline.
        {"TOKYO, March 3 - Japan and China signed a pact. Talks went well.", {"CN", "JP"}},
        // No lead country: every country counts.
        {"Exports rose. Shipments to Canada and Brazil increased.", {"BR", "CA"}},
        // Seven or more countries: a story about all of them.
        {lead + "Buyers were France, Italy, Spain, Greece, Egypt and Chile.",
         {"CL", "EG", "ES", "FR", "GR", "IT", "JP"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(countries_of(c.text) == c.expected);
    }
    CHECK(countries_of("Exports fell.", "JAPAN AND KOREA TRADE TALKS END") == std::vector<std::string>{"JP", "KR"});

    // A long story (a feature, not a wire report) keeps a country named once anywhere.
    std::string feature = "Ukraine proposed talks with Russia. ";
    for (int k = 0; k < 16; ++k) feature += "The talks went on. ";
    CHECK(countries_of(feature + "Talks were held in Belarus.") == std::vector<std::string>{"BY", "RU", "UA"});
    CHECK(countries_of(lead + "Talks were held in Belarus.") == std::vector<std::string>{"JP"});
}

TEST_CASE("currencies, tickers and US towns are not the places a story is about") {
    const std::vector<Case> cases = {
        {"ZURICH, March 3 - The bank issued 100 mln Swiss francs of notes.", {"CH"}},
        {"TOKYO, March 3 - Japan's bank bought 100 mln U.S. dlrs.", {"JP"}},
        {"LONDON, March 3 - The 100 mln Australian dlr eurobond was priced.", {"GB"}},
        {"The bank issued 100 mln Swiss francs of notes.", {"CH"}},  // the only evidence
        {"Union Carbide Corp <UK> said sales rose.", {}},
        {"The UK economy grew.", {"GB"}},
        {"DUBLIN, Calif., March 3 - Sales rose.", {"US"}},
        {"The plant in Paris, Texas, closed.", {"US"}},
        {"CANTON, Mass., March 3 - Sales rose.", {"US"}},
        {"Sales in Mexico, California and Texas rose.", {"MX", "US"}},
        {"Sales in Paris rose.", {"FR"}},
        {"NEW YORK, March 3 - Ferro Corp formed a venture with a Paris-based group.", {"US"}},
        {"NEW YORK, March 3 - It bought <British Petroleum Co PLC> shares.", {"US"}},
        {"The Paris-based group grew.", {"FR"}},  // the only evidence
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(countries_of(c.text) == c.expected);
    }
}

TEST_CASE("named institutions and rounds follow the data files") {
    const std::vector<Case> cases = {
        {"The Uruguay Round of trade talks resumed.", {}},
        {"The Paris Club of creditors met.", {}},
        {"The Liberal Democratic Party won.", {"JP"}},
        {"The Social Democratic Party lost.", {}},
        {"The Democratic Party lost.", {"US"}},
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
    CHECK(extractor().country_code("Texas") == "US");              // a state flag is no ambiguity
}

TEST_CASE("the ISO list comes from iso-codes with names and flags") {
    const auto iso = dateline::IsoCountries::load();
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
    CHECK_THROWS_WITH_AS(dateline::IsoCountries::load("/nonexistent/iso.json"),
                         doctest::Contains("/nonexistent/iso.json"), std::runtime_error);
}

}  // TEST_SUITE

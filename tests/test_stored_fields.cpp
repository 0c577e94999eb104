// A hit's fields read from the document data the indexer stores (search/stored_fields.h).
#include "core/article_json.h"
#include "search/stored_fields.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

using namespace dateline;
using namespace dateline::index;
using namespace dateline::search;

TEST_SUITE("stored fields") {
    TEST_CASE("a hit's fields come back as the indexer stored them, whatever else the document holds") {
        Article article;
        article.id = "kyiv/2022-03-29 \"talks\"";
        article.title = "Zelenskyy: \u201cpeace\u201d <now> & then";
        article.body = "Line one.\nLine two with a tab\t, a backslash \\ and \u00e9t\u00e9 \U0001F1FA\U0001F1E6.";
        article.url = "https://example.org/a";
        article.source = "Reuters";
        article.date = PartialDate{2022, 3, 29};
        article.speakers = {"Volodymyr Zelenskyy", "Mevl\u00fct \u00c7avu\u015fo\u011flu"};
        article.countries = {"UA", "RU", "TR"};
        article.mentioned_dates = {PartialDate{2022, 2, 24}};
        article.attributions.push_back({"Volodymyr Zelenskyy", "said", "we want peace", "body", 3, 16, 0});

        const StoredHitFields fields = read_hit_fields(article_to_json(article).dump());
        CHECK(fields.id == article.id);
        CHECK(fields.title == article.title);
        CHECK(fields.body == article.body);
        REQUIRE(fields.date);
        CHECK(*fields.date == "2022-03-29");
        CHECK(fields.speakers == article.speakers);
        CHECK(fields.countries == article.countries);
    }

    TEST_CASE("an undated document, and one without the optional fields") {
        Article article;
        article.id = "undated";
        const StoredHitFields stored = read_hit_fields(article_to_json(article).dump());
        CHECK(stored.id == "undated");
        CHECK_FALSE(stored.date);
        CHECK(stored.speakers.empty());

        const StoredHitFields bare = read_hit_fields(R"({"id":"bare"})");
        CHECK(bare.id == "bare");
        CHECK(bare.title.empty());
        CHECK(bare.body.empty());
        CHECK_FALSE(bare.date);
        CHECK(bare.countries.empty());
    }

    TEST_CASE("data that is not what the indexer writes is an error that says so, not a crash") {
        for (const std::string data : {"", "not json", "[1, 2]", R"({"title":"no id"})", R"({"id": 7})",
                                       R"({"id":"x","speakers":"one"})", R"({"id":"x","countries":[1]})",
                                       R"({"id":"x","body":"unterminated)", "{\"id\":\"\xff\xfe\"}"}) {
            CAPTURE(data);
            CHECK_THROWS_AS(read_hit_fields(data), std::runtime_error);
        }
    }
}

#include "http/url.h"

#include <doctest/doctest.h>

using namespace dateline::http;

TEST_SUITE("url") {
    TEST_CASE("targets split into a decoded path and ordered parameters") {
        const auto t = parse_target("/api/search?q=peace+talks&country=UA&country=RU&speaker=Volodymyr%20Zelenskyy&empty=");
        REQUIRE(t);
        CHECK(t->path == "/api/search");
        REQUIRE(t->params.size() == 5);
        CHECK(t->params[0] == std::pair<std::string, std::string>{"q", "peace talks"});
        CHECK(t->params[2].second == "RU");
        CHECK(t->params[3].second == "Volodymyr Zelenskyy");
        CHECK(t->params[4].second.empty());
        CHECK(parse_target("/api/doc/seeds%2F000")->path == "/api/doc/seeds/000");
        CHECK(parse_target("/a+b")->path == "/a+b");  // '+' is a space only in the query
    }

    TEST_CASE("malformed targets and escapes are rejected") {
        for (const char* target : {"", "api/search", "http://host/x", "/%", "/%4", "/%zz", "/x?q=%ff", "/x?q=%00"}) {
            CAPTURE(target);
            CHECK_FALSE(parse_target(target));
        }
    }

    TEST_CASE("percent-encoding round-trips") {
        const std::string text = "seeds/000 Zelens\xca\xb9kyi?&=";
        CHECK(percent_decode(percent_encode(text), false) == text);
    }
}

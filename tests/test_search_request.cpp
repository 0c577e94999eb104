#include "search/search_request.h"

#include <doctest/doctest.h>

using namespace dateline::search;

TEST_SUITE("search request") {
    TEST_CASE("parameters read into a request, filters repeating") {
        const auto r = parse_search_request({{"q", "ceasefire talks"}, {"speaker", "Vladimir Putin"}, {"country", "ua"},
                                             {"country", "RU"}, {"country", "UA"}, {"from", "2025-04"}, {"to", "2025"},
                                             {"sort", "-date"}, {"page", "2"}, {"size", "20"}, {"facet_size", "50"}});
        REQUIRE(r);
        CHECK(r->query == "ceasefire talks");
        CHECK(r->speakers == std::vector<std::string>{"Vladimir Putin"});
        CHECK(r->countries == std::vector<std::string>{"UA", "RU"});
        CHECK(r->from->to_iso() == "2025-04-01");
        CHECK(r->to->to_iso() == "2025-12-31");
        CHECK(r->sort == SortOrder::newest);
        CHECK(r->page == 2);
        CHECK(r->size == 20);
        CHECK(r->facet_size == 50);
        CHECK_FALSE(r->typing);
    }

    TEST_CASE("partial 'to' dates end on the last day of their month, leap years included") {
        CHECK(parse_search_request({{"to", "2024-02"}})->to->to_iso() == "2024-02-29");
        CHECK(parse_search_request({{"to", "2023-02"}})->to->to_iso() == "2023-02-28");
    }

    TEST_CASE("bad parameters are errors that name the parameter") {
        const struct {
            Params params;
            const char* message;
        } cases[] = {
            {{{"size", "1000"}}, "parameter 'size': must be between 0 and 100, got 1000"},
            {{{"size", "ten"}}, "parameter 'size': expected a whole number, got \"ten\""},
            {{{"page", "0"}}, "parameter 'page': must be between 1 and 10000, got 0"},
            {{{"from", "2025-13"}}, "parameter 'from': expected YYYY, YYYY-MM or YYYY-MM-DD, got \"2025-13\""},
            {{{"from", "2025-05"}, {"to", "2025-04"}},
             "parameter 'from': the range ends (to=2025-04-30) before it starts (from=2025-05-01)"},
            {{{"country", "Ukraine"}}, "parameter 'country': expected an ISO 3166-1 alpha-2 code, got \"Ukraine\""},
            {{{"sort", "best"}}, "parameter 'sort': expected relevance, date or -date, got \"best\""},
            {{{"undated", "maybe"}}, "parameter 'undated': expected true or false, got \"maybe\""},
            {{{"typing", "yes"}}, "parameter 'typing': expected true or false, got \"yes\""},
            {{{"undated", "true"}, {"from", "2020"}}, "parameter 'undated': cannot be combined with from or to"},
            {{{"q", std::string(4097, 'a')}}, "The query is too long: at most 4096 bytes, this one has 4097"},
            {{{"qq", "x"}}, "unknown parameter 'qq'"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.message);
            const auto r = parse_search_request(c.params);
            REQUIRE_FALSE(r);
            CHECK(r.error().code == ErrorCode::bad_param);
            CHECK(r.error().message == c.message);
        }
    }

    TEST_CASE("typing is a boolean, false unless given") {
        const struct {
            const char* value;
            bool typing;
        } cases[] = {{"true", true}, {"1", true}, {"false", false}, {"0", false}, {"", false}};
        for (const auto& c : cases) {
            CAPTURE(c.value);
            const auto r = parse_search_request({{"q", "kuw"}, {"typing", c.value}});
            REQUIRE(r);
            CHECK(r->typing == c.typing);
            CHECK(parse_search_request(to_params(*r))->typing == c.typing);
        }
        CHECK_FALSE(parse_search_request({{"q", "kuw"}})->typing);
    }

    TEST_CASE("a request written back as parameters reads the same") {
        const auto r = parse_search_request({{"q", "x"}, {"speaker", "A"}, {"country", "UA"}, {"from", "2020-01-01"},
                                             {"sort", "date"}});
        const auto again = parse_search_request(to_params(*r));
        REQUIRE(again);
        CHECK(again->query == r->query);
        CHECK(again->speakers == r->speakers);
        CHECK(again->from == r->from);
        CHECK(again->sort == SortOrder::oldest);
    }
}

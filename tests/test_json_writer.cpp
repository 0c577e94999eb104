// The API's JSON text (search/json_writer.h, search/response_json.h): what it escapes, what it
// replaces, and that a whole search response reads back as the values it was written from.
#include "search/json_writer.h"
#include "search/response_json.h"
#include "core/utf8.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

using namespace dateline::search;
using nlohmann::json;

namespace {

// One value alone, as the writer spells it.
template <typename Value>
std::string written(const Value& v) {
    JsonWriter out;
    out.value(v);
    return std::move(out).take();
}
std::string string_value(std::string_view text) { return written(text); }

FacetValueCount facet_value(std::string value, std::uint32_t count, bool selected = false) {
    FacetValueCount v;
    v.value = std::move(value);
    v.count = count;
    v.selected = selected;
    return v;
}

}  // namespace

TEST_SUITE("JSON writer") {
    TEST_CASE("strings escape what JSON requires and keep every valid character as it is") {
        CHECK(string_value("plain") == R"("plain")");
        CHECK(string_value("say \"no\" \\ yes") == R"("say \"no\" \\ yes")");
        CHECK(string_value("a\nb\tc\rd\be\ff") == R"("a\nb\tc\rd\be\ff")");
        CHECK(string_value(std::string_view("\x01\x1f\0z", 4)) == R"("\u0001\u001f\u0000z")");
        CHECK(string_value("\x7f") == "\"\x7f\"");
        const std::string unicode = "Mevl\u00fct \u201cpeace\u201d \U0001F1FA\U0001F1E6 <mark>&amp;</mark>";
        CHECK(string_value(unicode) == '"' + unicode + '"');
        CHECK(string_value("") == R"("")");
    }

    TEST_CASE("bytes that are not UTF-8 are written as U+FFFD, each fault once, and the rest kept") {
        const std::string fffd = "\xEF\xBF\xBD";
        CHECK(string_value("a\xFFz") == "\"a" + fffd + "z\"");
        CHECK(string_value("\xC3") == '"' + fffd + '"');                     // cut short at the end
        CHECK(string_value("\xC0\xAF!") == '"' + fffd + fffd + "!\"");       // overlong: two faults
        CHECK(string_value("\xED\xA0\x80") == '"' + fffd + fffd + fffd + '"');  // a surrogate
        const std::string written = string_value("caf\xC3\xA9 \xE2\x82 end");
        CHECK(json::parse(written).get<std::string>() == "caf\xC3\xA9 " + fffd + fffd + " end");
    }

    TEST_CASE("any bytes make a string that parses, as the text with its faults replaced") {
        // Bytes that start, continue or spoil sequences of every length, and the escapes.
        const std::string alphabet = "a\"\\\n\x01\x7f\x80\xbf\xc0\xc3\xa9\xe2\x82\xac\xed\xa0\xf0\x9f\xf4\x90\xf8\xff";
        std::mt19937 random(20261127);
        for (int round = 0; round < 2000; ++round) {
            std::string text(random() % 12, ' ');
            for (char& c : text) c = alphabet[random() % alphabet.size()];
            CAPTURE(round);
            CHECK(json::parse(string_value(text)).get<std::string>() == dateline::replace_invalid_utf8(text));
        }
    }

    TEST_CASE("numbers read back as the same values, and what JSON cannot spell is null") {
        CHECK(written(std::uint64_t{18446744073709551615u}) == "18446744073709551615");
        CHECK(written(std::int64_t{-42}) == "-42");
        CHECK(written(std::uint32_t{7}) == "7");
        for (const double d : {0.0, 1.5, -2.25, 0.1, 1e-7, 123456.789, 3.0e300, 4.9406564584124654e-324}) {
            CAPTURE(d);
            CHECK(json::parse(written(d)).get<double>() == d);
        }
        CHECK(written(std::numeric_limits<double>::quiet_NaN()) == "null");
        CHECK(written(-std::numeric_limits<double>::infinity()) == "null");
        CHECK(written(true) == "true");
        JsonWriter null;
        null.null();
        CHECK(std::move(null).take() == "null");
    }

    TEST_CASE("objects and arrays nest with commas between members and elements only") {
        JsonWriter out;
        out.begin_object().member("a", 1).key("b").begin_array();
        out.value("x").begin_object().end_object().begin_array().end_array().null();
        out.end_array().key("c").begin_object().member("d", false).end_object().end_object();
        CHECK(std::move(out).take() == R"({"a":1,"b":["x",{},[],null],"c":{"d":false}})");
    }

    TEST_CASE("a search response reads back as the values it was written from") {
        SearchResponse response;
        response.query = "peace \"talks\"";
        response.total = 1234;
        response.page = 2;
        response.size = 1;
        response.sort = "relevance";
        response.took_ms = 1.25;
        response.warning = "a warning";
        response.partial = true;
        response.revision = "42.7";
        response.updated = "2026-12-04T18:30:00Z";
        response.stories = 1200;
        Hit hit;
        hit.id = "kyiv/1";
        hit.title_html = "<mark>Peace</mark> &amp; talks";
        hit.snippet_html = "\u2026they said \u201cyes\u201d\u2026";
        hit.speakers = {"Volodymyr Zelenskyy"};
        hit.countries = {{"UA", "Ukraine", "\U0001F1FA\U0001F1E6"}};
        hit.score = 3.75;
        response.results.push_back(hit);
        hit.date = "2022-03-29";
        hit.speakers.clear();
        hit.cluster = "00ff00ff00ff00ff";
        hit.copies = 2;
        response.results.push_back(hit);
        response.speaker = {{facet_value("Volodymyr Zelenskyy", 3, true)}, 1};
        response.country = {{{"UA", 5, false, "Ukraine", "\U0001F1FA\U0001F1E6"}}, 4};
        response.date = {{facet_value("2022-03", 2), facet_value("undated", 1)}, 2};
        response.date_granularity = DateGranularity::month;

        const json got = json::parse(to_json(response));
        const json want = {
            {"query", "peace \"talks\""}, {"total", 1234}, {"stories", 1200}, {"count", "articles"}, {"collapse", true},
            {"page", 2}, {"size", 1}, {"sort", "relevance"},
            {"took_ms", 1.25}, {"suggestion", nullptr}, {"warning", "a warning"}, {"partial", true},
            {"revision", "42.7"}, {"updated", "2026-12-04T18:30:00Z"},
            {"results",
             {{{"id", "kyiv/1"}, {"title", hit.title_html}, {"date", nullptr}, {"snippet", hit.snippet_html},
               {"speakers", {"Volodymyr Zelenskyy"}},
               {"countries", {{{"code", "UA"}, {"label", "Ukraine"}, {"flag", "\U0001F1FA\U0001F1E6"}}}},
               {"score", 3.75}, {"cluster", nullptr}, {"copies", 0}},
              {{"id", "kyiv/1"}, {"title", hit.title_html}, {"date", "2022-03-29"}, {"snippet", hit.snippet_html},
               {"speakers", json::array()},
               {"countries", {{{"code", "UA"}, {"label", "Ukraine"}, {"flag", "\U0001F1FA\U0001F1E6"}}}},
               {"score", 3.75}, {"cluster", "00ff00ff00ff00ff"}, {"copies", 2}}}},
            {"facets",
             {{"speaker", {{{"value", "Volodymyr Zelenskyy"}, {"count", 3}, {"selected", true}}}},
              {"country",
               {{{"value", "UA"}, {"count", 5}, {"selected", false}, {"label", "Ukraine"},
                 {"flag", "\U0001F1FA\U0001F1E6"}}}},
              {"date",
               {{{"value", "2022-03"}, {"count", 2}, {"selected", false}},
                {{"value", "undated"}, {"count", 1}, {"selected", false}}}}}},
            {"facet_info",
             {{"speaker", {{"distinct", 1}}},
              {"country", {{"distinct", 4}}},
              {"date", {{"distinct", 2}, {"granularity", "month"}}}}}};
        CHECK(got == want);
    }

    TEST_CASE("facet values, health and errors read back as written") {
        FacetSearchResponse values{"country", {{"UA", 5, true, "Ukraine", "\U0001F1FA\U0001F1E6"}}, false};
        CHECK(json::parse(to_json(values)) ==
              json{{"facet", "country"},
                   {"values", {{{"value", "UA"}, {"count", 5}, {"selected", true}, {"label", "Ukraine"},
                                {"flag", "\U0001F1FA\U0001F1E6"}}}},
                   {"partial", false}});
        RequestLimits limits;
        limits.max_query_bytes = 2048;
        limits.max_size = 50;
        CHECK(json::parse(to_json(HealthResponse{5, "12", "2026-11-27T20:00:00Z"}, limits)) ==
              json{{"status", "ok"}, {"documents", 5}, {"revision", "12"}, {"last_update", "2026-11-27T20:00:00Z"},
                   {"limits", {{"max_query_bytes", 2048}, {"max_size", 50}}}});
        CHECK(json::parse(to_json(Error{ErrorCode::bad_param, "parameter 'size': \"x\" is not a number"})) ==
              json{{"error", {{"code", "bad_param"}, {"message", "parameter 'size': \"x\" is not a number"}}}});
    }
}

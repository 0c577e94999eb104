// Inputs the fuzz targets (tests/fuzz) found to crash or to break an invariant, each pinned
// to the behaviour of its fix. The same inputs stay in the targets' seed corpora.
#include "extract/extractor.h"
#include "readers/reader.h"
#include "search/query_builder.h"
#include "search/searcher.h"
#include "support/sample_index.h"
#include "core/utf8.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

using namespace dateline;
using namespace dateline::index;
using namespace std::string_literals;

namespace {

struct UndatedIndex {
    testing::TempDir dir;
    search::Vocabulary vocabulary{testing::data_dir()};
    std::optional<search::Index> index;

    UndatedIndex() {
        testing::build_index(dir / "db", {testing::sample_corpus()});  // data/sample has no dates
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
    }
};

}  // namespace

TEST_SUITE("fuzz regressions") {
    TEST_CASE("a text document whose first line is empty after trimming has no title") {
        // fuzz_text_reader: reads_like_title() took back() of an empty line.
        const struct {
            std::string content;
            bool markdown;
            std::string body;
        } cases[] = {
            {"#\n\nBody text.", true, "Body text."},
            {"\f\nBody text.", false, "Body text."},
            {"#\n&_ 2\0\xff\n\n"s, true, "&_ 2\0\xff"s},  // the input as found: not even clean text
        };
        for (const auto& c : cases) {
            CAPTURE(c.content);
            const Article article = parse_text_document(c.content, "doc", c.markdown);
            CHECK(article.title.empty());
            CHECK(article.body == c.body);
        }
        CHECK_THROWS_WITH_AS(parse_text_document("#\n", "doc", true), "empty document", std::invalid_argument);
    }

    TEST_CASE("an HTML publication date of only a year or a month is no publication date") {
        // fuzz_html_reader: <time datetime="2023-12"> became a month-precision Article::date.
        const struct {
            const char* html;
            const char* date;  // expected ISO day, or nullptr
        } cases[] = {
            {"<h1>T</h1><p><time datetime=\"2023-12\">Dec</time></p>", nullptr},
            {"<meta property=\"article:published_time\" content=\"2024\"><h1>T</h1>", nullptr},
            {"<script type=\"application/ld+json\">{\"datePublished\":\"2024-02\"}</script><h1>T</h1>", nullptr},
            {"<meta name=\"date\" content=\"2024\"><h1>T</h1><time datetime=\"2023-12-31\">x</time>", "2023-12-31"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.html);
            const Article article = parse_html_document(c.html, "doc");
            if (c.date) {
                REQUIRE(article.date);
                CHECK(article.date->to_iso() == c.date);
            } else {
                CHECK_FALSE(article.date);
            }
        }
    }

    TEST_CASE("a numeric character reference past 32 bits leaves the HTML text clean UTF-8") {
        // fuzz_html_reader: gumbo wrote `&#x10FFFF3594;` as the single byte 0x94.
        const Article article =
            parse_html_document("<html><body><main><p>ab&#x10FFFF3594;cd</p></main></body></html>", "doc");
        CHECK_FALSE(find_invalid_utf8(article.body));
        CHECK(article.body == "ab\xEF\xBF\xBD" "cd");
        CHECK(replace_invalid_utf8("a\x94\xE2\x82" "b\0c"s) == "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
        CHECK(replace_invalid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
    }

    TEST_CASE("a DOCTYPE inside the head's <noscript> leaks nothing") {
        // fuzz_html_reader: gumbo 0.10.1 loses the strings of such a DOCTYPE token
        // ("<noscript><html><!doctype h"); the reader's arena frees them. LeakSanitizer, in the
        // sanitizer suite, is what sees a leak here.
        const Article article = parse_html_document(
            "<html><head><noscript><!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"x.dtd\">"
            "</noscript><title>Talks resume</title></head><body><p>Delegations met.</p></body></html>",
            "doc");
        CHECK(article.title == "Talks resume");
        CHECK(article.body == "Delegations met.");
        CHECK_THROWS_WITH_AS(parse_html_document("<noscript><html><!doctype h<botm", "doc"),
                             "empty document (no title or text)", std::invalid_argument);
    }

    TEST_CASE("every attribution names one of the article's speakers after name variants merge") {
        // fuzz_speakers: "ZelLLLLenskiy" (key "zelensk") merged into "Volodymyr Zelenskiy"; the
        // final renaming pass matched attributions to speakers by display length and so left the
        // headline's attribution naming a speaker the article no longer listed.
        const extract::Extractor extractor(testing::data_dir());
        const struct {
            std::string title;
            std::string body;
        } cases[] = {
            {"ZelLLLLLLLLLLLLLLLLLLLLLLLLenskiy Offers Talks",
             "\"We are ready,\" said Ukrainian President VolLondon-basednt Volodymyr Zelenskiy. He said the "
             "talks, according to Sen. Marco Ruyr Zelenskiy. H\xa8 said the darector of the Center, at "
             "Rutgers University, said so."s},  // the input as found
            {"ZelLLLLenskiy Offers Talks",
             "\"We are ready,\" said Ukrainian President Volodymyr Zelenskiy. \"We will talk,\" said Sen. "
             "Marco Ruyr Zelenskiy."},
        };
        for (const auto& c : cases) {
            CAPTURE(c.body);
            Article article;
            article.title = c.title;
            article.body = c.body;
            extractor.extract(article);
            REQUIRE_FALSE(article.attributions.empty());
            for (const auto& a : article.attributions) {
                CAPTURE(a.speaker);
                CHECK(std::find(article.speakers.begin(), article.speakers.end(), a.speaker) !=
                      article.speakers.end());
            }
            CHECK(article.attributions.front().speaker == "Volodymyr Zelenskiy");
        }
    }

    TEST_CASE("an integer JSONL id keeps its value, even past the range of a signed 64-bit integer") {
        // fuzz_jsonl_reader: 18446744073709551615 was read through long long and became "-1".
        const struct {
            const char* record;
            const char* id;
        } cases[] = {
            {R"({"id": 18446744073709551615, "body": "x"})", "18446744073709551615"},
            {R"({"id": 9223372036854775808, "body": "x"})", "9223372036854775808"},
            {R"({"id": -9223372036854775808, "body": "x"})", "-9223372036854775808"},
            {R"({"id": 42, "body": "x"})", "42"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.record);
            CHECK(parse_jsonl_record(c.record).id == c.id);
        }
    }

    TEST_CASE("a WARC page whose target URI is not UTF-8 is a problem, not an article") {
        // fuzz_warc_reader: the raw header became the id, which is stored and searched as text.
        const std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>A</title>";
        const std::string warc = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/\xff\r\n"
                                 "Content-Type: application/http\r\nContent-Length: " +
                                 std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
        std::size_t articles = 0;
        std::vector<std::string> problems;
        parse_warc(
            warc, "in.warc", ReaderLimits{}, [&](Article&&) { ++articles; },
            [&](InputProblem&& p) { problems.push_back(p.where + ": " + p.reason); });
        CHECK(articles == 0);
        CHECK(problems == std::vector<std::string>{"in.warc:record 1: WARC-Target-URI is not UTF-8 text (byte 18)"});
    }

    TEST_CASE("a date range over an index without dated documents does not overflow") {
        // fuzz_http_target, /api/search?q=talks&from=2022&to=2025 over data/sample: searcher.cpp's
        // date_histogram() subtracts FacetStore::first_day(), which is kUndated (INT_MIN) when no
        // document has a date: signed overflow (UBSan: "18993 - -2147483648").
        UndatedIndex fixture;
        const search::Searcher searcher(*fixture.index, fixture.vocabulary);
        search::SearchRequest request;
        request.query = "talks";
        request.from = PartialDate{2022, 1, 1};
        request.to = PartialDate{2025, 12, 31};
        const auto response = searcher.search(request);
        REQUIRE(response.ok());
        CHECK(response->total == 0);
    }

    TEST_CASE("a rejected field value followed by more words leaks nothing") {
        // fuzz_query: a FieldError that unwound through Xapian's QueryParser leaked the terms it
        // had lexed (72 bytes each); LeakSanitizer in the sanitizer build catches a relapse.
        UndatedIndex fixture;
        const auto snapshot = fixture.index->current();
        const auto lease = snapshot->acquire();
        const auto parsed = search::parse_query("country:atlantis talks", lease.db(), snapshot->facets(),
                                                fixture.vocabulary, snapshot->stems());
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().code == search::ErrorCode::bad_query);
    }
}

#include "input_walker.h"
#include "readers/html_nesting.h"
#include "readers/reader.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace dateline;
using namespace dateline::index;
using dateline::testing::TempDir;

namespace {

using dateline::testing::write_file;

struct Collected {
    std::vector<Article> articles;
    std::vector<InputProblem> problems;
};

Collected read(const std::filesystem::path& file, const std::string& id = "doc") {
    Collected out;
    read_input_file(file, format_of(file), id, ReaderLimits{}, [&](Article&& a) { out.articles.push_back(std::move(a)); },
                    [&](InputProblem&& p) { out.problems.push_back(std::move(p)); });
    return out;
}

std::string repeated(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

std::string nested_divs(std::size_t depth) { return repeated("<div>", depth) + "text" + repeated("</div>", depth); }

constexpr std::uint64_t kNoLimit = UINT64_MAX;

}  // namespace

TEST_SUITE("readers") {
    TEST_CASE("a headline line becomes the title and the rest the body") {
        const Article a = parse_text_document("Putin Expresses Willingness for Peace Talks\n\nFirst paragraph.\n", "x", false);
        CHECK(a.title == "Putin Expresses Willingness for Peace Talks");
        CHECK(a.body == "First paragraph.");
        CHECK(a.id == "x");
    }

    TEST_CASE("an opening paragraph gives its first sentence, cut at a word boundary, as title") {
        const std::string paragraph =
            "Ukraine has extended a fresh proposal to resume peace negotiations with Russia, suggesting a new round of "
            "talks be held next week. This initiative comes in the wake of a pause.";
        const Article a = parse_text_document(paragraph + "\nSecond paragraph.", "x", false);
        CHECK(a.title.starts_with("Ukraine has extended a fresh proposal"));
        CHECK(a.title.ends_with("\xE2\x80\xA6"));
        CHECK(a.title.size() <= 120 + 3);
        CHECK(a.body.starts_with(paragraph));  // the paragraph stays in the body
    }

    TEST_CASE("a short first sentence of a paragraph is the whole title") {
        const Article a = parse_text_document("The U.S. said talks resume. Then more text follows here.", "x", false);
        CHECK(a.title == "The U.S. said talks resume.");
    }

    TEST_CASE("Markdown headings lose their hashes") {
        CHECK(parse_text_document("# Talks resume\n\nBody", "x", true).title == "Talks resume");
    }

    TEST_CASE("the seed articles read with the titles a person would give them") {
        const auto titles = [](const std::string& name) {
            return read(testing::sample_corpus() / name).articles.at(0).title;
        };
        CHECK(titles("000_2427cd1eaf4df52c.txt") == "Zelenskiy Offers Russia More Talks: Hope for Ukraine Peace?");
        CHECK(titles("004_ccc3e7e1ea919f7c.txt") == "Putin Expresses Willingness for Peace Talks with Ukraine for the First Time");
        CHECK(titles("002_9942e433d9896480.txt").starts_with("Ukrainian President Volodymyr Zelenskyy announced on Saturday"));
    }

    TEST_CASE("HTML gives title, readable text and publication metadata") {
        const std::string html = R"(<!doctype html><html><head><title>Site | Talks</title>
            <meta property="og:title" content="Talks resume in Istanbul">
            <meta property="article:published_time" content="2025-05-16T09:00:00Z">
            <link rel="canonical" href="https://example.org/talks">
            <script>var tracking = "ignore me";</script></head>
            <body><nav>Home | World</nav><article><h1>Talks resume in Istanbul</h1>
            <p>Delegations met <b>on Friday</b>.</p><p>Zelenskyy said: "We are ready."</p></article>
            <footer>Copyright</footer></body></html>)";
        const Article a = parse_html_document(html, "t.html");
        CHECK(a.title == "Talks resume in Istanbul");
        CHECK(a.body == "Delegations met on Friday.\n\nZelenskyy said: \"We are ready.\"");
        REQUIRE(a.date);
        CHECK(a.date->to_iso() == "2025-05-16");
        CHECK(a.url == "https://example.org/talks");
        CHECK(a.body.find("tracking") == std::string::npos);
        CHECK(a.body.find("Copyright") == std::string::npos);
    }

    TEST_CASE("HTML publication dates come from JSON-LD or <time> when no meta tag has one") {
        const Article ld = parse_html_document(
            R"(<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-03-05"}]}</script><p>Text</p>)", "a");
        REQUIRE(ld.date);
        CHECK(ld.date->to_iso() == "2024-03-05");
        const Article time = parse_html_document(R"(<article><time datetime="2023-01-02">Jan 2</time><p>Text</p></article>)", "b");
        REQUIRE(time.date);
        CHECK(time.date->to_iso() == "2023-01-02");
    }

    TEST_CASE("a JSONL record reads every schema field, explicit facets included") {
        const Article a = parse_jsonl_record(
            R"({"id": 7, "title": "T", "body": "B", "date": "2025-04-21T08:00:00Z", "url": "u", "source": "Wire",
                "speakers": ["Vladimir Putin", "Vladimir Putin"], "countries": ["ru", "UA"]})");
        CHECK(a.id == "7");
        CHECK(a.date->to_iso() == "2025-04-21");
        CHECK(a.speakers == std::vector<std::string>{"Vladimir Putin"});
        CHECK(a.countries == std::vector<std::string>{"RU", "UA"});
        CHECK(a.speakers_given);
        CHECK(a.countries_given);
        CHECK_FALSE(parse_jsonl_record(R"({"id":"x","title":"T","body":"B"})").speakers_given);
    }

    TEST_CASE("bad JSONL records are rejected with the reason") {
        const struct {
            const char* line;
            const char* reason;
        } cases[] = {
            {"{not json", "malformed JSON"},
            {"[1,2]", "expected a JSON object"},
            {R"({"title":"T","body":"B"})", "id: missing"},
            {R"({"id":"","title":"T","body":"B"})", "id: empty"},
            {R"({"id":{},"title":"T"})", "id: expected a string or an integer"},
            {R"({"id":"a","title":"","body":"  "})", "empty document (no title or body)"},
            {R"({"id":"a","title":"T","date":"yesterday"})", "date: \"yesterday\" is not an ISO 8601 date (YYYY-MM-DD)"},
            {R"({"id":"a","title":"T","date":"2025-04"})", "date: \"2025-04\" is not an ISO 8601 date (YYYY-MM-DD)"},
            {R"({"id":"a","title":"T","countries":["Ukraine"]})", "countries: \"Ukraine\" is not an ISO 3166-1 alpha-2 code"},
            {R"({"id":"a","title":"T","speakers":"Putin"})", "speakers: expected an array of strings"},
            {R"({"id":"a","title":7})", "title: expected a string"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.line);
            CHECK_THROWS_WITH_AS(parse_jsonl_record(c.line), c.reason, std::invalid_argument);
        }
    }

    TEST_CASE("a JSONL file reports bad lines by number and keeps the good ones") {
        const TempDir dir;
        write_file(dir / "in.jsonl", "{\"id\":\"a\",\"title\":\"A\",\"body\":\"x\"}\n{broken\n\n{\"id\":\"b\",\"title\":\"B\"}\n");
        const Collected got = read(dir / "in.jsonl");
        REQUIRE(got.articles.size() == 2);
        CHECK(got.articles[1].id == "b");
        REQUIRE(got.problems.size() == 1);
        CHECK(got.problems[0].where == (dir / "in.jsonl").string() + ":2");
        CHECK(got.problems[0].reason == "malformed JSON");
    }

    TEST_CASE("binary, invalid UTF-8, empty and oversized files are reported, not read") {
        const TempDir dir;
        write_file(dir / "bin.txt", std::string("abc\0def", 7));
        write_file(dir / "latin1.txt", "caf\xe9 au lait");
        write_file(dir / "empty.md", "  \n\n");
        CHECK(read(dir / "bin.txt").problems.at(0).reason == "binary content (NUL byte at offset 3)");
        CHECK(read(dir / "latin1.txt").problems.at(0).reason == "invalid UTF-8 at byte offset 3");
        CHECK(read(dir / "empty.md").problems.at(0).reason == "empty document");

        write_file(dir / "big.txt", std::string(2000, 'a'));
        Collected big;
        read_input_file(dir / "big.txt", InputFormat::text, "big", ReaderLimits{1000, 1000},
                        [&](Article&& a) { big.articles.push_back(a); }, [&](InputProblem&& p) { big.problems.push_back(p); });
        CHECK(big.articles.empty());
        CHECK(big.problems.at(0).reason == "file of 2000 bytes exceeds the limit of 1000");
    }

    TEST_CASE("the nesting work of a page is the depth of each of its tags, summed") {
        // n nested elements: start tags at depths 0..n-1, end tags at n..1.
        CHECK(nesting_work(nested_divs(3), kNoLimit) == 9);
        CHECK(nesting_work(nested_divs(1000), kNoLimit) == 1'000'000);
        CHECK(nesting_work("<DIV class=\"a>b\" title='>'><Span>x</SPAN></div>", kNoLimit) == 0 + 1 + 2 + 1);
        // What does not nest: void elements, omitted end tags, SVG's self-closed elements.
        CHECK(nesting_work(repeated("<p>para<br><img src=x>", 1000), kNoLimit) == 0);
        CHECK(nesting_work("<table>" + repeated("<tr><td>cell", 1000) + "</table>", kNoLimit) == 2001);
        CHECK(nesting_work("<svg>" + repeated("<path d='M0 0'/>", 1000) + "</svg>", kNoLimit) == 1001);
        CHECK(nesting_work(repeated("<div/>", 3), kNoLimit) == 3);  // HTML ignores the slash
        // Tags that are text: comments, scripts, styles.
        CHECK(nesting_work("<!--" + repeated("<div>", 100) + "-->", kNoLimit) == 0);
        CHECK(nesting_work("<script>" + repeated("<div>", 100) + "</scriptx></SCRIPT><b>", kNoLimit) == 0);
        CHECK(nesting_work("<b>x</b>", kNoLimit) == 1);
        // It stops counting soon after the limit, even on a page of millions of tags.
        const std::uint64_t past = nesting_work(repeated("<div>", 2'000'000), 1'000'000);
        CHECK(past > 1'000'000);
        CHECK(past < 1'002'000);
    }

    TEST_CASE("an HTML page nested too deeply to build is rejected, and others on either side are read") {
        // 300,000 levels took gumbo more than ten minutes; a page of 5,000 is read as usual.
        const TempDir dir;
        write_file(dir / "a.html", "<title>A</title><p>First.");
        write_file(dir / "deep.html", "<title>Deep</title>" + nested_divs(300'000));
        write_file(dir / "deep5000.html", "<title>Deep</title>" + nested_divs(5'000));
        const Collected deep = read(dir / "deep.html");
        CHECK(deep.articles.empty());
        CHECK(deep.problems.at(0).where == (dir / "deep.html").string());
        CHECK(deep.problems.at(0).reason ==
              "HTML elements nested too deeply: the depths of its tags add up to more than 200000000");
        CHECK(read(dir / "a.html").articles.at(0).body == "First.");
        const Collected fine = read(dir / "deep5000.html");
        REQUIRE(fine.articles.size() == 1);
        CHECK(fine.articles[0].body == "text");
    }

    TEST_CASE("directories are walked in name order with ids relative to the root") {
        const TempDir dir;
        write_file(dir / "root" / "b.txt", "B");
        write_file(dir / "root" / "sub" / "a.md", "A");
        write_file(dir / "root" / ".hidden" / "c.txt", "C");
        write_file(dir / "root" / "notes.pdf", "P");
        std::vector<InputProblem> problems;
        const auto files = list_input_files({dir / "root", dir / "missing", dir / "root" / "notes.pdf"},
                                            [&](InputProblem&& p) { problems.push_back(p); });
        REQUIRE(files.size() == 2);
        CHECK(files[0].default_id == "b.txt");
        CHECK(files[1].default_id == "sub/a.md");
        CHECK(files[1].format == InputFormat::markdown);
        REQUIRE(problems.size() == 2);
        CHECK(problems[0].reason == "no such file or directory");
        CHECK(problems[1].reason.starts_with("unknown input format"));
    }
}

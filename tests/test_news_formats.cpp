// Feeds (RSS, Atom), wire XML (NewsML-G2, NITF) and web archives (WARC) as the readers see them.
#include "readers/gzip_source.h"
#include "readers/reader.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace dateline;
using namespace dateline::index;
using dateline::testing::TempDir;
using dateline::testing::write_file;

namespace {

struct Collected {
    std::vector<Article> articles;
    std::vector<std::string> problems;  // "where: reason"
    ReadCounts counts;
};

Collected read_file(const std::filesystem::path& file, const ReaderLimits& limits = {}) {
    Collected out;
    out.counts = read_input_file(
        file, format_of(file), file.filename().string(), limits, [&](Article&& a) { out.articles.push_back(std::move(a)); },
        [&](InputProblem&& p) { out.problems.push_back(p.where + ": " + p.reason); });
    return out;
}

Collected xml(std::string_view content, const ReaderLimits& limits = {}) {
    Collected out;
    parse_news_xml(
        content, "in.xml", "in.xml", limits, [&](Article&& a) { out.articles.push_back(std::move(a)); },
        [&](InputProblem&& p) { out.problems.push_back(p.where + ": " + p.reason); });
    return out;
}

Collected warc(std::string_view content, const ReaderLimits& limits = {}) {
    Collected out;
    out.counts = parse_warc(
        content, "in.warc", limits, [&](Article&& a) { out.articles.push_back(std::move(a)); },
        [&](InputProblem&& p) { out.problems.push_back(p.where + ": " + p.reason); });
    return out;
}

std::filesystem::path fixture(const std::string& name) {
    return testing::source_dir() / "tests" / "fixtures" / "formats" / name;
}

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

// One gzip member, as a WARC writer compresses each record.
std::string gzip_member(std::string_view data) {
    z_stream stream{};
    REQUIRE(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&stream, data.size()) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string rss_item(const std::string& guid, const std::string& title) {
    return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>Talks in Kyiv.</description></item>\n";
}

std::string rss(const std::string& items) { return "<rss version=\"2.0\"><channel><title>Feed</title>\n" + items + "</channel></rss>\n"; }

std::string warc_record(const std::string& type, const std::string& uri, const std::string& block,
                        std::size_t claimed_length = std::string::npos) {
    const std::size_t length = claimed_length == std::string::npos ? block.size() : claimed_length;
    return "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
           "\r\nWARC-Date: 2025-04-24T10:00:00Z\r\nContent-Type: application/http; msgtype=" + type +
           "\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string http_page(const std::string& title, const std::string& extra_headers = "", int status = 200,
                      const std::string& type = "text/html; charset=utf-8") {
    const std::string body = "<html><head><title>" + title + "</title></head><body><p>Talks in Kyiv.</p></body></html>";
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type + "\r\n" + extra_headers + "\r\n" + body;
}

std::vector<std::string> ids(const Collected& got) {
    std::vector<std::string> out;
    for (const auto& a : got.articles) out.push_back(a.id);
    return out;
}

}  // namespace

TEST_SUITE("news formats") {
    TEST_CASE("extensions name the XML and WARC formats, and .xml is told by its root element") {
        const struct {
            const char* file;
            InputFormat format;
        } cases[] = {{"a.rss", InputFormat::xml},   {"a.ATOM", InputFormat::xml},       {"a.xml", InputFormat::xml},
                     {"a.warc", InputFormat::warc}, {"a.warc.gz", InputFormat::warc},   {"a.WARC.GZ", InputFormat::warc},
                     {"a.gz", InputFormat::unknown}, {"a.tar.gz", InputFormat::unknown}};
        for (const auto& c : cases) {
            CAPTURE(c.file);
            CHECK(format_of(c.file) == c.format);
        }
        CHECK(xml("<urlset><url/></urlset>").problems ==
              std::vector<std::string>{"in.xml: XML root element <urlset> is none of rss, feed (Atom), newsItem "
                                       "(NewsML-G2) and nitf"});
    }

    TEST_CASE("an RSS item gives title, HTML body text, date, link, guid and the channel's title") {
        const Collected got = read_file(fixture("wire.rss"));
        CHECK(got.problems.empty());
        REQUIRE(got.articles.size() == 2);
        const Article& a = got.articles[0];
        CHECK(a.id == "gazette-1001");
        CHECK(a.title == "Kyiv proposes new round of peace talks");
        // content:encoded wins over the teaser; its markup and scripts are gone.
        CHECK(a.body == "Ukraine proposed a new round of peace talks with Russia.\n\n\"We are ready,\" the foreign minister said.");
        CHECK(a.url == "https://gazette.example/2025/04/21/talks");
        CHECK(a.source == "Harbour Gazette");  // the channel's, not the image's title
        CHECK(a.date == PartialDate{2025, 4, 21});
        const Article& b = got.articles[1];
        CHECK(b.id == "https://gazette.example/2025/04/22/harbour");  // no guid: the link
        CHECK(b.body == "The harbour reopened on Tuesday.");       // escaped HTML in description
        CHECK(b.date == PartialDate{2025, 4, 22});
    }

    TEST_CASE("an Atom entry gives typed title and content, its alternate link and its published day") {
        const Collected got = read_file(fixture("wire.atom"));
        CHECK(got.problems.empty());
        REQUIRE(got.articles.size() == 2);
        const Article& a = got.articles[0];
        CHECK(a.id == "tag:chronicle.example,2025:geneva");
        CHECK(a.title == "Talks resume in Geneva");
        CHECK(a.body == "Negotiators met again in Geneva on Wednesday.\n\nNo agreement was reached.");
        CHECK(a.url == "https://chronicle.example/geneva");
        CHECK(a.source == "Valley Chronicle");
        CHECK(a.date == PartialDate{2025, 4, 23});  // published, not updated
        CHECK(got.articles[1].body == "The council passed the budget 7 to 2.");
        CHECK(got.articles[1].date == PartialDate{2025, 4, 24});  // updated when not published
    }

    TEST_CASE("a NewsML-G2 item gives headline, dateline, body, provider and its countries beside the text's") {
        const Collected got = read_file(fixture("newsml.xml"));
        CHECK(got.problems.empty());
        REQUIRE(got.articles.size() == 1);
        const Article& a = got.articles[0];
        CHECK(a.id == "urn:newsml:wire.example:20250421:kyiv-talks");
        CHECK(a.title == "Ukraine offers fresh round of talks");
        CHECK(a.body.starts_with("KYIV, April 21, 2025 - Ukraine offered Russia a new round of peace talks on Monday."));
        CHECK(a.source == "Wire Agency");
        CHECK(a.date == PartialDate{2025, 4, 21});
        CHECK(a.countries == std::vector<std::string>{"UA", "PL"});
        CHECK_FALSE(a.countries_given);  // extraction adds its own (RU, in the text)
    }

    TEST_CASE("an NITF document gives hl1, dateline, body.content, date.issue, publisher and event location") {
        const Collected got = read_file(fixture("story.nitf.xml"));
        CHECK(got.problems.empty());
        REQUIRE(got.articles.size() == 1);
        const Article& a = got.articles[0];
        CHECK(a.id == "wire-2025-0422-port");
        CHECK(a.title == "Antwerp port strike ends after three days");
        CHECK(a.body == "ANTWERP, April 22, 2025 - Dock workers in Antwerp returned to work on Tuesday.\n\n"
                        "Union leaders said the agreement raised wages by four percent.");
        CHECK(a.date == PartialDate{2025, 4, 22});
        CHECK(a.source == "Wire Agency Business");
        CHECK(a.countries == std::vector<std::string>{"BE"});
    }

    TEST_CASE("bad feed items are reported by line and the others are read") {
        const std::string feed = rss(rss_item("a", "A") + "<item><title>No id</title></item>\n" + "<item><guid>e</guid></item>\n" +
                                     rss_item("b", "B"));
        const Collected got = xml(feed);
        CHECK(ids(got) == std::vector<std::string>{"a", "b"});
        CHECK(got.problems == std::vector<std::string>{"in.xml:3: item has no guid and no link",
                                                       "in.xml:4: empty item (no title or text)"});
        ReaderLimits small;
        small.max_record_bytes = 10;
        CHECK(xml(rss(rss_item("a", "A"))).problems.empty());
        CHECK(xml(rss(rss_item("a", "A")), small).problems ==
              std::vector<std::string>{"in.xml:2: item of 15 bytes of text exceeds the limit of 10"});
    }

    TEST_CASE("malformed XML is reported at its line, after the items before it") {
        std::string items;
        for (int i = 0; i < 40; ++i) items += rss_item("g" + std::to_string(i), "Item " + std::to_string(i));
        const Collected got = xml(rss(items + "<item><guid>bad</title></item>\n" + rss_item("after", "After")));
        CHECK(got.articles.size() >= 30);  // libxml2 parses ahead in chunks of 512 bytes
        CHECK(got.articles.size() < 40);
        CHECK(got.problems == std::vector<std::string>{
                                  "in.xml:42: malformed XML: Opening and ending tag mismatch: guid line 42 and title"});
    }

    TEST_CASE("entities are neither expanded nor fetched: a billion laughs and an external entity are harmless") {
        std::string bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY l0 \"lol\">\n";
        for (int i = 1; i <= 9; ++i) {
            bomb += "<!ENTITY l" + std::to_string(i) + " \"";
            for (int j = 0; j < 10; ++j) bomb += "&l" + std::to_string(i - 1) + ";";
            bomb += "\">\n";
        }
        bomb += "]>\n" + rss("<item><guid>a</guid><title>&l9;</title></item>");
        const Collected got = xml(bomb);
        CHECK(got.articles.empty());
        REQUIRE(got.problems.size() == 1);
        CHECK(got.problems[0] == "in.xml:1: malformed XML: Detected an entity reference loop");

        const std::string external = "<!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>" +
                                     rss("<item><guid>a</guid><title>T</title><description>[&x;]</description></item>");
        const Collected read = xml(external);
        REQUIRE(read.articles.size() == 1);
        CHECK(read.articles[0].body == "[]");
    }

    TEST_CASE("a feed of 100,000 items is read item by item") {
        const TempDir dir;
        {
            std::ofstream out(dir / "big.rss");
            out << "<rss><channel><title>Big</title>\n";
            for (int i = 0; i < 100'000; ++i) out << rss_item("i" + std::to_string(i), "Item " + std::to_string(i));
            out << "</channel></rss>\n";
        }
        std::size_t count = 0;
        std::string last;
        std::vector<std::string> problems;
        read_input_file(
            dir / "big.rss", InputFormat::xml, "big.rss", ReaderLimits{},
            [&](Article&& a) {
                ++count;
                last = a.id;
            },
            [&](InputProblem&& p) { problems.push_back(p.reason); });
        CHECK(problems.empty());
        CHECK(count == 100'000);
        CHECK(last == "i99999");
    }

    TEST_CASE("a WARC file gives its HTML responses as articles and counts the other records") {
        for (const char* name : {"harbour.warc.gz", "harbour.warc"}) {
            CAPTURE(name);
            const TempDir dir;
            std::filesystem::path file = fixture("harbour.warc.gz");
            if (std::string_view(name) == "harbour.warc") {
                file = dir / name;
                write_file(file, decompress(slurp(fixture("harbour.warc.gz")), 1u << 20, GzipSource::Wrapper::gzip));
            }
            const Collected got = read_file(file);
            CHECK(got.problems.empty());
            CHECK(got.counts.other_records == 4);  // warcinfo, request, an image, a redirect
            REQUIRE(got.articles.size() == 2);
            const Article& a = got.articles[0];
            CHECK(a.id == "https://harbour.example/tides");
            CHECK(a.url == "https://harbour.example/tides");
            CHECK(a.title == "Spring tides expected this week");
            CHECK(a.body == "The harbour master warned of spring tides on Thursday.");
            CHECK(a.date == PartialDate{2025, 4, 24});  // WARC-Date: the page has none
            CHECK(got.articles[1].title == "Café reopens");  // ISO-8859-1, converted
        }
    }

    TEST_CASE("WARC pages chunked, compressed or in a charset are decoded; others are problems") {
        const std::string html = "<html><head><title>Zipped</title></head><body><p>Body.</p></body></html>";
        const std::string zipped = gzip_member(html);
        const struct {
            std::string block;
            std::string title_or_problem;
        } cases[] = {
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + zipped, "Zipped"},
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + html.substr(0, 16) +
                 "\r\n" + [&] { std::ostringstream s; s << std::hex << html.size() - 16; return s.str(); }() + "\r\n" +
                 html.substr(16) + "\r\n0\r\n\r\n",
             "Zipped"},
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<meta charset=\"koi8-r\"><title>\xf0\xd2\xc9\xd7\xc5\xd4</title>",
             "Привет"},
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\nxx",
             "in.warc:record 1: page in Content-Encoding \"br\", which is not read"},
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + zipped.substr(0, zipped.size() / 2),
             "in.warc:record 1: truncated gzip member: the input ends at compressed byte " +
                 std::to_string(zipped.size() / 2) + " inside it"},
            {"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-no-such\r\n\r\n<p>x</p>",
             "in.warc:record 1: unknown charset \"x-no-such\""},
        };
        for (const auto& c : cases) {
            CAPTURE(c.title_or_problem);
            const Collected got = warc(warc_record("response", "https://x.example/", c.block));
            if (c.title_or_problem.starts_with("in.warc")) {
                CHECK(got.articles.empty());
                CHECK(got.problems == std::vector<std::string>{c.title_or_problem});
            } else {
                CHECK(got.problems.empty());
                REQUIRE(got.articles.size() == 1);
                CHECK(got.articles[0].title == c.title_or_problem);
            }
        }
    }

    TEST_CASE("a WARC record whose Content-Length lies is reported and the records after it are read") {
        const std::string a = warc_record("response", "https://x.example/a", http_page("A"));
        const std::string c = warc_record("response", "https://x.example/c", http_page("C"));
        const std::string b_block = http_page("B");
        const struct {
            const char* what;
            std::string file;
            std::vector<std::string> ids;
            std::string problem;
        } cases[] = {
            {"too long", a + warc_record("response", "https://x.example/b", b_block, b_block.size() + 40) + c,
             {"https://x.example/a", "https://x.example/c"},
             "in.warc:record 2: Content-Length " + std::to_string(b_block.size() + 40) +
                 " does not end where the record does (no WARC record follows)"},
            {"too short", a + warc_record("response", "https://x.example/b", b_block, b_block.size() - 30) + c,
             {"https://x.example/a", "https://x.example/c"},
             "in.warc:record 2: Content-Length " + std::to_string(b_block.size() - 30) +
                 " does not end where the record does (no WARC record follows)"},
            {"past the end", a + warc_record("response", "https://x.example/b", b_block, 100000),
             {"https://x.example/a"},
             "in.warc:record 2: Content-Length 100000 but the file ends " + std::to_string(b_block.size() + 4) +
                 " bytes into the record"},
            {"not a number", a + "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\nxx\r\n\r\n" + c,
             {"https://x.example/a", "https://x.example/c"},
             "in.warc:record 2: record without a valid Content-Length"},
        };
        for (const auto& k : cases) {
            CAPTURE(k.what);
            for (const bool gzipped : {false, true}) {
                CAPTURE(gzipped);
                const Collected got = warc(gzipped ? gzip_member(k.file) : k.file);
                CHECK(ids(got) == k.ids);
                REQUIRE(!got.problems.empty());
                CHECK(got.problems[0] == k.problem);
            }
        }
    }

    TEST_CASE("a damaged or truncated gzip member is reported and the members after it are read") {
        const std::string a = gzip_member(warc_record("response", "https://x.example/a", http_page("A")));
        std::string b = gzip_member(warc_record("response", "https://x.example/b", http_page("B")));
        const std::string c = gzip_member(warc_record("response", "https://x.example/c", http_page("C")));
        b[b.size() / 2] ^= 0x55;
        b[b.size() / 2 + 1] ^= 0x55;
        const auto has_problem = [](const Collected& got, const std::string& start) {
            return std::any_of(got.problems.begin(), got.problems.end(), [&](const auto& p) { return p.starts_with(start); });
        };
        const Collected damaged = warc(a + b + c);
        CHECK(ids(damaged) == std::vector<std::string>{"https://x.example/a", "https://x.example/c"});
        CAPTURE(damaged.problems.at(0));
        CHECK(has_problem(damaged, "in.warc:record 2: damaged gzip member at compressed byte "));

        const Collected truncated = warc(a + c.substr(0, c.size() / 2));
        CHECK(ids(truncated) == std::vector<std::string>{"https://x.example/a"});
        CAPTURE(truncated.problems.at(0));
        CHECK(has_problem(truncated, "in.warc:record 2: truncated gzip member: the input ends at compressed byte " +
                                         std::to_string(a.size() + c.size() / 2) + " inside it"));
    }

    TEST_CASE("a WARC page larger than the record limit is reported, and smaller ones read") {
        ReaderLimits limits;
        limits.max_record_bytes = 200;
        const std::string big = http_page(std::string(300, 'x'));
        const Collected got = warc(warc_record("response", "https://x.example/big", big) +
                                       warc_record("response", "https://x.example/a", http_page("A")),
                                   limits);
        CHECK(ids(got) == std::vector<std::string>{"https://x.example/a"});
        CHECK(got.problems == std::vector<std::string>{"in.warc:record 1: page of " + std::to_string(big.size()) +
                                                       " bytes exceeds the limit of 200"});
    }
}

// Exports: every match in the search's order, equal to brute force over a generated corpus;
// their CSV and JSON Lines, manifests, over HTTP (chunked) and from dateline-search.
#include "http/api.h"
#include "core/date.h"
#include "search/attention.h"
#include "search/export.h"
#include "search/manifest_check.h"
#include "search/searcher.h"
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace dateline;
using namespace dateline::search;
using dateline::testing::TempDir;

namespace {

struct GeneratedDoc {
    std::string id;
    std::optional<std::string> date;
    std::vector<std::string> countries, speakers;
    std::string body;  // title and body
};

struct GeneratedIndex {
    TempDir dir;
    std::vector<GeneratedDoc> docs;
    Vocabulary vocabulary{testing::data_dir()};
    std::optional<Index> index;
    std::optional<Searcher> searcher;

    GeneratedIndex() {
        testing::write_synthetic_corpus(dir / "corpus" / "corpus.jsonl", 2500, 23, "gen-");
        // A title CSV must quote, and a source and url.
        testing::write_file(dir / "corpus" / "awkward.jsonl",
                            R"({"id":"awk,\"1\"","title":"Talks, \"ceasefire\"\nand more","body":"ceasefire talks","date":"2020-05-01","url":"https://example.org/a?b=1,2","source":"Wire, Inc.","countries":["UA"],"speakers":[]})"
                            "\n");
        std::ifstream in(dir / "corpus" / "corpus.jsonl");
        for (std::string line; std::getline(in, line);) {
            const auto j = nlohmann::json::parse(line);
            // The title is searched too.
            GeneratedDoc doc{j["id"], std::nullopt, j["countries"], j["speakers"],
                             j["title"].get<std::string>() + " " + j["body"].get<std::string>()};
            if (j.contains("date")) doc.date = j["date"].get<std::string>();
            docs.push_back(std::move(doc));
        }
        docs.push_back({"awk,\"1\"", "2020-05-01", {"UA"}, {}, "Talks, ceasefire and more ceasefire talks"});
        testing::build_index(dir / "db", {dir / "corpus"});
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
        searcher.emplace(*index, vocabulary);
    }
};

GeneratedIndex& generated() {
    static GeneratedIndex fixture;
    return fixture;
}

ExportRequest export_request(const Params& params) {
    const auto request = parse_export_request(params);
    REQUIRE(request);
    return *request;
}

std::string export_body(const Searcher& searcher, const Params& params, ExportManifest* manifest = nullptr) {
    auto stream = searcher.open_export(export_request(params));
    if (!stream) FAIL(stream.error().message);
    std::string body;
    // Small parts, so that the stream's resumption is what is tested.
    while ((*stream)->next(body, 700)) {
    }
    if (manifest) *manifest = (*stream)->manifest();
    return body;
}

std::vector<std::string> jsonl_ids(const std::string& body) {
    std::vector<std::string> ids;
    std::istringstream in(body);
    for (std::string line; std::getline(in, line);) {
        const auto json = nlohmann::json::parse(line);
        if (!json.contains("manifest")) ids.push_back(json["id"]);
    }
    return ids;
}

// The ids of every page of the search, in order.
std::vector<std::string> paged_ids(const Searcher& searcher, Params params) {
    params.emplace_back("size", "100");
    std::vector<std::string> ids;
    for (int page = 1;; ++page) {
        Params p = params;
        p.emplace_back("page", std::to_string(page));
        const auto request = parse_search_request(p);
        REQUIRE(request);
        const auto response = searcher.search(*request);
        REQUIRE(response);
        for (const auto& hit : response->results) ids.push_back(hit.id);
        if (response->results.size() < 100) return ids;
    }
}

bool has_any(const std::vector<std::string>& values, const std::vector<std::string>& wanted) {
    if (wanted.empty()) return true;
    for (const auto& v : values)
        if (std::find(wanted.begin(), wanted.end(), v) != wanted.end()) return true;
    return false;
}

std::string digest_of(const std::vector<std::string>& ids) {
    IdSet set;
    for (const auto& id : ids) set.add(id);
    return set.sha256();
}

}  // namespace

TEST_SUITE("export") {
    TEST_CASE("an export has every match, in the search's order, for every sort") {
        const auto& g = generated();
        for (const char* sort : {"relevance", "date", "-date"}) {
            CAPTURE(sort);
            const Params params{{"q", "ceasefire"}, {"country", "UA"}, {"country", "DE"}, {"sort", sort}};
            Params with_format = params;
            with_format.emplace_back("format", "jsonl");
            ExportManifest manifest;
            const auto ids = jsonl_ids(export_body(*g.searcher, with_format, &manifest));
            CHECK(ids == paged_ids(*g.searcher, params));
            std::vector<std::string> brute;
            for (const auto& d : g.docs)
                if (d.body.find("ceasefire") != std::string::npos && has_any(d.countries, {"UA", "DE"})) brute.push_back(d.id);
            CHECK(ids.size() == brute.size());
            CHECK(manifest.total == brute.size());
            CHECK(std::set<std::string>(ids.begin(), ids.end()) == std::set<std::string>(brute.begin(), brute.end()));
            CHECK(manifest.ids_sha256 == digest_of(brute));
        }
    }

    TEST_CASE("a browse with speaker and date filters exports what brute force finds") {
        const auto& g = generated();
        ExportManifest manifest;
        const auto ids = jsonl_ids(export_body(*g.searcher,
                                               {{"speaker", "Grace Okafor"}, {"speaker", "Boris Mendes"}, {"from", "2020-02"},
                                                {"to", "2021"}, {"format", "jsonl"}},
                                               &manifest));
        std::vector<std::string> brute;
        for (const auto& d : g.docs)
            if (has_any(d.speakers, {"Grace Okafor", "Boris Mendes"}) && d.date && *d.date >= "2020-02-01" && *d.date <= "2021-12-31")
                brute.push_back(d.id);
        CHECK(ids.size() == brute.size());
        CHECK(manifest.ids_sha256 == digest_of(brute));
        CHECK(manifest.sort == "-date");
    }

    TEST_CASE("a query Xapian's matcher runs (a wildcard) exports in the search's order too") {
        const auto& g = generated();
        const Params params{{"q", "cease*"}, {"country", "FR"}};
        Params with_format = params;
        with_format.emplace_back("format", "jsonl");
        const auto ids = jsonl_ids(export_body(*g.searcher, with_format));
        CHECK(!ids.empty());
        CHECK(ids == paged_ids(*g.searcher, params));
    }

    TEST_CASE("the match time limit cuts a search short but never an export") {
        auto& g = generated();
        SearchLimits limits;
        limits.match_time = std::chrono::microseconds(1);
        limits.parallel_walk_postings = std::nullopt;
        const Searcher hurried(*g.index, g.vocabulary, limits);
        const auto request = parse_search_request({{"q", "talks OR grain"}});
        REQUIRE(request);
        const auto search = hurried.search(*request);
        REQUIRE(search);
        ExportManifest manifest;
        const auto ids = jsonl_ids(export_body(hurried, {{"q", "talks OR grain"}, {"format", "jsonl"}}, &manifest));
        std::size_t brute = 0;
        for (const auto& d : g.docs)
            brute += d.body.find("talks") != std::string::npos || d.body.find("grain") != std::string::npos;
        CHECK(ids.size() == brute);
        CHECK(manifest.total == brute);
        if (search->partial) CHECK(search->total < brute);
    }

    TEST_CASE("CSV follows RFC 4180: a header, CRLF, quoted fields with doubled quotes") {
        // (The indexer makes a title one line: the reader's test of quoted line breaks is below.)
        const auto& g = generated();
        const std::string body = export_body(*g.searcher, {{"q", "ceasefire"}, {"from", "2020-05-01"}, {"to", "2020-05-01"},
                                                           {"country", "UA"}, {"format", "csv"}});
        CHECK(body.starts_with("id,title,date,url,source,speakers,countries,score\r\n"));
        CHECK(body.find("\"awk,\"\"1\"\"\",\"Talks, \"\"ceasefire\"\" and more\",2020-05-01,"
                        "\"https://example.org/a?b=1,2\",\"Wire, Inc.\",,UA,") != std::string::npos);
        const auto ids = read_export_ids([&] {
            const auto file = generated().dir / "awkward.csv";
            testing::write_file(file, body);
            return file;
        }());
        CHECK(std::find(ids.begin(), ids.end(), "awk,\"1\"") != ids.end());
        testing::write_file(generated().dir / "breaks.csv", "id,title\r\n\"a\r\nb\",\"x,\"\"y\"\"\r\nz\"\r\nplain,t\r\n");
        CHECK(read_export_ids(generated().dir / "breaks.csv") == std::vector<std::string>{"a\r\nb", "plain"});
        const auto request = parse_search_request({{"q", "ceasefire"}, {"from", "2020-05-01"}, {"to", "2020-05-01"}, {"country", "UA"}});
        CHECK(ids.size() == g.searcher->search(*request)->total);
    }

    TEST_CASE("a JSON Lines export ends with its manifest, which reads back") {
        const auto& g = generated();
        ExportManifest manifest;
        const std::string body = export_body(*g.searcher, {{"q", "grain"}, {"country", "JP"}, {"format", "jsonl"}}, &manifest);
        const std::string last = body.substr(body.rfind('\n', body.size() - 2) + 1);
        const auto read = parse_manifest(last);
        REQUIRE(read);
        CHECK(read->ids_sha256 == manifest.ids_sha256);
        CHECK(read->total == manifest.total);
        CHECK(read->search.query == "grain");
        CHECK(read->search.countries == std::vector<std::string>{"JP"});
        CHECK(read->revision == g.index->current()->revision());
        CHECK(!read->updated.empty());
    }

    TEST_CASE("a facets export has the search's facet counts") {
        const auto& g = generated();
        const std::string body = export_body(*g.searcher, {{"q", "summit"}, {"what", "facets"}, {"format", "jsonl"}});
        const auto request = parse_search_request({{"q", "summit"}, {"facet_size", "1000"}});
        const auto response = g.searcher->search(*request);
        std::map<std::pair<std::string, std::string>, std::uint32_t> counts;
        std::istringstream in(body);
        for (std::string line; std::getline(in, line);) {
            const auto json = nlohmann::json::parse(line);
            if (!json.contains("manifest")) counts[{json["facet"], json["value"]}] = json["count"];
        }
        for (const auto& v : response->speaker.values) CHECK(counts[{"speaker", v.value}] == v.count);
        for (const auto& v : response->country.values) CHECK(counts[{"country", v.value}] == v.count);
        for (const auto& v : response->date.values) CHECK(counts[{"date", v.value}] == v.count);
        CHECK(counts.size() == response->speaker.values.size() + response->country.values.size() + response->date.values.size());
    }

    TEST_CASE("bad export parameters are bad_param errors that name the parameter") {
        for (const Params& params : {Params{{"format", "xml"}}, Params{{"what", "everything"}}, Params{{"color", "red"}}}) {
            const auto request = parse_export_request(params);
            REQUIRE_FALSE(request);
            CHECK(request.error().code == ErrorCode::bad_param);
        }
        CHECK(parse_export_request({{"format", "xml"}}).error().message == "parameter 'format': expected csv or jsonl, got \"xml\"");
    }

    TEST_CASE("the file name comes from the query and filters") {
        CHECK(export_filename(export_request({{"q", "Ceasefire talks"}, {"country", "UA"}})) == "dateline-ceasefire-talks-ua.csv");
        CHECK(export_filename(export_request({{"format", "jsonl"}})) == "dateline-all.jsonl");
        CHECK(export_filename(export_request({{"q", "\"Zürich\" \r\n"}, {"what", "facets"}})) == "dateline-z-rich-facets.csv");
    }

    TEST_CASE("every search response carries the index revision and its update time") {
        const auto& g = generated();
        const auto response = g.searcher->search(*parse_search_request({{"q", "talks"}}));
        CHECK(response->revision == g.index->current()->revision());
        CHECK(response->updated == g.index->current()->last_update());
        CHECK(!response->updated.empty());
    }
}

TEST_SUITE("export over HTTP") {
    TEST_CASE("the router answers an export with its headers and refuses bad parameters with the error schema") {
        const auto& g = generated();
        const http::Router router(*g.searcher, nullptr);
        http::Request request{http::beast_http::verb::get, "/api/export?q=ceasefire&country=UA&format=csv", 11};
        const http::Response response = router.handle(request);
        CHECK(response.result_int() == 200);
        CHECK(std::string(response[http::beast_http::field::content_disposition]) == "attachment; filename=\"dateline-ceasefire-ua.csv\"");
        CHECK(std::string(response[http::beast_http::field::content_type]).starts_with("text/csv"));
        CHECK(std::string(response["X-Dateline-Search"]) == "q=ceasefire&country=UA");
        const auto total = std::stoull(std::string(response["X-Dateline-Total"]));
        CHECK(total == g.searcher->search(*parse_search_request({{"q", "ceasefire"}, {"country", "UA"}}))->total);
        std::size_t lines = 0;
        for (const char c : response.body()) lines += c == '\n';
        CHECK(lines == total + 1);  // no field of these rows holds a line break
        CHECK(std::string(response["X-Dateline-Ids-Sha256"]).size() == 64);

        for (const char* target : {"/api/export?format=xml", "/api/export?what=all", "/api/export?size=x&format=csv&bogus=1"}) {
            CAPTURE(target);
            const http::Response bad = router.handle(http::Request{http::beast_http::verb::get, target, 11});
            CHECK(bad.result_int() == 400);
            const auto body = nlohmann::json::parse(bad.body());
            CHECK(body["error"]["code"] == "bad_param");
        }
    }

    TEST_CASE("a served export is chunked, equals dateline-search --export, and a dropped client leaves the server well") {
        const auto& g = generated();
        testing::ServerProcess server((g.dir / "db").string(), {"--no-access-log"});
        const auto served = testing::http_request(server.port, "/api/export?q=talks&sort=date&format=jsonl");
        CHECK(served.status == 200);
        CHECK(served.headers.find("Transfer-Encoding: chunked") != std::string::npos);
        CHECK(served.headers.find("Trailer: X-Dateline-Ids-Sha256") != std::string::npos);
        const std::string cli = testing::run_command(std::string(DATELINE_SEARCH_BIN) + " --db " + (g.dir / "db").string() +
                                                     " --data-dir " + testing::data_dir().string() +
                                                     " --export jsonl --sort date talks");
        CHECK(cli == served.body);
        const auto ids = jsonl_ids(served.body);
        CHECK(ids.size() == g.searcher->search(*parse_search_request({{"q", "talks"}}))->total);

        // A client that asks for everything and goes away after the first bytes.
        {
            testing::RawConnection connection(server.port);
            REQUIRE(connection.send("GET /api/export?format=csv HTTP/1.1\r\nHost: x\r\n\r\n"));
        }
        const auto health = testing::http_request(server.port, "/api/health");
        CHECK(health.status == 200);
        const auto again = testing::http_request(server.port, "/api/export?q=talks&sort=date&format=jsonl");
        CHECK(again.body == served.body);
    }

    TEST_CASE("dateline-search --verify says whether the index still gives the cited set, and what moved") {
        TempDir dir;
        testing::write_synthetic_corpus(dir / "in" / "a.jsonl", 300, 5, "v-");
        testing::build_index(dir / "db", {dir / "in"});
        const std::string search = std::string(DATELINE_SEARCH_BIN) + " --db " + (dir / "db").string() + " --data-dir " +
                                   testing::data_dir().string();
        testing::run_command(search + " --export csv --output " + (dir / "out.csv").string() + " --country UA ceasefire");
        REQUIRE(std::filesystem::exists(dir / "out.csv.manifest.json"));
        const std::string verify = search + " --verify " + (dir / "out.csv.manifest.json").string() + "; echo status=$?";
        const std::string same = testing::run_command(verify);
        CHECK(same.starts_with("same: "));
        CHECK(same.find("status=0") != std::string::npos);

        testing::write_file(dir / "in" / "b.jsonl",
                            R"({"id":"new-1","title":"A new ceasefire","body":"ceasefire now","countries":["UA"],"speakers":[]})" "\n");
        testing::build_index(dir / "db", {dir / "in"});
        const std::string changed = testing::run_command(verify);
        CHECK(changed.starts_with("changed: "));
        CHECK(changed.find("added\tnew-1\n") != std::string::npos);
        CHECK(changed.find("removed") == std::string::npos);
        CHECK(changed.find("status=3") != std::string::npos);
    }
}

namespace {

int day_number(const std::string& iso) {
    const auto date = parse_iso_date(iso);
    REQUIRE(date);
    return days_since_epoch(*date);
}

}  // namespace

TEST_SUITE("timeline") {
    TEST_CASE("per month, each series' matches and every article equal brute force, and shares are their ratio") {
        const auto& g = generated();
        const auto request = parse_timeline_request({{"q", "talks OR grain"}, {"from", "2019-03"}, {"to", "2020-10"},
                                                     {"series", "q:ceasefire"}, {"series", "speaker:Grace Okafor"},
                                                     {"series", "country:us"}, {"interval", "month"}});
        REQUIRE(request);
        const auto response = g.searcher->timeline(*request);
        if (!response) FAIL(response.error().message);
        REQUIRE(response->periods.size() == 20);
        CHECK(response->periods.front().label == "2019-03");
        CHECK(response->periods.back().label == "2020-10");
        for (const auto& period : response->periods) {
            CAPTURE(period.label);
            std::uint64_t all = 0, ceasefire = 0, grace = 0, us = 0;
            for (const auto& d : g.docs) {
                if (!d.date || !d.date->starts_with(period.label)) continue;
                ++all;
                if (d.body.find("talks") == std::string::npos && d.body.find("grain") == std::string::npos) continue;
                ceasefire += d.body.find("ceasefire") != std::string::npos;
                grace += has_any(d.speakers, {"Grace Okafor"});
                us += has_any(d.countries, {"US"});
            }
            CHECK(period.all == all);
            CHECK(period.counts[0] == ceasefire);
            CHECK(period.counts[1] == grace);
            CHECK(period.counts[2] == us);
        }
        CHECK(response->series[2].value == "US");
    }

    TEST_CASE("weeks start on Monday, auto picks the interval from the span, and bad parameters are refused") {
        CHECK(date_from_days(period_start(day_number("2020-05-07"), Interval::week)).to_iso() == "2020-05-04");
        CHECK(date_from_days(period_start(day_number("2020-05-04"), Interval::week)).to_iso() == "2020-05-04");
        CHECK(date_from_days(next_period_start(day_number("2020-12-01"), Interval::month)).to_iso() == "2021-01-01");
        CHECK(automatic_interval(0, 30) == Interval::day);
        CHECK(automatic_interval(0, 200) == Interval::week);
        CHECK(automatic_interval(0, 1000) == Interval::month);
        CHECK(automatic_interval(0, 4000) == Interval::year);
        for (const Params& params : {Params{{"series", "org:UN"}}, Params{{"series", "q:"}}, Params{{"interval", "hour"}},
                                     Params{{"undated", "true"}}, Params{{"series", "country:Ukraine"}}}) {
            const auto parsed = parse_timeline_request(params);
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().code == ErrorCode::bad_param);
        }
        const auto& g = generated();
        const auto within_country = g.searcher->timeline(*parse_timeline_request({{"country", "UA"}, {"series", "country:US"}}));
        REQUIRE_FALSE(within_country);
        CHECK(within_country.error().code == ErrorCode::bad_param);
    }

    TEST_CASE("a day timeline over a month sums to the search's dated total") {
        const auto& g = generated();
        const auto response = g.searcher->timeline(*parse_timeline_request({{"q", "grain"}, {"from", "2021-02"}, {"to", "2021-02"}}));
        REQUIRE(response);
        CHECK(response->interval == Interval::day);
        CHECK(response->periods.size() == 28);
        const auto search = g.searcher->search(*parse_search_request({{"q", "grain"}, {"from", "2021-02"}, {"to", "2021-02"}}));
        CHECK(response->totals[0] == search->total);
    }
}

TEST_SUITE("co-occurrence") {
    TEST_CASE("pair counts among the top speakers and countries equal brute force") {
        const auto& g = generated();
        const auto request = parse_cooccurrence_request({{"q", "talks"}, {"from", "2020"}, {"rows", "speaker"}, {"cols", "country"}, {"size", "6"}});
        REQUIRE(request);
        const auto response = g.searcher->cooccurrence(*request);
        if (!response) FAIL(response.error().message);
        std::map<std::string, std::uint64_t> speaker_counts, country_counts;
        std::map<std::pair<std::string, std::string>, std::uint64_t> pairs;
        std::uint64_t total = 0;
        for (const auto& d : g.docs) {
            if (d.body.find("talks") == std::string::npos || !d.date || *d.date < "2020") continue;
            ++total;
            for (const auto& s : d.speakers) ++speaker_counts[s];
            for (const auto& c : d.countries) ++country_counts[c];
            for (const auto& s : d.speakers)
                for (const auto& c : d.countries) ++pairs[{s, c}];
        }
        CHECK(response->total == total);
        REQUIRE(response->row_values.size() == 6);
        REQUIRE(response->col_values.size() == 6);
        // The top six by count: nothing left out counts more than the last one kept.
        for (const auto& [speaker, count] : speaker_counts) {
            const std::string& name = speaker;  // a lambda cannot capture a structured binding in clang < 16
            const bool kept = std::any_of(response->row_values.begin(), response->row_values.end(),
                                          [&](const AxisValue& v) { return v.value == name; });
            if (!kept) CHECK(count <= response->row_values.back().count);
        }
        for (std::size_t r = 0; r < response->row_values.size(); ++r) {
            CHECK(response->row_values[r].count == speaker_counts[response->row_values[r].value]);
            for (std::size_t c = 0; c < response->col_values.size(); ++c)
                CHECK(response->counts[r][c] == pairs[{response->row_values[r].value, response->col_values[c].value}]);
        }
        for (const auto& col : response->col_values) CHECK(col.count == country_counts[col.value]);
    }

    TEST_CASE("over a browse, a wildcard and speaker x speaker, the set and the diagonal are the search's") {
        const auto& g = generated();
        for (const Params& base : {Params{{"country", "UA"}, {"from", "2020"}}, Params{{"q", "cease*"}, {"speaker", "Anna Tanaka"}}}) {
            Params params = base;
            params.insert(params.end(), {{"rows", "speaker"}, {"cols", "speaker"}, {"size", "5"}});
            const auto response = g.searcher->cooccurrence(*parse_cooccurrence_request(params));
            REQUIRE(response);
            CHECK(response->total == g.searcher->search(*parse_search_request(base))->total);
            CHECK(response->total > 0);
            for (std::size_t i = 0; i < response->row_values.size(); ++i) CHECK(response->counts[i][i] == response->row_values[i].count);
        }
    }

    TEST_CASE("a size over the limit and an unknown dimension are refused") {
        for (const Params& params : {Params{{"size", "101"}}, Params{{"size", "0"}}, Params{{"rows", "organization"}},
                                     Params{{"cols", "date"}}, Params{{"size", "x"}}}) {
            const auto parsed = parse_cooccurrence_request(params);
            REQUIRE_FALSE(parsed);
            CHECK(parsed.error().code == ErrorCode::bad_param);
        }
    }
}

// dateline-serve and dateline-search as real processes over a real database.
#include "http/url.h"
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <csignal>
#include <cstdio>
#include <memory>

using namespace dateline;
using dateline::testing::TempDir;

namespace {

using testing::run_command;

nlohmann::json without_timing(nlohmann::json response) {
    response.erase("took_ms");
    return response;
}

}  // namespace

TEST_SUITE("server integration") {
    TEST_CASE("the server answers searches over HTTP with the counts of the index") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        testing::ServerProcess server((dir / "db").string());

        const auto health = testing::http_request(server.port, "/api/health");
        CHECK(health.status == 200);
        CHECK(nlohmann::json::parse(health.body)["documents"] == 5);

        const auto search = testing::http_request(server.port, "/api/search?q=talks");
        REQUIRE(search.status == 200);
        const auto body = nlohmann::json::parse(search.body);
        CHECK(body["total"] == 5);
        std::uint64_t ua = 0;
        for (const auto& v : body["facets"]["country"])
            if (v["value"] == "UA") ua = v["count"];
        CHECK(ua == 5);

        // A facet count is what selecting that value returns.
        for (const auto& v : body["facets"]["speaker"]) {
            const auto narrowed = testing::http_request(
                server.port, "/api/search?q=talks&speaker=" + http::percent_encode(v["value"].get<std::string>()));
            CHECK(nlohmann::json::parse(narrowed.body)["total"] == v["count"]);
        }

        const auto head = testing::http_request(server.port, "/api/health", "HEAD");
        CHECK(head.status == 200);
        CHECK(head.body.empty());
        CHECK(server.process.stop(SIGTERM) == 0);
    }

    TEST_CASE("dateline-search --json prints exactly what the API returns") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        testing::ServerProcess server((dir / "db").string());
        const auto api = testing::http_request(server.port, "/api/search?q=ceasefire&country=UA&sort=-date");
        const std::string cli = run_command(std::string(DATELINE_SEARCH_BIN) + " --db " + (dir / "db").string() +
                                            " --json --country UA --sort=-date ceasefire");
        CHECK(without_timing(nlohmann::json::parse(cli)) == without_timing(nlohmann::json::parse(api.body)));

        const std::string table = run_command(std::string(DATELINE_SEARCH_BIN) + " --db " + (dir / "db").string() + " ceasefire");
        CHECK(table.find("results for \"ceasefire\"") != std::string::npos);
        CHECK(table.find("Country:") != std::string::npos);
    }

    TEST_CASE("oversized request headers get 431 and the server keeps serving") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        testing::ServerProcess server((dir / "db").string());
        const auto huge = testing::http_request(server.port, "/api/search?q=" + std::string(10000, 'a'));
        CHECK(huge.status == 431);
        CHECK(testing::http_request(server.port, "/api/health").status == 200);
    }

    TEST_CASE("programs exit 2 with a one-line reason on misuse") {
        for (const std::string program : {DATELINE_INDEX_BIN, DATELINE_SERVE_BIN, DATELINE_SEARCH_BIN}) {
            CAPTURE(program);
            const std::string out = run_command(program + " --no-such-option 2>&1; echo \"exit=$?\"");
            CHECK(out.find("exit=2") != std::string::npos);
            CHECK(out.find("--no-such-option") != std::string::npos);
            CHECK(run_command(program + " --help >/dev/null; echo $?") == "0\n");
        }
    }
}

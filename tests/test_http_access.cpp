// The router's access policy: keys and scopes, the rate limit, and which routes escape them.
#include "http/api.h"
#include "search/searcher.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace dateline;
using namespace dateline::http;
using dateline::testing::TempDir;

namespace {

const std::string kSearchKey = "search-key-0123456789abcdef";
const std::string kExportKey = "export-key-0123456789abcdef";
const std::string kMetricsKey = "metrics-key-0123456789abcdef";

struct AccessFixture {
    TempDir dir;
    search::Vocabulary vocabulary{testing::data_dir()};
    std::optional<search::Index> index;
    std::optional<search::Searcher> searcher;
    std::optional<StaticFiles> files;
    Metrics metrics;
    ApiKeys keys = ApiKeys::parse(keys_file_line(kSearchKey, Scope::search) + "\n" +
                                      keys_file_line(kExportKey, Scopes(Scope::search) |= Scope::exports) + "\n" +
                                      keys_file_line(kMetricsKey, Scope::metrics) + "\n",
                                  "keys");

    AccessFixture() {
        testing::build_index(dir / "db", {testing::sample_corpus()});
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
        searcher.emplace(*index, vocabulary);
        std::filesystem::create_directories(dir / "web");
        std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>t</title>";
        files.emplace(dir / "web");
    }

    Router router(Access access) const { return Router(*searcher, &*files, {}, &metrics, access); }
};

AccessFixture& fixture() {
    static AccessFixture f;
    return f;
}

Response get(const Router& router, const std::string& target, const std::string& key = {},
             std::string_view client = "192.0.2.1") {
    Request request{beast_http::verb::get, target, 11};
    if (!key.empty()) request.set(beast_http::field::authorization, "Bearer " + key);
    return router.handle(request, client);
}

std::string error_code(const Response& response) {
    return nlohmann::json::parse(response.body())["error"]["code"].get<std::string>();
}

}  // namespace

TEST_SUITE("http access") {
    TEST_CASE("routes need the scope the route table gives them") {
        const struct {
            std::string path;
            std::optional<Scope> scope;
            bool rate_limited;
        } cases[] = {
            {"/api/search", Scope::search, true},
            {"/api/facets/speaker", Scope::search, true},
            {"/api/doc/a", Scope::search, true},
            {"/api/quotes", Scope::search, true},
            {"/api/export", Scope::exports, true},
            {"/api/export/csv", Scope::exports, true},
            {"/api/exports", Scope::search, true},  // another route, not the export one
            {"/api/timeline", Scope::exports, true},
            {"/metrics", Scope::metrics, false},
            {"/api/health", std::nullopt, false},
            {"/", std::nullopt, true},
            {"/js/api.js", std::nullopt, true},
            {"/doc/a", std::nullopt, true},
        };
        for (const auto& c : cases) {
            CAPTURE(c.path);
            const auto policy = policy_for(c.path);
            CHECK(policy.scope == c.scope);
            CHECK(policy.rate_limited == c.rate_limited);
        }
    }

    TEST_CASE("without a key the API answers 401 with the Bearer challenge, the page and health answer") {
        const auto router = fixture().router({&fixture().keys, nullptr});
        for (const std::string target : {"/api/search?q=talks", "/api/doc/x", "/api/facets/country", "/metrics", "/api/export"}) {
            CAPTURE(target);
            const auto response = get(router, target);
            CHECK(response.result() == Status::unauthorized);
            CHECK(response[beast_http::field::www_authenticate] == "Bearer realm=\"dateline\"");
            CHECK(error_code(response) == "unauthorized");
            CHECK(response[beast_http::field::cache_control] == "no-store");
        }
        CHECK(get(router, "/api/health").result() == Status::ok);
        CHECK(get(router, "/").result() == Status::ok);
        CHECK(get(router, "/doc/anything").result() == Status::ok);
    }

    TEST_CASE("a key not in the file, or not in a Bearer header, is refused as invalid") {
        const auto router = fixture().router({&fixture().keys, nullptr});
        const auto wrong = get(router, "/api/search?q=talks", kSearchKey + "x");
        CHECK(wrong.result() == Status::unauthorized);
        CHECK(wrong[beast_http::field::www_authenticate] == "Bearer realm=\"dateline\", error=\"invalid_token\"");
        CHECK(nlohmann::json::parse(wrong.body())["error"]["message"] == "the API key is not valid");

        Request basic{beast_http::verb::get, "/api/search", 11};
        basic.set(beast_http::field::authorization, "Basic " + kSearchKey);
        const auto response = router.handle(basic, "192.0.2.1");
        CHECK(response.result() == Status::unauthorized);
        CHECK(response.body().find(kSearchKey) == std::string::npos);
    }

    TEST_CASE("a key answers the routes of its scopes and gets 403 naming the scope elsewhere") {
        const auto router = fixture().router({&fixture().keys, nullptr});
        CHECK(get(router, "/api/search?q=talks", kSearchKey).result() == Status::ok);
        CHECK(get(router, "/api/doc/missing", kSearchKey).result() == Status::not_found);

        const auto export_denied = get(router, "/api/export", kSearchKey);
        CHECK(export_denied.result() == Status::forbidden);
        CHECK(error_code(export_denied) == "forbidden");
        CHECK(export_denied[beast_http::field::www_authenticate] ==
              "Bearer realm=\"dateline\", error=\"insufficient_scope\", scope=\"export\"");
        // Past the check the route itself answers.
        CHECK(get(router, "/api/export", kExportKey).result() == Status::ok);
        CHECK(get(router, "/api/timeline", kSearchKey).result() == Status::forbidden);
        CHECK(get(router, "/api/timeline", kExportKey).result() == Status::ok);

        CHECK(get(router, "/metrics", kSearchKey).result() == Status::forbidden);
        CHECK(get(router, "/metrics", kMetricsKey).result() == Status::ok);
        const auto search_denied = get(router, "/api/search?q=talks", kMetricsKey);
        CHECK(search_denied.result() == Status::forbidden);
        CHECK(search_denied[beast_http::field::www_authenticate].find("scope=\"search\"") != std::string_view::npos);
    }

    TEST_CASE("without keys every route is open") {
        const auto router = fixture().router({});
        CHECK(get(router, "/api/search?q=talks").result() == Status::ok);
        CHECK(get(router, "/metrics").result() == Status::ok);
    }

    TEST_CASE("past the rate a client gets 429 with Retry-After while health, metrics and others still answer") {
        RateLimiter limiter({1, 2});
        const auto router = fixture().router({&fixture().keys, &limiter});
        CHECK(get(router, "/api/search?q=talks", kSearchKey).result() == Status::ok);
        CHECK(get(router, "/").result() == Status::ok);
        const auto limited = get(router, "/api/search?q=talks", kSearchKey);
        CHECK(limited.result() == Status::too_many_requests);
        CHECK(limited[beast_http::field::retry_after] == "1");
        CHECK(error_code(limited) == "rate_limited");
        // Refused before the key is checked: guessing keys is limited too.
        CHECK(get(router, "/api/search?q=talks").result() == Status::too_many_requests);
        for (int i = 0; i < 5; ++i) {
            CHECK(get(router, "/api/health").result() == Status::ok);
            CHECK(get(router, "/metrics", kMetricsKey).result() == Status::ok);
        }
        CHECK(get(router, "/api/search?q=talks", kSearchKey, "192.0.2.2").result() == Status::ok);

        const auto metrics = get(router, "/metrics", kMetricsKey).body();
        CHECK(metrics.find("dateline_http_rate_limited_total 2\n") != std::string::npos);
        CHECK(metrics.find("dateline_http_rate_limit_clients 2\n") != std::string::npos);
    }
}

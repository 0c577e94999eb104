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

struct RouterFixture {
    TempDir dir;
    search::Vocabulary vocabulary{testing::data_dir()};
    std::optional<search::Index> index;
    std::optional<search::Searcher> searcher;
    std::optional<StaticFiles> files;
    std::optional<Router> router;

    RouterFixture() {
        testing::build_index(dir / "db", {testing::sample_corpus()});
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
        searcher.emplace(*index, vocabulary);
        std::filesystem::create_directories(dir / "web" / "js");
        std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>t</title>";
        std::ofstream(dir / "web" / "js" / "app.js") << "export {};";
        std::ofstream(dir / "secret.txt") << "do not serve";
        std::filesystem::create_symlink(dir / "secret.txt", dir / "web" / "link.txt");
        files.emplace(dir / "web");
        router.emplace(*searcher, &*files);
    }

    Response get(const std::string& target, beast_http::verb verb = beast_http::verb::get) const {
        Request request{verb, target, 11};
        return router->handle(request);
    }
};

RouterFixture& fixture() {
    static RouterFixture f;
    return f;
}

nlohmann::json body_json(const Response& response) { return nlohmann::json::parse(response.body()); }

}  // namespace

TEST_SUITE("http router") {
    TEST_CASE("search answers JSON with results and the three facets") {
        const auto response = fixture().get("/api/search?q=talks&country=UA");
        CHECK(response.result() == Status::ok);
        CHECK(response[beast_http::field::content_type] == "application/json; charset=utf-8");
        const auto body = body_json(response);
        CHECK(body["total"] == 5);
        CHECK(body["facets"].contains("speaker"));
        CHECK(body["facets"]["country"][0].contains("label"));
        CHECK(body["results"][0]["snippet"].get<std::string>().find("<mark>") != std::string::npos);
    }

    TEST_CASE("errors map to statuses with a JSON error body") {
        const struct {
            const char* target;
            Status status;
            const char* code;
        } cases[] = {
            {"/api/search?size=101", Status::bad_request, "bad_param"},
            {"/api/search?bogus=1", Status::bad_request, "bad_param"},
            {"/api/search?q=country:atlantis", Status::bad_request, "bad_query"},
            {"/api/search?q=%ff", Status::bad_request, "bad_param"},
            {"/api/doc/does-not-exist", Status::not_found, "not_found"},
            {"/api/nothing", Status::not_found, "not_found"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.target);
            const auto response = fixture().get(c.target);
            CHECK(response.result() == c.status);
            CHECK(body_json(response)["error"]["code"] == c.code);
        }
    }

    TEST_CASE("only GET and HEAD are allowed") {
        const auto response = fixture().get("/api/search", beast_http::verb::post);
        CHECK(response.result() == Status::method_not_allowed);
        CHECK(response[beast_http::field::allow] == "GET, HEAD");
    }

    TEST_CASE("documents are served by id, health reports the count") {
        const auto doc = fixture().get("/api/doc/002_9942e433d9896480.txt");
        CHECK(doc.result() == Status::ok);
        CHECK(body_json(doc)["id"] == "002_9942e433d9896480.txt");
        CHECK(body_json(fixture().get("/api/health"))["documents"] == 5);
    }

    TEST_CASE("a document asked with a query carries the byte ranges where the query matches") {
        const auto plain = body_json(fixture().get("/api/doc/002_9942e433d9896480.txt"));
        CHECK_FALSE(plain.contains("matches"));
        const std::string body = plain["body"];
        const auto word = body.substr(0, body.find_first_of(" ,.\n"));
        const auto doc = body_json(fixture().get("/api/doc/002_9942e433d9896480.txt?q=" + word));
        REQUIRE(doc.contains("matches"));
        REQUIRE_FALSE(doc["matches"]["body"].empty());
        const auto first = doc["matches"]["body"][0];
        CHECK(first == nlohmann::json::array({0, word.size()}));
        CHECK(fixture().get("/api/doc/002_9942e433d9896480.txt?q=country:atlantis").result() == Status::bad_request);
        CHECK(fixture().get("/api/doc/002_9942e433d9896480.txt?qq=x").result() == Status::bad_request);
    }

    TEST_CASE("health tells the page the request limits it configured") {
        search::RequestLimits limits;
        limits.max_query_bytes = 300;
        limits.max_size = 40;
        const Router router(*fixture().searcher, nullptr, limits);
        const auto health = nlohmann::json::parse(router.handle(Request{beast_http::verb::get, "/api/health", 11}).body());
        CHECK(health["limits"] == nlohmann::json{{"max_query_bytes", 300}, {"max_size", 40}});
        const std::string long_query = "/api/search?q=" + std::string(301, 'a');
        CHECK(router.handle(Request{beast_http::verb::get, long_query, 11}).result() == Status::bad_request);
    }

    TEST_CASE("static files stay inside the web root") {
        CHECK(fixture().get("/").result() == Status::ok);
        CHECK(fixture().get("/js/app.js")[beast_http::field::content_type] == "text/javascript; charset=utf-8");
        CHECK(fixture().get("/doc/some-id").body().find("<!doctype html>") == 0);
        for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/js/../../secret.txt", "/link.txt",
                                   "/.hidden", "//etc/passwd", "/js/%00app.js"}) {
            CAPTURE(target);
            const auto response = fixture().get(target);
            CHECK(response.result() != Status::ok);
            CHECK(response.body().find("do not serve") == std::string::npos);
        }
    }

    TEST_CASE("static files carry validators and security headers") {
        const auto first = fixture().get("/js/app.js");
        const std::string etag(first[beast_http::field::etag]);
        CHECK_FALSE(etag.empty());
        CHECK(first[beast_http::field::cache_control] == "public, max-age=300");
        CHECK(first["X-Content-Type-Options"] == "nosniff");
        CHECK(std::string(first["Content-Security-Policy"]).find("script-src 'self'") != std::string::npos);
        Request again{beast_http::verb::get, "/js/app.js", 11};
        again.set(beast_http::field::if_none_match, etag);
        CHECK(fixture().router->handle(again).result() == Status::not_modified);
    }
}

TEST_SUITE("http router facets") {
    TEST_CASE("facet value search answers with values and counts") {
        const auto response = fixture().get("/api/facets/country?prefix=ukr&q=talks");
        CHECK(response.result() == Status::ok);
        const auto body = body_json(response);
        CHECK(body["facet"] == "country");
        CHECK(body["values"][0]["value"] == "UA");
        CHECK(body["values"][0]["count"] == 5);
        CHECK(fixture().get("/api/facets/date?prefix=2").result() == Status::not_found);
        CHECK(fixture().get("/api/facets/speaker?prefix=p&size=-1").result() == Status::bad_request);
    }
}

// The database goes away while dateline-serve serves it (issue 27): renamed, deleted,
// replaced by an empty directory or made unreadable. Requests are still answered, from the revision open or
// with 503 index_unavailable, /api/health says degraded and names the database within the
// poll interval, and once a database is back at the path its new revisions are served.
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace dateline;
using dateline::testing::TempDir;
namespace fs = std::filesystem;

namespace {

nlohmann::json health(unsigned short port, int* status = nullptr) {
    const auto answer = testing::http_request(port, "/api/health");
    if (status) *status = answer.status;
    return nlohmann::json::parse(answer.body);
}

std::uint64_t total(unsigned short port) {
    const auto answer = testing::http_request(port, "/api/search?q=&size=0");
    REQUIRE(answer.status == 200);
    return nlohmann::json::parse(answer.body)["total"].get<std::uint64_t>();
}

// Waits (up to 20 s, a bound for a stuck server rather than a timing check) until `holds`.
bool eventually(const std::function<bool()>& holds) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < give_up) {
        if (holds()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return holds();
}

// Many searches at once, more than the server's pooled handles: each is answered from the
// open revision or refused as index_unavailable; none breaks the server.
void searches_are_answered(unsigned short port, std::uint64_t expected_total) {
    std::vector<std::thread> clients;
    std::atomic<int> answered{0}, unavailable{0}, other{0};
    for (int c = 0; c < 8; ++c)
        clients.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                const auto answer = testing::http_request(port, "/api/search?q=talks&size=3");
                if (answer.status == 200) {
                    ++answered;
                } else if (answer.status == 503 && answer.body.find("\"index_unavailable\"") != std::string::npos) {
                    ++unavailable;
                } else {
                    ++other;
                }
            }
        });
    for (auto& client : clients) client.join();
    CHECK(other == 0);
    CHECK(answered + unavailable == 80);
    CHECK(answered > 0);  // the pooled handles keep the open revision readable
    CHECK(total(port) == expected_total);
}

}  // namespace

TEST_SUITE("database faults") {
    TEST_CASE("a database that goes away is reported by health, searched from the open revision, and served again once back") {
        const TempDir dir;
        const auto db = dir / "db";
        testing::build_index(db, {testing::sample_corpus()});
        testing::ServerProcess server(db.string());  // polls every 200 ms
        const auto sample_total = total(server.port);
        CHECK(health(server.port)["status"] == "ok");

        const auto degraded = [&] {
            int status = 0;
            const auto answer = health(server.port, &status);
            return status == 503 && answer["status"] == "degraded" &&
                   answer.value("problem", "").find(db.string()) != std::string::npos;
        };
        const auto healthy = [&] {
            int status = 0;
            return health(server.port, &status)["status"] == "ok" && status == 200 && !health(server.port).contains("problem");
        };

        SUBCASE("renamed, then renamed back and updated") {
            fs::rename(db, dir / "moved");
            CHECK(eventually(degraded));
            searches_are_answered(server.port, sample_total);
            fs::rename(dir / "moved", db);
            CHECK(eventually(healthy));
            const auto extra = dir / "extra.jsonl";
            testing::write_synthetic_corpus(extra, 7, 3);
            testing::build_index(db, {testing::sample_corpus(), extra});
            CHECK(eventually([&] { return total(server.port) == sample_total + 7; }));
        }
        SUBCASE("deleted, then indexed anew") {
            fs::remove_all(db);
            CHECK(eventually(degraded));
            searches_are_answered(server.port, sample_total);
            const auto fresh = dir / "fresh.jsonl";
            testing::write_synthetic_corpus(fresh, 11, 5);
            testing::build_index(db, {fresh});
            CHECK(eventually([&] { return total(server.port) == 11; }));
            CHECK(healthy());
        }
        SUBCASE("replaced by an empty directory") {
            fs::rename(db, dir / "old");
            fs::create_directory(db);
            CHECK(eventually(degraded));
            CHECK(health(server.port)["problem"].get<std::string>().find("no Dateline database here") != std::string::npos);
            searches_are_answered(server.port, sample_total);
            fs::remove(db);
            fs::rename(dir / "old", db);
            CHECK(eventually(healthy));
        }
        CHECK(server.process.stop(SIGTERM) == 0);
    }

    TEST_CASE("a database made unreadable is reported by health, searched from the open revision, and served again once readable") {
        const TempDir dir;
        const auto db = dir / "db";
        testing::build_index(db, {testing::sample_corpus()});
        // Root reads through any permission: the server runs as nobody then, which must
        // reach the database through the temporary directory.
        std::vector<std::string> launcher;
        if (geteuid() == 0) {
            launcher = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
            fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                            fs::perms::others_read | fs::perms::others_exec);
        }
        testing::ServerProcess server(db.string(), {}, launcher);
        const auto sample_total = total(server.port);
        CHECK(health(server.port)["status"] == "ok");

        fs::permissions(db, fs::perms::none);
        CHECK(eventually([&] {
            int status = 0;
            const auto answer = health(server.port, &status);
            return status == 503 && answer["status"] == "degraded" &&
                   answer.value("problem", "").find(db.string()) != std::string::npos;
        }));
        searches_are_answered(server.port, sample_total);
        fs::permissions(db, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                fs::perms::others_read | fs::perms::others_exec);
        CHECK(eventually([&] { return health(server.port)["status"] == "ok"; }));
        const auto extra = dir / "extra.jsonl";
        testing::write_synthetic_corpus(extra, 4, 2);
        testing::build_index(db, {testing::sample_corpus(), extra});
        CHECK(eventually([&] { return total(server.port) == sample_total + 4; }));
        CHECK(server.process.stop(SIGTERM) == 0);
    }
}

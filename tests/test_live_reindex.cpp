// dateline-serve keeps answering while dateline-index adds, changes and deletes documents,
// and serves the new revision within seconds, without a restart.
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

using namespace dateline;
using dateline::testing::TempDir;

namespace {

int index_once(const std::filesystem::path& db, const std::filesystem::path& corpus) {
    testing::ChildProcess indexer(DATELINE_INDEX_BIN, {"--db", db.string(), "--batch-size", "50", "--quiet", corpus.string()});
    return indexer.stop(0, 120000);
}

std::uint64_t total_for(unsigned short port, const std::string& target) {
    const auto response = testing::http_request(port, target);
    REQUIRE(response.status == 200);
    return nlohmann::json::parse(response.body)["total"];
}

}  // namespace

TEST_SUITE("live reindexing") {
    TEST_CASE("queries never fail while a reindex adds, changes and deletes documents") {
        const TempDir dir;
        testing::write_synthetic_corpus(dir / "corpus" / "feed-a.jsonl", 1500, 1, "a-");
        testing::write_synthetic_corpus(dir / "corpus" / "feed-b.jsonl", 1500, 2, "b-");
        REQUIRE(index_once(dir / "db", dir / "corpus") == 0);
        testing::ServerProcess server((dir / "db").string());
        CHECK(total_for(server.port, "/api/search") == 3000);

        std::atomic<bool> stop{false};
        std::atomic<int> requests{0}, failures{0};
        std::mutex first_failure_mutex;
        std::string first_failure;  // what the first failed request got, to say why
        const auto fail = [&](const std::string& target, const std::string& what) {
            ++failures;
            const std::lock_guard lock(first_failure_mutex);
            if (first_failure.empty()) first_failure = target + ": " + what;
        };
        std::vector<std::jthread> clients;
        for (int c = 0; c < 3; ++c) {
            clients.emplace_back([&, c] {
                const char* targets[] = {"/api/search?q=talks&facet_size=50", "/api/search?country=UA&sort=-date",
                                         "/api/search?q=summit&speaker=Anna%20Kovalenko", "/api/facets/speaker?prefix=a"};
                for (int i = 0; !stop; ++i) {
                    const char* target = targets[(i + c) % 4];
                    try {
                        const auto response = testing::http_request(server.port, target);
                        if (response.status != 200) fail(target, std::to_string(response.status) + " " + response.body);
                    } catch (const std::exception& e) {
                        fail(target, e.what());
                    }
                    ++requests;
                }
            });
        }
        // Change feed-a (new titles and a third of its records gone), delete feed-b, add feed-c.
        testing::write_synthetic_corpus(dir / "corpus" / "feed-a.jsonl", 1000, 3, "a-");
        std::filesystem::remove(dir / "corpus" / "feed-b.jsonl");
        testing::write_synthetic_corpus(dir / "corpus" / "feed-c.jsonl", 700, 4, "c-");
        REQUIRE(index_once(dir / "db", dir / "corpus") == 0);

        // 1,000 documents left in feed-a (500 deleted, the rest changed), feed-b's 1,500
        // gone, feed-c's 700 new: 1,700. Wait for the server to show that revision.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        std::uint64_t total = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            total = total_for(server.port, "/api/search");
            if (total == 1700) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        stop = true;
        clients.clear();
        CHECK(total == 1700);
        CHECK(testing::http_request(server.port, "/api/doc/c-0").status == 200);    // added
        CHECK(testing::http_request(server.port, "/api/doc/b-0").status == 404);    // deleted with its file
        CHECK(testing::http_request(server.port, "/api/doc/a-1200").status == 404); // gone from its file
        CHECK(requests > 50);
        CHECK_MESSAGE(failures == 0, first_failure);
        CHECK(server.process.stop(SIGTERM) == 0);
    }
}

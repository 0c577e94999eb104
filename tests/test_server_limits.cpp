// dateline-serve under abuse, as a real process on a real port: slow and idle clients, too
// many connections, oversized requests; then what /metrics and the access log report, and a
// SIGTERM while requests are running.
#include "support/process.h"
#include "support/sample_index.h"

#include <boost/beast/http/error.hpp>
#include <boost/system/system_error.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

using namespace dateline;
using dateline::testing::RawConnection;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;

namespace {

// One sample database for every case of this file: the limits do not depend on its content.
struct SampleServerDb {
    TempDir dir;
    SampleServerDb() { testing::build_index(dir / "db", {testing::sample_corpus()}); }
    std::string path() const { return (dir / "db").string(); }
};

const SampleServerDb& sample_db() {
    static const SampleServerDb db;
    return db;
}

// "HTTP/1.1 413 Payload Too Large\r\n..." -> 413; 0 if no status line arrived.
int status_of(const std::string& raw_response) {
    if (raw_response.rfind("HTTP/1.1 ", 0) != 0 || raw_response.size() < 12) return 0;
    return std::stoi(raw_response.substr(9, 3));
}

// The value of an unlabelled or labelled sample line of the exposition text, -1 if absent.
double metric(const std::string& text, const std::string& series) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind(series + ' ', 0) == 0) return std::stod(line.substr(series.size() + 1));
    return -1;
}

}  // namespace

TEST_SUITE("server limits") {
    TEST_CASE("a client that trickles its request is cut off at the read timeout") {
        ServerProcess server(sample_db().path(), {"--read-timeout", "1"});
        RawConnection slow(server.port);
        REQUIRE(slow.send("GET /api/health HTTP/1.1\r\nHost: x\r\n"));
        // One header byte every 100 ms never completes the request; the server must give up
        // on it after about a second, not keep waiting as long as bytes arrive.
        bool closed = false;
        for (int i = 0; i < 60 && !closed; ++i) {
            closed = !slow.send("X") || slow.read_until_closed(100).closed;
        }
        CHECK_MESSAGE(closed, "the trickling connection was still open after 6 s");
        CHECK(testing::http_request(server.port, "/api/health").status == 200);
    }

    TEST_CASE("an idle keep-alive connection is closed after the idle timeout") {
        ServerProcess server(sample_db().path(), {"--idle-timeout", "1"});
        RawConnection client(server.port);
        REQUIRE(client.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
        // The response arrives, then nothing more: after a second of silence the server closes.
        const auto received = client.read_until_closed(6000);
        CHECK(status_of(received.bytes) == 200);
        CHECK(received.closed);
    }

    TEST_CASE("connections beyond --max-connections are refused and counted") {
        ServerProcess server(sample_db().path(), {"--max-connections", "2"});
        auto first = std::make_unique<RawConnection>(server.port);
        RawConnection second(server.port);
        // Both are accepted and held open by the server, so a third is one too many.
        REQUIRE(first->send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
        REQUIRE(second.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
        REQUIRE(status_of(first->read_until_closed(300).bytes) == 200);
        REQUIRE(status_of(second.read_until_closed(300).bytes) == 200);

        RawConnection third(server.port);  // the kernel accepts; the server closes it at once
        const auto refused = third.read_until_closed(5000);
        CHECK(refused.closed);
        CHECK(refused.bytes.empty());

        first.reset();  // one slot frees up: the server serves again
        std::string scraped;
        for (int attempt = 0; attempt < 50 && scraped.empty(); ++attempt) {
            try {
                scraped = testing::http_request(server.port, "/metrics").body;
            } catch (const std::exception&) {  // closed: the server has not seen the first go yet
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        REQUIRE_FALSE(scraped.empty());
        CHECK(metric(scraped, "dateline_http_connections_refused_total") >= 1);
    }

    TEST_CASE("oversized requests get 431 or 413 at the configured limits") {
        ServerProcess server(sample_db().path(), {"--max-header-bytes", "2048", "--max-body-bytes", "100"});
        CHECK(testing::http_request(server.port, "/api/search?q=" + std::string(1000, 'a')).status == 200);
        CHECK(testing::http_request(server.port, "/api/search?q=" + std::string(3000, 'a')).status == 431);

        RawConnection header_flood(server.port);
        REQUIRE(header_flood.send("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Filler: " + std::string(4000, 'f') + "\r\n\r\n"));
        CHECK(status_of(header_flood.read_until_closed(5000).bytes) == 431);

        RawConnection body(server.port);
        REQUIRE(body.send("POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'b')));
        const auto too_large = body.read_until_closed(5000);
        CHECK(status_of(too_large.bytes) == 413);
        CHECK(too_large.closed);

        RawConnection small_body(server.port);
        REQUIRE(small_body.send("POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"));
        CHECK(status_of(small_body.read_until_closed(5000).bytes) == 405);

        RawConnection garbage(server.port);
        REQUIRE(garbage.send("\x01\x02 not http at all\r\n\r\n"));
        CHECK(status_of(garbage.read_until_closed(5000).bytes) == 400);
        CHECK(testing::http_request(server.port, "/api/health").status == 200);
    }

    TEST_CASE("/metrics counts requests by status with a latency histogram, and the index") {
        ServerProcess server(sample_db().path());
        for (int i = 0; i < 3; ++i) CHECK(testing::http_request(server.port, "/api/search?q=talks").status == 200);
        CHECK(testing::http_request(server.port, "/api/doc/no-such-document").status == 404);

        // A request is counted once its response is written, which the client may see a
        // moment before the server's thread counts it: scrape until all four show.
        testing::HttpResult scraped;
        for (int attempt = 0; attempt < 100; ++attempt) {
            scraped = testing::http_request(server.port, "/metrics");
            if (metric(scraped.body, "dateline_http_requests_total{code=\"404\"}") == 1 &&
                metric(scraped.body, "dateline_http_requests_total{code=\"200\"}") >= 3)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        REQUIRE(scraped.status == 200);
        CHECK(scraped.headers.find("text/plain; version=0.0.4") != std::string::npos);
        const std::string& text = scraped.body;
        CHECK(metric(text, "dateline_http_requests_total{code=\"404\"}") == 1);
        const double ok = metric(text, "dateline_http_requests_total{code=\"200\"}");  // searches, earlier scrapes
        CHECK(ok >= 3);
        // An earlier scrape may be counted between the two reads: the histogram is read second.
        const double count = metric(text, "dateline_http_request_duration_seconds_count");
        CHECK(count >= ok + 1);
        CHECK(metric(text, "dateline_http_request_duration_seconds_bucket{le=\"+Inf\"}") == count);
        CHECK(metric(text, "dateline_http_request_duration_seconds_bucket{le=\"0.001\"}") <= count);
        CHECK(metric(text, "dateline_http_request_duration_seconds_sum") > 0);
        CHECK(metric(text, "dateline_http_requests_in_flight") >= 1);  // the scrape itself
        CHECK(metric(text, "dateline_index_documents") == 5);
        CHECK(text.find("dateline_index_revision{shard=\"0\"} ") != std::string::npos);
        CHECK(metric(text, "process_resident_memory_bytes") > 0);
    }

    TEST_CASE("every request gets one access log line: method, target, status, time") {
        ServerProcess server(sample_db().path());
        CHECK(testing::http_request(server.port, "/api/search?q=talks").status == 200);
        CHECK(testing::http_request(server.port, "/api/search?size=1000").status == 400);
        REQUIRE(server.process.stop(SIGTERM) == 0);
        const std::string log = server.process.stderr_text();
        CHECK(log.find("GET /api/search?q=talks 200 ") != std::string::npos);
        CHECK(log.find("GET /api/search?size=1000 400 ") != std::string::npos);
    }

    TEST_CASE("SIGTERM under load: every response begun is completed, then exit 0") {
        ServerProcess server(sample_db().path(), {"--no-access-log"});
        std::atomic<int> served{0}, cut_short{0}, refused{0};
        std::vector<std::jthread> clients;
        for (int i = 0; i < 4; ++i) {
            clients.emplace_back([&, port = server.port] {
                while (true) {
                    try {
                        const auto response = testing::http_request(port, "/api/search?q=talks&size=5");
                        if (response.status == 200 && nlohmann::json::parse(response.body)["total"] == 5) ++served;
                        else ++cut_short;
                    } catch (const boost::system::system_error& e) {
                        // A response that stopped part-way is a broken promise; a connection
                        // refused, reset or closed before any response is a server gone.
                        if (e.code() == boost::beast::http::error::partial_message) ++cut_short;
                        else ++refused;
                        return;
                    } catch (const std::exception&) {
                        ++refused;
                        return;
                    }
                }
            });
        }
        for (int wait = 0; wait < 1000 && served < 20; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(served >= 20);  // not REQUIRE: the clients end only when the server does
        CHECK(server.process.stop(SIGTERM) == 0);
        clients.clear();  // joins: each ends at its first failed request
        CHECK(cut_short == 0);
        CHECK(refused == 4);
        CHECK(server.process.stderr_text().find("shutting down") != std::string::npos);
    }
}

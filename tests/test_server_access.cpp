// dateline-serve's access options as a real process: keys, exposure, rate limit.
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>

using namespace dateline;
using dateline::testing::TempDir;
using testing::run_command;

namespace {

const std::string kServe = DATELINE_SERVE_BIN;
const std::string kKey = "Zm9vYmFyLWtleS1mb3ItdGVzdHM+/==";

// The exit status and the output (stdout and stderr) of dateline-serve with `args`.
std::pair<int, std::string> serve_exits(const std::string& args) {
    const std::string out = run_command(kServe + " " + args + " 2>&1; echo \"exit=$?\"");
    const auto at = out.rfind("exit=");
    return {std::stoi(out.substr(at + 5)), out.substr(0, at)};
}

}  // namespace

TEST_SUITE("server access") {
    TEST_CASE("an address other than loopback is served only with keys or --public") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        const std::string db = "--db " + (dir / "db").string() + " --port 0";
        const auto [status, out] = serve_exits(db + " --address 0.0.0.0");
        CHECK(status == 2);
        CHECK(out.find("--address 0.0.0.0 is reachable from other hosts: give --keys FILE") != std::string::npos);
        CHECK(serve_exits(db + " --address ::").first == 2);
        CHECK(serve_exits(db + " --address localhost").second.find("not an IP address") != std::string::npos);

        testing::ChildProcess open(kServe, {"--db", (dir / "db").string(), "--port", "0", "--address", "0.0.0.0", "--public"});
        CHECK(open.read_line().find("listening on http://0.0.0.0:") != std::string::npos);
        CHECK(open.stop(SIGTERM) == 0);
    }

    TEST_CASE("a bad keys file stops the start with its file and line") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        const auto keys = dir / "keys";
        std::ofstream(keys) << "# keys\nsha256:" << std::string(64, '0') << " search,admin Ann\n";
        const auto [status, out] = serve_exits("--db " + (dir / "db").string() + " --port 0 --keys " + keys.string());
        CHECK(status == 1);
        CHECK(out == "dateline-serve: " + keys.string() + ":2: unknown scope 'admin' (search, export or metrics)\n");
        CHECK(serve_exits("--db " + (dir / "db").string() + " --keys " + (dir / "none").string()).second.find(
                  (dir / "none").string() + ":0: cannot read the keys file") != std::string::npos);
    }

    TEST_CASE("--hash-key prints the line that lets the key in, and the key never reaches the access log") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        const auto line = run_command("printf '%s\\n' '" + kKey + "' | " + kServe + " --hash-key --key-scopes search --key-name Desk");
        CHECK(line.starts_with("sha256:"));
        CHECK(line.ends_with(" search Desk\n"));
        CHECK(line.find(kKey) == std::string::npos);
        std::ofstream(dir / "keys") << line;

        testing::ServerProcess server((dir / "db").string(), {"--keys", (dir / "keys").string()});
        CHECK(testing::http_request(server.port, "/api/search?q=talks").status == 401);
        const auto answered = testing::http_request(server.port, "/api/search?q=talks", "GET", {{"Authorization", "Bearer " + kKey}});
        CHECK(answered.status == 200);
        CHECK(testing::http_request(server.port, "/api/search?q=talks", "GET", {{"Authorization", "Bearer " + kKey + "x"}}).status == 401);
        CHECK(testing::http_request(server.port, "/metrics", "GET", {{"Authorization", "Bearer " + kKey}}).status == 403);
        CHECK(testing::http_request(server.port, "/api/health").status == 200);
        CHECK(server.process.stop(SIGTERM) == 0);
        const auto log = server.process.stderr_text();
        CHECK(log.find("GET /api/search?q=talks 200") != std::string::npos);
        CHECK(log.find(kKey) == std::string::npos);
        CHECK(log.find("Desk") == std::string::npos);
    }

    TEST_CASE("--hash-key refuses a key too short to be secret or unfit for a Bearer header") {
        for (const std::string key : {"short", "has a space in it, long enough", "ünïcode-key-0123456789"}) {
            CAPTURE(key);
            const auto out = run_command("printf '%s\\n' '" + key + "' | " + kServe + " --hash-key 2>&1; echo \"exit=$?\"");
            CHECK(out.find("exit=1") != std::string::npos);
            CHECK(out.find("--hash-key: ") != std::string::npos);
        }
        CHECK(run_command("echo x | " + kServe + " --hash-key --key-scopes admin 2>&1; echo \"exit=$?\"").find("exit=2") !=
              std::string::npos);
    }

    TEST_CASE("past --rate-limit a client gets 429 over HTTP; behind a proxy X-Real-IP names the client") {
        const TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        testing::ServerProcess server((dir / "db").string(), {"--rate-limit", "1", "--rate-burst", "2", "--trust-real-ip"});
        const auto from = [&](const std::string& address) {
            return testing::http_request(server.port, "/api/search?q=talks", "GET", {{"X-Real-IP", address}});
        };
        CHECK(from("198.51.100.7").status == 200);
        CHECK(from("198.51.100.7").status == 200);
        const auto limited = from("198.51.100.7");
        CHECK(limited.status == 429);
        CHECK(limited.headers.find("Retry-After: 1\n") != std::string::npos);
        CHECK(from("198.51.100.8").status == 200);
        CHECK(testing::http_request(server.port, "/api/health").status == 200);
        const auto metrics = testing::http_request(server.port, "/metrics").body;
        CHECK(metrics.find("dateline_http_rate_limited_total 1\n") != std::string::npos);
        CHECK(metrics.find("dateline_http_requests_total{code=\"429\"} 1\n") != std::string::npos);
    }
}

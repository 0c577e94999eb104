#include "http/api_keys.h"
#include "http/rate_limiter.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace dateline::http;
using dateline::testing::TempDir;

namespace {

const std::string kAlice = "alice-key-0123456789abcdef";
const std::string kBob = "bob+key/0123456789ABCDEF==";

std::string keys_text() {
    return "# the newsroom's keys\n\n" + keys_file_line(kAlice, Scope::search, "Alice (desk)") + "\n" +
           keys_file_line(kBob, Scopes(Scope::search) |= Scope::exports) + "\r\n";
}

}  // namespace

TEST_SUITE("api keys") {
    TEST_CASE("a key's hash is its SHA-256, written as the file writes it") {
        // FIPS 180-2's test vector for "abc".
        CHECK(keys_file_line("abc", Scope::metrics) ==
              "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad metrics");
        CHECK(keys_file_line("abc", Scopes(Scope::metrics) |= Scope::search, "ops team") ==
              "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad search,metrics ops team");
    }

    TEST_CASE("a keys file gives each key its scopes and no other key any") {
        const auto keys = ApiKeys::parse(keys_text(), "keys");
        REQUIRE(keys.entries().size() == 2);
        CHECK(keys.entries()[0].name == "Alice (desk)");
        CHECK(keys.scopes_of(kAlice) == Scopes(Scope::search));
        CHECK(keys.scopes_of(kBob) == (Scopes(Scope::search) |= Scope::exports));
        CHECK_FALSE(keys.scopes_of("alice-key-0123456789abcdeF"));
        CHECK_FALSE(keys.scopes_of(""));
    }

    TEST_CASE("a bad keys file is refused with its file and line") {
        const std::string hash = "sha256:" + std::string(64, 'a');
        const struct {
            std::string text;
            std::string message;
        } cases[] = {
            {"# comment\nsha256:abc search\n", "keys:2: expected 'sha256:<64 hex digits> <scope>[,<scope>...] [name]'"},
            {"\n\n" + std::string(64, 'a') + " search\n", "keys:3: expected 'sha256:<64 hex digits> <scope>[,<scope>...] [name]'"},
            {"sha256:" + std::string(63, 'a') + "g search", "keys:1: expected 'sha256:<64 hex digits> <scope>[,<scope>...] [name]'"},
            {hash + "\n", "keys:1: no scope after the hash; expected 'sha256:<64 hex digits> <scope>[,<scope>...] [name]'"},
            {hash + " search,admin\n", "keys:1: unknown scope 'admin' (search, export or metrics)"},
            {hash + " search,\n", "keys:1: unknown scope '' (search, export or metrics)"},
            {hash + " search\n#\n" + hash + " metrics\n", "keys:3: the same key as line 1"},
            {"# no keys yet\n\n", "keys:2: no keys in the file"},
            {"", "keys:0: no keys in the file"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            CHECK_THROWS_WITH_AS(ApiKeys::parse(c.text, "keys"), c.message.c_str(), KeysFileError);
        }
    }

    TEST_CASE("a keys file that cannot be read is named") {
        const TempDir dir;
        const auto path = dir / "missing.keys";
        CHECK_THROWS_WITH_AS(ApiKeys::load(path), (path.string() + ":0: cannot read the keys file").c_str(), KeysFileError);
        std::ofstream(dir / "ok.keys") << keys_text();
        CHECK(ApiKeys::load(dir / "ok.keys").entries().size() == 2);
    }

    TEST_CASE("scopes read and write as comma-separated names") {
        CHECK(parse_scopes("search") == Scopes(Scope::search));
        CHECK(parse_scopes("metrics,export") == (Scopes(Scope::exports) |= Scope::metrics));
        CHECK(to_string(Scopes(Scope::metrics) |= Scope::search) == "search,metrics");
        std::string unknown;
        CHECK_FALSE(parse_scopes("search,Export", &unknown));
        CHECK(unknown == "Export");
        CHECK_FALSE(parse_scopes(""));
    }

    TEST_CASE("only a Bearer header with one b64token carries a key") {
        const struct {
            std::string header;
            std::optional<std::string> token;
        } cases[] = {
            {"Bearer abc", "abc"},
            {"bearer  abc+/-._~==", "abc+/-._~=="},
            {"BEARER\tabc  ", "abc"},
            {"Bearer", std::nullopt},
            {"Bearer ", std::nullopt},
            {"Bearerabc", std::nullopt},
            {"Basic YWxhZGRpbjpvcGVuc2VzYW1l", std::nullopt},
            {"Bearer a b", std::nullopt},
            {"Bearer ab=c", std::nullopt},
            {"Bearer =abc", std::nullopt},
            {"Bearer abc,def", std::nullopt},
            {"Bearer ab\xc3\xa9", std::nullopt},
        };
        for (const auto& c : cases) {
            CAPTURE(c.header);
            const auto token = bearer_token(c.header);
            CHECK(token.has_value() == c.token.has_value());
            if (token && c.token) CHECK(*token == *c.token);
        }
    }
}

TEST_SUITE("rate limiter") {
    using namespace std::chrono_literals;
    const RateLimiter::Clock::time_point t0{};

    TEST_CASE("a client gets its burst at once, then the rate, and is told when to retry") {
        RateLimiter limiter({2, 3});
        for (int i = 0; i < 3; ++i) CHECK(limiter.admit("10.0.0.1", t0).admitted);
        const auto refused = limiter.admit("10.0.0.1", t0);
        CHECK_FALSE(refused.admitted);
        CHECK(refused.retry_after == 1s);
        CHECK(limiter.admit("10.0.0.1", t0 + 500ms).admitted);  // half a second: one token at 2/s
        CHECK_FALSE(limiter.admit("10.0.0.1", t0 + 500ms).admitted);
        CHECK(limiter.rejected() == 2);
        // A long pause refills the bucket to the burst, not beyond.
        for (int i = 0; i < 3; ++i) CHECK(limiter.admit("10.0.0.1", t0 + 1h).admitted);
        CHECK_FALSE(limiter.admit("10.0.0.1", t0 + 1h).admitted);
    }

    TEST_CASE("each client address has a bucket of its own") {
        RateLimiter limiter({1, 1});
        CHECK(limiter.admit("10.0.0.1", t0).admitted);
        CHECK_FALSE(limiter.admit("10.0.0.1", t0).admitted);
        CHECK(limiter.admit("10.0.0.2", t0).admitted);
        CHECK(limiter.admit("::1", t0).admitted);
        CHECK(limiter.clients() == 3);
    }

    TEST_CASE("a slow rate asks for a retry after the whole wait") {
        RateLimiter limiter({0.25, 1});
        CHECK(limiter.admit("c", t0).admitted);
        CHECK(limiter.admit("c", t0 + 1s).retry_after == 3s);
    }

    TEST_CASE("many client addresses never hold more than the limit's memory") {
        RateLimiter limiter({1, 1, 1000});
        int admitted = 0;
        for (int i = 0; i < 100000; ++i) admitted += limiter.admit("10.1." + std::to_string(i), t0).admitted;
        CHECK(admitted == 100000);
        CHECK(limiter.clients() == 1000);
        // The most recently seen are remembered (and limited); the oldest were forgotten.
        CHECK_FALSE(limiter.admit("10.1.99999", t0).admitted);
        CHECK(limiter.admit("10.1.0", t0).admitted);
        CHECK(limiter.clients() == 1000);
    }

    TEST_CASE("a limit without a rate or burst is refused") {
        CHECK_THROWS_AS(RateLimiter({0, 1}), std::invalid_argument);
        CHECK_THROWS_AS(RateLimiter({1, 0.5}), std::invalid_argument);
        CHECK_THROWS_AS(RateLimiter({1, 1, 0}), std::invalid_argument);
    }
}

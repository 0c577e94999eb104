// libFuzzer target: the Authorization header through the router's access check, over the
// sample index with one key of the search and export scopes. The first byte picks the route;
// the rest is the header. Only the key opens a route, and a refusal says a fixed sentence.
#include "fuzz_check.h"
#include "fuzz_sample_index.h"
#include "http/api.h"
#include "search/searcher.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

using namespace dateline;
using namespace dateline::http;

namespace {

const std::string kKey = "fuzz-key-0123456789abcdef+/==";

struct Api {
    search::Index index{std::vector<std::filesystem::path>{fuzz::sample_db()}};
    search::Searcher searcher{index, fuzz::vocabulary()};
    Metrics metrics;
    ApiKeys keys = ApiKeys::parse(keys_file_line(kKey, Scopes(Scope::search) |= Scope::exports), "keys");
    Router router{searcher, nullptr, {}, &metrics, Access{&keys, nullptr}};
};

const Api& api() {
    static const Api loaded;
    return loaded;
}

bool b64token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~' || c == '+' || c == '/';
}

void check_token(std::string_view header, std::string_view token) {
    fuzz::check(!token.empty(), "a token is not empty", header);
    fuzz::check(header.find(token) != std::string_view::npos, "a token is part of its header", header);
    const auto padding = token.find('=');
    const auto body = token.substr(0, padding);
    fuzz::check(!body.empty() && std::all_of(body.begin(), body.end(), b64token_char), "a token is a b64token", header);
    if (padding != std::string_view::npos)
        fuzz::check(token.find_first_not_of('=', padding) == std::string_view::npos, "'=' only ends a token", header);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    api();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // /api/export needs a scope the key has (past it: 400 for the bad format, before any work),
    // /metrics one it lacks.
    static constexpr std::array<std::string_view, 2> kTargets = {"/api/export?format=none", "/metrics"};
    const std::string_view target = kTargets[data[0] % kTargets.size()];
    const std::string_view header = fuzz::as_text(data + 1, size - 1);
    // Beast's parser lets no line break or NUL into a field value: such input never arrives.
    for (const char c : header)
        if (c == '\r' || c == '\n' || c == '\0') return 0;

    // A field value arrives without its surrounding whitespace (Beast's parser drops it, and
    // so does setting a field), so that is what the router reads the token from.
    std::string_view arrived = header;
    while (!arrived.empty() && (arrived.front() == ' ' || arrived.front() == '\t')) arrived.remove_prefix(1);
    while (!arrived.empty() && (arrived.back() == ' ' || arrived.back() == '\t')) arrived.remove_suffix(1);
    const auto token = bearer_token(arrived);
    if (token) check_token(arrived, *token);
    Request request{beast_http::verb::get, boost::beast::string_view(target.data(), target.size()), 11};
    if (!header.empty()) request.set(beast_http::field::authorization, boost::beast::string_view(header.data(), header.size()));
    Response response;
    try {
        response = api().router.handle(request, "192.0.2.1");
    } catch (const std::exception& e) {
        fuzz::fail("the router never throws", e.what());
    }
    const unsigned status = response.result_int();
    const bool is_key = token && *token == kKey;
    if (!is_key) {
        fuzz::check(status == 401, "only the key gets past the check", header);
        fuzz::check(!response[beast_http::field::www_authenticate].empty(), "a 401 says the scheme", header);
    } else {
        fuzz::check(status == (target == "/metrics" ? 403u : 400u), "the key opens the routes of its scopes", header);
    }
    const auto body = nlohmann::json::parse(response.body(), nullptr, false);
    fuzz::check(!body.is_discarded() && body["error"]["message"].is_string(), "a refusal is an error in the schema", header);
    // A refusal says one of its fixed sentences, so nothing of the header comes back.
    static const std::array<std::string_view, 5> kMessages = {
        "this server needs an API key: send 'Authorization: Bearer KEY'", "the API key is not valid",
        "the Authorization header is not 'Bearer KEY'", "the API key's scopes do not include 'metrics'",
        "parameter 'format': expected csv or jsonl, got \"none\""};
    const auto message = body["error"]["message"].get<std::string>();
    fuzz::check(std::find(kMessages.begin(), kMessages.end(), message) != kMessages.end(),
                "a refusal never echoes the header", message);
    return 0;
}

// libFuzzer target: whole request targets through the API router (parse_target, parameter
// parsing, query building, search and JSON rendering) over the sample index.
#include "fuzz_check.h"
#include "fuzz_sample_index.h"
#include "http/api.h"
#include "search/searcher.h"
#include "http/url.h"

#include <nlohmann/json.hpp>

#include <optional>

using namespace dateline;
using namespace dateline::http;

namespace {

struct Api {
    search::Index index{std::vector<std::filesystem::path>{fuzz::sample_db()}};
    search::Searcher searcher{index, fuzz::vocabulary()};
    Router router{searcher, nullptr};
};

const Api& api() {
    static const Api loaded;
    return loaded;
}

// What a browser's link would carry: every part encoded again must decode to the same.
void check_target_round_trip(const Target& target) {
    std::string encoded;
    std::size_t begin = 1;
    while (begin <= target.path.size()) {
        const std::size_t slash = std::min(target.path.find('/', begin), target.path.size());
        encoded += "/" + percent_encode(target.path.substr(begin, slash - begin));
        begin = slash + 1;
    }
    char separator = '?';
    for (const auto& [name, value] : target.params) {
        encoded += separator + percent_encode(name) + "=" + percent_encode(value);
        separator = '&';
    }
    const auto back = parse_target(encoded);
    fuzz::check(back.has_value(), "an encoded target parses", encoded);
    fuzz::check(back->path == target.path && back->params == target.params, "a target survives encoding", encoded);
}

void check_response(std::string_view target, const Response& response) {
    const unsigned status = response.result_int();
    // 500 is a bug and 503 cannot happen over an open index: neither may a request cause.
    fuzz::check(status != 500 && status != 503, "no request breaks the server", target);
    if (response[beast_http::field::content_type].starts_with("application/json")) {
        const auto body = nlohmann::json::parse(response.body(), nullptr, false);
        fuzz::check(!body.is_discarded(), "a JSON answer is JSON", target);
        if (status >= 400) {
            fuzz::check(body.contains("error") && body["error"].contains("code") && body["error"]["code"].is_string(),
                        "an error answer has an error code", target);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    api();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target = fuzz::as_text(data, size);
    // Beast's parser lets no control byte or space into a target: such input never arrives.
    for (const char c : target)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return 0;
    if (const auto parsed = parse_target(target)) check_target_round_trip(*parsed);

    Request request{beast_http::verb::get, boost::beast::string_view(target.data(), target.size()), 11};
    std::optional<Response> response;
    try {
        response = api().router.handle(request);
    } catch (const std::exception& e) {
        fuzz::fail("the router never throws", e.what());
    }
    check_response(target, *response);
    return 0;
}

// libFuzzer target: the search API's parameter parsing (parse_search_request) and its
// inverse for links (to_params). The input is a raw query string, name=value&name=value,
// without percent-decoding: the URL layer has its own target (fuzz_http_target).
#include "fuzz_check.h"
#include "search/search_request.h"

#include <algorithm>

using namespace dateline;

namespace {

search::Params split_params(std::string_view query) {
    search::Params params;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const std::size_t eq = pair.find('=');
        params.emplace_back(std::string(pair.substr(0, eq)),
                            eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return params;
}

void check_request(const search::SearchRequest& r, const search::RequestLimits& limits) {
    fuzz::check(r.page >= 1 && r.page <= limits.max_page, "page within limits");
    fuzz::check(r.size >= 0 && r.size <= limits.max_size, "size within limits");
    fuzz::check(r.facet_size >= 0 && r.facet_size <= limits.max_facet_size, "facet_size within limits");
    fuzz::check(r.query.size() <= limits.max_query_bytes, "query within limits");
    fuzz::check(r.speakers.size() <= limits.max_values_per_filter && r.countries.size() <= limits.max_values_per_filter,
                "filter values within limits");
    for (const auto& code : r.countries)
        fuzz::check(code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }),
                    "country filters are two capitals", code);
    for (const auto* end : {&r.from, &r.to})
        if (*end) {
            fuzz::check_partial_date(**end, "date filter");
            fuzz::check((*end)->precision() == PartialDate::Precision::day, "date filters are whole days");
        }
    fuzz::check(!(r.from && r.to && *r.to < *r.from), "a date range does not end before it starts");
    fuzz::check(!(r.undated && (r.from || r.to)), "undated excludes a date range");
}

// Links carry a request's filters and order; reading them back gives the same request.
void check_link_round_trip(const search::SearchRequest& r, const search::RequestLimits& limits) {
    const auto back = search::parse_search_request(search::to_params(r), limits);
    fuzz::check(back.ok(), "a request's own parameters parse", back.ok() ? "" : back.error().message);
    fuzz::check(back->query == r.query && back->speakers == r.speakers && back->countries == r.countries,
                "query and filters survive a link");
    fuzz::check(back->from == r.from && back->to == r.to && back->undated == r.undated && back->sort == r.sort,
                "dates and order survive a link");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const search::RequestLimits limits;
    const auto request = search::parse_search_request(split_params(fuzz::as_text(data, size)), limits);
    if (!request) {
        fuzz::check(request.error().code == search::ErrorCode::bad_param, "parameter errors are bad_param");
        fuzz::check(!request.error().message.empty(), "an error says why");
        return 0;
    }
    check_request(*request, limits);
    check_link_round_trip(*request, limits);
    return 0;
}

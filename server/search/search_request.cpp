#include "search/search_request.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace dateline::search {
namespace {

Error bad_param(const std::string& name, const std::string& why) {
    return Error{ErrorCode::bad_param, "parameter '" + name + "': " + why};
}

std::optional<Error> read_bool(const std::string& name, const std::string& text, bool& out) {
    if (text == "true" || text == "1") out = true;
    else if (text == "false" || text == "0" || text.empty()) out = false;
    else return bad_param(name, "expected true or false, got \"" + text + "\"");
    return std::nullopt;
}

std::optional<int> parse_int(const std::string& text) {
    int value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<Error> read_bounded_int(const std::string& name, const std::string& text, int min, int max, int& out) {
    const auto value = parse_int(text);
    if (!value) return bad_param(name, "expected a whole number, got \"" + text + "\"");
    if (*value < min || *value > max)
        return bad_param(name, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                   ", got " + text);
    out = *value;
    return std::nullopt;
}

std::optional<Error> read_date(const std::string& name, const std::string& text, bool end_of_range,
                               std::optional<PartialDate>& out) {
    if (text.empty()) return std::nullopt;
    const auto date = parse_iso_date(text);
    if (!date || text.size() > 10) return bad_param(name, "expected YYYY, YYYY-MM or YYYY-MM-DD, got \"" + text + "\"");
    out = end_of_range ? last_day(*date) : first_day(*date);
    return std::nullopt;
}

bool is_country_code(const std::string& text) {
    return text.size() == 2 && std::isalpha(static_cast<unsigned char>(text[0])) &&
           std::isalpha(static_cast<unsigned char>(text[1]));
}

std::optional<Error> add_value(const std::string& name, const std::string& value, std::size_t max,
                               std::vector<std::string>& values) {
    if (value.empty()) return std::nullopt;
    if (std::find(values.begin(), values.end(), value) != values.end()) return std::nullopt;
    if (values.size() >= max) return bad_param(name, "at most " + std::to_string(max) + " values");
    values.push_back(value);
    return std::nullopt;
}

}  // namespace

PartialDate first_day(const PartialDate& date) {
    return {date.year, date.month == 0 ? 1 : date.month, date.day == 0 ? 1 : date.day};
}

PartialDate last_day(const PartialDate& date) {
    if (date.day != 0) return date;
    const int month = date.month == 0 ? 12 : date.month;
    int day = 31;
    while (!is_valid_day(date.year, month, day)) --day;
    return {date.year, month, day};
}

std::optional<Error> check_query_length(const std::string& query, const RequestLimits& limits) {
    if (query.size() <= limits.max_query_bytes) return std::nullopt;
    return Error{ErrorCode::bad_param, "The query is too long: at most " + std::to_string(limits.max_query_bytes) +
                                           " bytes, this one has " + std::to_string(query.size())};
}

Result<SearchRequest> parse_search_request(const Params& params, const RequestLimits& limits) {
    SearchRequest request;
    for (const auto& [name, value] : params) {
        std::optional<Error> error;
        if (name == "q") {
            error = check_query_length(value, limits);
            request.query = value;
        } else if (name == "speaker") {
            error = add_value(name, value, limits.max_values_per_filter, request.speakers);
        } else if (name == "country") {
            if (!value.empty() && !is_country_code(value))
                error = bad_param(name, "expected an ISO 3166-1 alpha-2 code, got \"" + value + "\"");
            else {
                std::string code = value;
                std::transform(code.begin(), code.end(), code.begin(),
                               [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                error = add_value(name, code, limits.max_values_per_filter, request.countries);
            }
        } else if (name == "from") {
            error = read_date(name, value, false, request.from);
        } else if (name == "to") {
            error = read_date(name, value, true, request.to);
        } else if (name == "undated") {
            error = read_bool(name, value, request.undated);
        } else if (name == "typing") {
            error = read_bool(name, value, request.typing);
        } else if (name == "sort") {
            if (value == "relevance" || value.empty()) request.sort = SortOrder::relevance;
            else if (value == "-date" || value == "newest") request.sort = SortOrder::newest;
            else if (value == "date" || value == "oldest") request.sort = SortOrder::oldest;
            else error = bad_param(name, "expected relevance, date or -date, got \"" + value + "\"");
        } else if (name == "page") {
            error = read_bounded_int(name, value, 1, limits.max_page, request.page);
        } else if (name == "size") {
            error = read_bounded_int(name, value, 0, limits.max_size, request.size);
        } else if (name == "facet_size") {
            error = read_bounded_int(name, value, 0, limits.max_facet_size, request.facet_size);
        } else if (name == "collapse") {
            error = read_bool(name, value, request.collapse);
            if (value.empty()) request.collapse = true;
        } else if (name == "count") {
            if (value == "articles" || value.empty()) request.count_stories = false;
            else if (value == "stories") request.count_stories = true;
            else error = bad_param(name, "expected articles or stories, got \"" + value + "\"");
        } else if (name == "cluster") {
            const bool hex = value.size() == 16 && std::all_of(value.begin(), value.end(), [](char c) {
                return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            });
            if (!value.empty() && !hex) error = bad_param(name, "expected a cluster id of 16 hex digits, got \"" + value + "\"");
            request.cluster = value;
        } else {
            error = Error{ErrorCode::bad_param, "unknown parameter '" + name + "'"};
        }
        if (error) return *error;
    }
    if (request.from && request.to && *request.to < *request.from)
        return bad_param("from", "the range ends (to=" + request.to->to_iso() + ") before it starts (from=" +
                                     request.from->to_iso() + ")");
    if (request.undated && (request.from || request.to))
        return bad_param("undated", "cannot be combined with from or to");
    return request;
}

Params to_params(const SearchRequest& request) {
    Params params;
    if (!request.query.empty()) params.emplace_back("q", request.query);
    for (const auto& speaker : request.speakers) params.emplace_back("speaker", speaker);
    for (const auto& country : request.countries) params.emplace_back("country", country);
    if (request.from) params.emplace_back("from", request.from->to_iso());
    if (request.to) params.emplace_back("to", request.to->to_iso());
    if (request.undated) params.emplace_back("undated", "true");
    if (request.typing) params.emplace_back("typing", "true");
    if (request.sort == SortOrder::newest) params.emplace_back("sort", "-date");
    if (request.sort == SortOrder::oldest) params.emplace_back("sort", "date");
    if (!request.collapse) params.emplace_back("collapse", "false");
    if (request.count_stories) params.emplace_back("count", "stories");
    if (!request.cluster.empty()) params.emplace_back("cluster", request.cluster);
    return params;
}

}  // namespace dateline::search

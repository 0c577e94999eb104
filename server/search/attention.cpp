#include "search/attention.h"

#include "core/date.h"
#include "search/json_writer.h"

#include <algorithm>
#include <cctype>

namespace dateline::search {
namespace {

Error bad_param(const std::string& name, const std::string& why) {
    return Error{ErrorCode::bad_param, "parameter '" + name + "': " + why};
}

std::optional<Dimension> dimension_of(const std::string& text) {
    if (text == "speaker") return Dimension::speaker;
    if (text == "country") return Dimension::country;
    return std::nullopt;
}

}  // namespace

const char* to_string(Interval interval) noexcept {
    switch (interval) {
        case Interval::automatic: return "auto";
        case Interval::day: return "day";
        case Interval::week: return "week";
        case Interval::month: return "month";
        case Interval::year: return "year";
    }
    return "auto";
}

const char* to_string(Dimension dimension) noexcept { return dimension == Dimension::speaker ? "speaker" : "country"; }

Result<TimelineRequest> parse_timeline_request(Params params, const RequestLimits& limits,
                                               const TimelineLimits& timeline_limits) {
    TimelineRequest request;
    std::optional<Error> error;
    std::erase_if(params, [&](const auto& param) {
        const auto& [name, value] = param;
        if (error) return false;
        if (name == "series") {
            const auto colon = value.find(':');
            const std::string kind = value.substr(0, colon);
            std::string text = colon == std::string::npos ? std::string() : value.substr(colon + 1);
            if (kind != "q" && kind != "speaker" && kind != "country")
                error = bad_param(name, "expected q:QUERY, speaker:NAME or country:CODE, got \"" + value + "\"");
            else if (text.empty())
                error = bad_param(name, "\"" + value + "\" has no value after its kind");
            else if (request.series.size() >= timeline_limits.max_series)
                error = bad_param(name, "at most " + std::to_string(timeline_limits.max_series) + " series");
            else if (const auto too_long = check_query_length(text, limits))
                error = *too_long;
            else {
                if (kind == "country") {
                    if (text.size() != 2 || !std::isalpha(static_cast<unsigned char>(text[0])) ||
                        !std::isalpha(static_cast<unsigned char>(text[1])))
                        error = bad_param(name, "expected an ISO 3166-1 alpha-2 code, got \"" + text + "\"");
                    std::transform(text.begin(), text.end(), text.begin(),
                                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
                }
                request.series.push_back({kind, text});
            }
            return true;
        }
        if (name == "interval") {
            if (value == "auto" || value.empty()) request.interval = Interval::automatic;
            else if (value == "day") request.interval = Interval::day;
            else if (value == "week") request.interval = Interval::week;
            else if (value == "month") request.interval = Interval::month;
            else if (value == "year") request.interval = Interval::year;
            else error = bad_param(name, "expected auto, day, week, month or year, got \"" + value + "\"");
            return true;
        }
        if (name == "sort" || name == "page" || name == "size" || name == "facet_size")
            error = bad_param(name, "not a parameter of a timeline");
        return false;
    });
    if (error) return *error;
    auto base = parse_search_request(params, limits);
    if (!base) return base.error();
    if (base->undated) return bad_param("undated", "a timeline counts dated articles only");
    request.base = std::move(*base);
    return request;
}

std::int32_t period_start(std::int32_t day, Interval interval) {
    switch (interval) {
        case Interval::automatic:
        case Interval::day: return day;
        case Interval::week: return day - ((day % 7 + 7 + 3) % 7);  // 1970-01-01 was a Thursday
        case Interval::month: {
            const PartialDate date = date_from_days(day);
            return days_since_epoch({date.year, date.month, 1});
        }
        case Interval::year: return days_since_epoch({date_from_days(day).year, 1, 1});
    }
    return day;
}

std::int32_t next_period_start(std::int32_t start, Interval interval) {
    switch (interval) {
        case Interval::automatic:
        case Interval::day: return start + 1;
        case Interval::week: return start + 7;
        case Interval::month: {
            const PartialDate date = date_from_days(start);
            return date.month == 12 ? days_since_epoch({date.year + 1, 1, 1}) : days_since_epoch({date.year, date.month + 1, 1});
        }
        case Interval::year: return days_since_epoch({date_from_days(start).year + 1, 1, 1});
    }
    return start + 1;
}

Interval automatic_interval(std::int32_t first, std::int32_t last) {
    const std::int32_t span = last - first;
    if (span <= 62) return Interval::day;
    if (span <= 366) return Interval::week;
    if (span <= 366 * 5) return Interval::month;
    return Interval::year;
}

Result<CooccurrenceRequest> parse_cooccurrence_request(Params params, const RequestLimits& limits) {
    CooccurrenceRequest request;
    std::optional<Error> error;
    std::erase_if(params, [&](const auto& param) {
        const auto& [name, value] = param;
        if (error) return false;
        if (name == "rows" || name == "cols") {
            const auto dimension = dimension_of(value);
            if (!dimension) error = bad_param(name, "expected speaker or country, got \"" + value + "\"");
            else (name == "rows" ? request.rows : request.cols) = *dimension;
            return true;
        }
        if (name == "size") {
            int size = 0;
            const bool digits = !value.empty() && value.size() <= 6 && std::all_of(value.begin(), value.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            });
            if (digits) size = std::stoi(value);
            if (!digits || size < 1 || size > kMaxCooccurrenceSize)
                error = bad_param(name, "must be between 1 and " + std::to_string(kMaxCooccurrenceSize) + ", got " + value);
            request.size = size;
            return true;
        }
        if (name == "sort" || name == "page" || name == "facet_size") error = bad_param(name, "not a parameter of a co-occurrence");
        return false;
    });
    if (error) return *error;
    auto base = parse_search_request(params, limits);
    if (!base) return base.error();
    request.base = std::move(*base);
    return request;
}

std::string to_json(const TimelineResponse& response) {
    JsonWriter out;
    out.begin_object()
        .member("interval", to_string(response.interval))
        .member("count", response.count_stories ? "stories" : "articles");
    out.key("series").begin_array();
    for (std::size_t i = 0; i < response.series.size(); ++i)
        out.begin_object()
            .member("kind", response.series[i].kind)
            .member("value", response.series[i].value)
            .member("total", response.totals[i])
            .end_object();
    out.end_array();
    out.key("periods").begin_array();
    for (const auto& period : response.periods) {
        out.begin_object().member("start", period.start).member("label", period.label).member("all", period.all);
        out.key("counts").begin_array();
        for (const auto count : period.counts) out.value(count);
        out.end_array().key("shares").begin_array();
        for (const auto count : period.counts)
            out.value(period.all == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(period.all));
        out.end_array().end_object();
    }
    out.end_array();
    out.member("revision", response.revision).member("updated", response.updated).member("took_ms", response.took_ms);
    out.end_object();
    return std::move(out).take();
}

std::string to_json(const CooccurrenceResponse& response) {
    JsonWriter out;
    out.begin_object()
        .member("rows", to_string(response.rows))
        .member("cols", to_string(response.cols))
        .member("total", response.total);
    const auto axis = [&](std::string_view name, const std::vector<AxisValue>& values) {
        out.key(name).begin_array();
        for (const auto& v : values)
            out.begin_object().member("value", v.value).member("label", v.label).member("count", v.count).end_object();
        out.end_array();
    };
    axis("row_values", response.row_values);
    axis("col_values", response.col_values);
    out.key("counts").begin_array();
    for (const auto& row : response.counts) {
        out.begin_array();
        for (const auto count : row) out.value(count);
        out.end_array();
    }
    out.end_array();
    out.member("revision", response.revision).member("updated", response.updated).member("took_ms", response.took_ms);
    out.end_object();
    return std::move(out).take();
}

}  // namespace dateline::search

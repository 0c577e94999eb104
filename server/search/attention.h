// Attention over time (a timeline of series, as shares of all articles per period) and who
// talks about where (co-occurrence counts of the top values of two facets): requests,
// answers and their JSON. Counted exactly by Searcher::timeline() and cooccurrence().
#pragma once

#include "search/result.h"
#include "search/search_request.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dateline::search {

enum class Interval { automatic, day, week, month, year };
const char* to_string(Interval interval) noexcept;

/// One line of a timeline: the base search narrowed by a query, a speaker or a country.
struct Series {
    std::string kind;   // "q", "speaker" or "country"
    std::string value;  // query text, speaker name, ISO code (upper case)
};

struct TimelineRequest {
    SearchRequest base;          // q and filters; every series is counted within it
    std::vector<Series> series;  // none: the base search itself
    Interval interval = Interval::automatic;
};

struct TimelineLimits {
    std::size_t max_series = 10;
    std::size_t max_periods = 5000;
};

/// Reads every /api/search filter parameter (q, speaker, country, from, to, undated is
/// refused: a timeline is of dated articles), `series=KIND:VALUE` (repeatable; q, speaker,
/// country) and `interval` (auto, day, week, month, year). bad_param naming the parameter.
Result<TimelineRequest> parse_timeline_request(Params params, const RequestLimits& limits = {},
                                               const TimelineLimits& timeline_limits = {});

struct TimelinePeriod {
    std::string start;   // first day, YYYY-MM-DD
    std::string label;   // YYYY-MM-DD (day, week's Monday), YYYY-MM, YYYY
    std::uint64_t all = 0;                // every article of the index published in the period
    std::vector<std::uint64_t> counts;    // per series: its matches published in the period
};

struct TimelineResponse {
    Interval interval = Interval::month;
    bool count_stories = false;  // count=stories: counts (and `all`) are of stories
    std::vector<Series> series;
    std::vector<std::uint64_t> totals;  // per series: its dated matches in the span
    std::vector<TimelinePeriod> periods;
    std::string revision;
    std::string updated;
    double took_ms = 0;
};

/// Period arithmetic on days since 1970-01-01: the first day of the period holding `day`,
/// and of the next one. Weeks start on Monday (ISO 8601).
std::int32_t period_start(std::int32_t day, Interval interval);
std::int32_t next_period_start(std::int32_t start, Interval interval);
/// Day for a span of at most 62 days, week to about a year... (auto), as the date facet.
Interval automatic_interval(std::int32_t first, std::int32_t last);

enum class Dimension { speaker, country };
const char* to_string(Dimension dimension) noexcept;

struct CooccurrenceRequest {
    SearchRequest base;
    Dimension rows = Dimension::speaker;
    Dimension cols = Dimension::country;
    int size = 20;  // top values per side
};

inline constexpr int kMaxCooccurrenceSize = 100;

/// Reads the /api/search filters, `rows` and `cols` (speaker, country; defaults speaker
/// and country) and `size` (1..kMaxCooccurrenceSize, default 20).
Result<CooccurrenceRequest> parse_cooccurrence_request(Params params, const RequestLimits& limits = {});

struct AxisValue {
    std::string value;  // speaker name or ISO code
    std::string label;  // country name; the name for speakers
    std::uint64_t count = 0;  // matches of the result set with the value
};

struct CooccurrenceResponse {
    Dimension rows = Dimension::speaker;
    Dimension cols = Dimension::country;
    std::uint64_t total = 0;  // matches of the result set
    std::vector<AxisValue> row_values;
    std::vector<AxisValue> col_values;
    std::vector<std::vector<std::uint64_t>> counts;  // [row][col]: matches with both
    std::string revision;
    std::string updated;
    double took_ms = 0;
};

std::string to_json(const TimelineResponse& response);
std::string to_json(const CooccurrenceResponse& response);

}  // namespace dateline::search

// What a search asks for, and how it is read from URL-style parameters.
#pragma once

#include "core/date.h"
#include "search/result.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::search {

enum class SortOrder { relevance, newest, oldest };

struct SearchRequest {
    std::string query;                  // query language text; empty browses
    std::vector<std::string> speakers;  // facet filter: any of these (display names or keys)
    std::vector<std::string> countries; // facet filter: any of these ISO codes (upper case)
    std::optional<PartialDate> from;    // inclusive, day precision
    std::optional<PartialDate> to;      // inclusive, day precision
    bool undated = false;               // date facet filter: only documents without a date
    bool typing = false;                // the query is being typed: its last word is also a prefix
    SortOrder sort = SortOrder::relevance;
    int page = 1;                       // 1-based
    int size = 10;
    int facet_size = 10;                // top values returned per facet
    bool collapse = true;               // copies of a story are listed under one result
    bool count_stories = false;         // count=stories: totals and facets count stories, not articles
    std::string cluster;                // only the articles of this story (cluster id), or any
};

struct RequestLimits {
    int max_size = 100;
    int max_facet_size = 1000;
    int max_page = 10000;
    std::size_t max_query_bytes = 4096;
    std::size_t max_values_per_filter = 64;
};

/// Query-string parameters in order of appearance; a name may repeat.
using Params = std::vector<std::pair<std::string, std::string>>;

/// Reads q, speaker*, country*, from, to, undated, typing, sort, page, size, facet_size,
/// collapse, count (articles|stories) and cluster. Dates
/// are YYYY, YYYY-MM or YYYY-MM-DD: `from` takes the first day of a partial date and `to`
/// the last. Unknown parameters are errors, so that a typo does not silently widen a search.
Result<SearchRequest> parse_search_request(const Params& params, const RequestLimits& limits = {});

/// The bad_param error of a query longer than limits.max_query_bytes, or nothing.
std::optional<Error> check_query_length(const std::string& query, const RequestLimits& limits);

/// The parameters that parse_search_request() reads back into `request` (for links).
Params to_params(const SearchRequest& request);

/// First and last full day of a partial date.
PartialDate first_day(const PartialDate& date);
PartialDate last_day(const PartialDate& date);

}  // namespace dateline::search

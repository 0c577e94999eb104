// JSON rendering of search results and errors: the one place that spells the API's keys
// (see schemas/). The HTTP API and `dateline-search --json` both print exactly this.
#pragma once

#include "search/result.h"
#include "search/search_response.h"
#include "search/searcher.h"

#include <nlohmann/json.hpp>

namespace dateline::search {

nlohmann::json to_json(const SearchResponse& response);
nlohmann::json to_json(const FacetSearchResponse& response);
nlohmann::json to_json(const Searcher::Health& health);
/// {"error": {"code": "bad_param", "message": "..."}}
nlohmann::json to_json(const Error& error);

}  // namespace dateline::search

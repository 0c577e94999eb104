// JSON rendering of search results and errors: the one place that spells the API's keys
// (see schemas/). The HTTP API and `dateline-search --json` both print exactly this text,
// its members in the order the schemas list them.
#pragma once

#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"

#include <string>

namespace dateline::search {

std::string to_json(const SearchResponse& response);
std::string to_json(const FacetSearchResponse& response);
/// The health answer with the request limits a client should keep to (e.g. the page's box).
std::string to_json(const HealthResponse& health, const RequestLimits& limits);
/// The stored document (schemas/document-response.schema.json); invalid UTF-8 becomes U+FFFD.
std::string to_json(const DocumentResponse& document);
/// {"error": {"code": "bad_param", "message": "..."}}
std::string to_json(const Error& error);

}  // namespace dateline::search

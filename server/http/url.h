// Request targets: path and query-string parameters, percent-decoded.
#pragma once

#include "search/search_request.h"

#include <optional>
#include <string>
#include <string_view>

namespace dateline::http {

/// Percent-decodes `text` ('+' is a space only when `plus_is_space`). Nothing when an
/// escape is malformed or the result is not valid UTF-8 or contains a NUL.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

struct Target {
    std::string path;            // decoded
    search::Params params;       // decoded, in order
};

/// Splits "/api/search?q=a+b&country=UA" into its decoded path and parameters.
/// Nothing when the target is not origin-form or any part fails to decode.
std::optional<Target> parse_target(std::string_view target);

/// Percent-encodes a path segment or parameter value (RFC 3986 unreserved kept).
std::string percent_encode(std::string_view text);

}  // namespace dateline::http

// A readable, plain-text rendering of a search response for `dateline-search`.
#pragma once

#include "search/search_response.h"

#include <ostream>

namespace dateline::search {

struct TextStyle {
    bool bold_marks = false;  // ANSI bold for matches (on a terminal), else *stars*
    int width = 100;          // columns
};

void write_text(std::ostream& out, const SearchResponse& response, const TextStyle& style);

/// HTML-escaped, <mark>-highlighted text back to plain text with the given markers.
std::string html_to_plain(std::string_view html, std::string_view mark_on, std::string_view mark_off);

}  // namespace dateline::search

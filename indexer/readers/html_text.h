// The readable text of an HTML fragment, for readers whose records carry HTML (feeds, wire XML).
#pragma once

#include <string>
#include <string_view>

namespace dateline::index {

/// The text of `html` as the HTML reader extracts a page's body: paragraphs separated by a
/// blank line, white space collapsed, scripts and page furniture left out. Throws
/// std::invalid_argument for markup nested too deeply to parse (see nesting_work).
std::string html_text(std::string_view html);

}  // namespace dateline::index

// Text in a named character set converted to UTF-8 (glibc's iconv), for pages of the web.
#pragma once

#include <string>
#include <string_view>

namespace dateline::index {

/// `text` converted from `charset` (any name iconv knows: "iso-8859-1", "windows-1252",
/// "shift_jis"...) to UTF-8. Throws std::invalid_argument for an unknown charset or bytes
/// that are not text in it, naming the offset.
std::string to_utf8(std::string_view text, const std::string& charset);

}  // namespace dateline::index

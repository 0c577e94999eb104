// Small text helpers shared by the readers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dateline::index {

/// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text);

/// The first sentence of `text`: up to the first `.`, `?` or `!` that is followed by white
/// space and a capital or a quote, and that does not end an abbreviation ("U.S.", "Mr.").
std::string_view first_sentence(std::string_view text);

/// `text` cut at the last word boundary within `max_bytes`, with "…" appended when cut.
std::string shorten_at_word(std::string_view text, std::size_t max_bytes);

/// `code` in upper case when it is two ASCII letters (an ISO 3166-1 alpha-2 code's form),
/// else nothing.
std::optional<std::string> iso_alpha2(std::string_view code);

/// Runs of white space (including newlines) folded to one space, ends trimmed.
std::string collapse_whitespace(std::string_view text);

}  // namespace dateline::index

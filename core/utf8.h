// UTF-8: the one decoder, validation for text read from files and from the network, and the
// lenient reading the text folding and the tokenizer use.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// One character of UTF-8: its code point and how many bytes encode it.
struct Utf8Char {
    char32_t code;
    std::size_t length;
};

/// The character that starts at byte `at` of `text` (`at` < size), or nothing when the bytes
/// there are a fault (see find_invalid_utf8; a NUL byte is a valid character here).
std::optional<Utf8Char> decode_utf8(std::string_view text, std::size_t at) noexcept;

/// The character at byte `pos` (< size) and its length, or U+FFFD with length 1 where the bytes
/// are a fault (decode_utf8 above): for text that is read whatever it holds (the tokenizer and
/// the folding), so that mojibake is passed over byte by byte instead of refused.
char32_t decode_utf8_or_replacement(std::string_view text, std::size_t pos, int& length) noexcept;

/// The byte offset of the first fault (invalid or overlong sequence, surrogate, code point
/// past U+10FFFF, or a NUL byte), or nothing when `text` is clean UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept;

/// `text` with each byte that starts a fault (see find_invalid_utf8) replaced by U+FFFD, for
/// text a library produced from clean input but may have spoiled.
std::string replace_invalid_utf8(std::string_view text);

}  // namespace dateline

// Folding of UTF-8 text to lower-case ASCII for lookups (diacritics removed).
#pragma once

#include <string>
#include <string_view>

namespace dateline::extract {

/// Appends `text` folded to lower-case ASCII: Latin letters with diacritics lose them
/// ("Zelenskyy" and "Zelenskyý" fold alike), typographic apostrophes become `'`; other
/// non-ASCII sequences are kept byte for byte so nothing is lost or crashes on mojibake.
void append_folded(std::string& out, std::string_view text);

/// `append_folded` into a fresh string.
std::string fold(std::string_view text);

/// Length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
int utf8_length(unsigned char lead) noexcept;

/// Decodes one code point at `text[pos]`; returns U+FFFD for invalid input.
char32_t decode_utf8(std::string_view text, std::size_t pos, int& length) noexcept;

/// The ASCII letter a Latin code point folds to, or 0 when it has none.
char fold_latin(char32_t cp) noexcept;

/// True for an upper-case Latin letter, with or without diacritics.
bool is_upper_latin(char32_t cp) noexcept;

}  // namespace dateline::extract

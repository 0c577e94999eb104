// Folding of UTF-8 text to lower-case ASCII for lookups (diacritics removed).
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// Appends `text` folded to lower-case ASCII: Latin letters with diacritics lose them
/// ("Zelenskyy" and "Zelenskyý" fold alike, see append_unaccented), typographic apostrophes
/// become `'`; other non-ASCII sequences are kept byte for byte so nothing is lost or
/// crashes on mojibake.
void append_folded(std::string& out, std::string_view text);

/// Appends the ASCII letters a Latin letter with diacritics stands for, in its case, and
/// returns true: "ü" -> "u", "Ł" -> "L", "İ" and "ı" -> "I" and "i", "ß" -> "ss", "æ" -> "ae",
/// "œ" -> "oe", "þ" -> "th". Returns false, appending nothing, for every other code point
/// (ASCII, other scripts, punctuation): Latin-1 Supplement, Latin Extended-A and the
/// comma-below S and T are folded, nothing else.
bool append_unaccented(std::string& out, char32_t cp);

/// `text` with its Latin letters unaccented (append_unaccented), case and every other byte
/// kept: "Zürich's" -> "Zurich's". What words are indexed and searched as.
std::string unaccent(std::string_view text);

/// `append_folded` into a fresh string.
std::string fold(std::string_view text);

/// The ASCII letter a Latin code point folds to, or 0 when it has none.
char fold_latin(char32_t cp) noexcept;

/// True for an upper-case Latin letter, with or without diacritics (ASCII, Latin-1
/// Supplement, Latin Extended-A and the comma-below S and T).
bool is_upper_latin(char32_t cp) noexcept;

}  // namespace dateline

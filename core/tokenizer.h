// Splits article text once into tokens with byte offsets, case flags and folded forms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

enum class TokenKind : std::uint8_t {
    word,    // letters (with inner apostrophes), "U.S.", "1990s", "70th"
    number,  // digits with inner ',', '.', '/': "1,987", "18.60", "2/26/2012"
    punct,   // one punctuation mark; dashes of every kind are "-"
    quote,   // a double quotation mark, straight, curly or doubled single ('')
};

struct Token {
    std::size_t begin = 0;      // byte offsets into the tokenised text
    std::size_t end = 0;
    std::string lower;          // folded lower-case ASCII form ("'s" for possessives)
    TokenKind kind = TokenKind::word;
    bool cap = false;           // first letter upper case
    bool all_caps = false;      // two or more letters, all upper case
    bool newline_before = false;
    bool paragraph_start = false;  // blank line or indented line before the token
    bool sentence_start = false;
    char quote_side = 0;        // for quotes: 'o' opening, 'c' closing
    int sentence = 0;           // index of the sentence holding the token

    bool is(std::string_view folded) const noexcept { return lower == folded; }
    bool is_punct(char c) const noexcept {
        return kind == TokenKind::punct && lower.size() == 1 && lower[0] == c;
    }
};

/// Tokenises `text`. Sentences end at . ! ? (not after a known abbreviation or an
/// initial), at paragraph breaks and at a line ending in a colon.
std::vector<Token> tokenize(std::string_view text);

/// True when the text has letters and none of them lower case (a wire headline).
bool is_all_caps_text(std::string_view text) noexcept;

}  // namespace dateline

#include "core/tokenizer.h"

#include "core/text_folding.h"
#include "core/utf8.h"

#include <array>
#include <string_view>

namespace dateline {
namespace {

bool is_ascii_letter(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

// Code points that act as letters inside words: Latin letters with diacritics and
// any other script's letters (mojibake included) rather than punctuation.
bool is_word_cp(char32_t cp) noexcept {
    if (cp < 0x80) return false;
    if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation, quotes, dashes
    if (cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0xB7 || cp == 0xFEFF) return false;
    if (cp == 0xFFFD) return true;
    return true;
}

// Abbreviations after which a period does not end a sentence.
constexpr std::array<std::string_view, 44> abbreviations = {
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt",
    "adm", "maj", "st", "jr", "sr", "prof", "rev", "hon", "pres", "vs", "v", "no",
    "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "inc",
    "corp", "co", "ltd", "mt", "ft", "gov", "cmdr", "supt", "messrs"};

bool is_abbreviation(std::string_view lower) noexcept {
    for (auto a : abbreviations)
        if (a == lower) return true;
    return false;
}

}  // namespace

bool is_all_caps_text(std::string_view text) noexcept {
    bool letters = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') letters = true;
    }
    return letters;
}

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    out.reserve(text.size() / 5 + 8);
    std::size_t i = 0;
    bool newline = false;
    bool paragraph = true;
    int newlines = 0;
    const auto push = [&](std::size_t b, std::size_t e, TokenKind kind) -> Token& {
        Token& t = out.emplace_back();
        t.begin = b;
        t.end = e;
        t.kind = kind;
        t.newline_before = newline;
        t.paragraph_start = paragraph;
        newline = false;
        paragraph = false;
        newlines = 0;
        return t;
    };
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++newlines;
            newline = true;
            if (newlines >= 2) paragraph = true;
            ++i;
            // An indented line starts a paragraph (Reuters bodies).
            if (i + 1 < text.size() && text[i] == ' ' && text[i + 1] == ' ') paragraph = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            ++i;
            continue;
        }
        int len = 1;
        const char32_t cp = c < 0x80 ? c : decode_utf8_or_replacement(text, i, len);
        if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 || cp == 0xFEFF) {
            i += static_cast<std::size_t>(len);  // no-break and typographic spaces
            continue;
        }
        const bool starts_word = is_ascii_letter(c) || is_word_cp(cp);
        if (starts_word || is_digit(c)) {
            const std::size_t b = i;
            bool has_alpha = false;
            bool has_digit = false;
            while (i < text.size()) {
                const auto d = static_cast<unsigned char>(text[i]);
                int l = 1;
                const char32_t q = d < 0x80 ? d : decode_utf8_or_replacement(text, i, l);
                if (is_ascii_letter(d) || is_word_cp(q)) {
                    has_alpha = true;
                    i += static_cast<std::size_t>(l);
                } else if (is_digit(d)) {
                    has_digit = true;
                    ++i;
                } else if ((d == ',' || d == '.' || d == '/') && !has_alpha && has_digit &&
                           i + 1 < text.size() && is_digit(static_cast<unsigned char>(text[i + 1]))) {
                    i += 1;
                } else if ((d == '\'' || q == 0x2019) && has_alpha) {
                    // Inner apostrophe: O'Brien, don't; but a possessive 's splits off.
                    const std::size_t next = i + static_cast<std::size_t>(l);
                    if (next < text.size() && is_ascii_letter(static_cast<unsigned char>(text[next]))) {
                        const bool possessive =
                            (text[next] == 's' || text[next] == 'S') &&
                            (next + 1 >= text.size() ||
                             !is_ascii_letter(static_cast<unsigned char>(text[next + 1])));
                        if (possessive) break;
                        i = next;
                    } else {
                        break;
                    }
                } else if (d == '-' && has_alpha && i + 1 < text.size() &&
                           text[i + 1] >= 'A' && text[i + 1] <= 'Z' && text[b] >= 'A' && text[b] <= 'Z' &&
                           i + 2 < text.size() && text[i + 2] >= 'a' && text[i + 2] <= 'z') {
                    // Hyphenated names: Mark-Viverito, Cobb-Hunter (not "U.S.-Soviet").
                    ++i;
                } else if (d == '.' && has_alpha && i - b == 1 && i + 2 < text.size() &&
                           is_ascii_letter(static_cast<unsigned char>(text[i + 1])) &&
                           text[i + 2] == '.') {
                    // Letter-period abbreviations: U.S., U.K., U.N.
                    i += 3;
                    while (i + 1 < text.size() && is_ascii_letter(static_cast<unsigned char>(text[i])) &&
                           text[i + 1] == '.')
                        i += 2;
                    break;
                } else {
                    break;
                }
            }
            Token& t = push(b, i, has_alpha ? TokenKind::word : TokenKind::number);
            const std::string_view s = text.substr(b, i - b);
            append_folded(t.lower, s);
            int l0 = 1;
            const char32_t first = decode_utf8_or_replacement(s, 0, l0);
            t.cap = is_upper_latin(first);
            if (has_alpha) {
                bool any_lower = false;
                int letters = 0;
                for (const char ch : s) {
                    if (ch >= 'a' && ch <= 'z') any_lower = true;
                    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) ++letters;
                }
                t.all_caps = !any_lower && letters >= 2;
            }
            continue;
        }
        // Possessive 's or ’s.
        if ((c == '\'' || cp == 0x2019) && !out.empty() && out.back().kind == TokenKind::word &&
            out.back().end == i) {
            const std::size_t next = i + static_cast<std::size_t>(len);
            if (next < text.size() && (text[next] == 's' || text[next] == 'S') &&
                (next + 1 >= text.size() || !is_ascii_letter(static_cast<unsigned char>(text[next + 1])))) {
                Token& t = push(i, next + 1, TokenKind::word);
                t.lower = "'s";
                i = next + 1;
                continue;
            }
        }
        if (c == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E ||
            (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'')) {
            const std::size_t b = i;
            i += (c == '\'') ? 2 : static_cast<std::size_t>(len);
            const bool space_before = b == 0 || text[b - 1] == ' ' || text[b - 1] == '\n' ||
                                      text[b - 1] == '(' || text[b - 1] == '\t';
            Token& t = push(b, i, TokenKind::quote);
            t.lower = "\"";
            if (cp == 0x201C || cp == 0x201E) t.quote_side = 'o';
            else if (cp == 0x201D) t.quote_side = 'c';
            else t.quote_side = space_before ? 'o' : 'c';
            continue;
        }
        const std::size_t b = i;
        i += static_cast<std::size_t>(len);
        Token& t = push(b, i, TokenKind::punct);
        if (cp == 0x2014 || cp == 0x2013 || cp == 0x2012 || cp == 0x2015) t.lower = "-";
        else if (cp == 0x2018 || cp == 0x2019) t.lower = "'";
        else if (cp == 0x2026) t.lower = ".";
        else if (c < 0x80) t.lower.assign(1, static_cast<char>(c));
        else t.lower = "?";
        if (cp >= 0x80 && t.lower == "?") t.lower = "~";
    }

    // Sentence segmentation.
    int sentence = 0;
    bool next_starts = true;
    for (std::size_t k = 0; k < out.size(); ++k) {
        Token& t = out[k];
        if (t.paragraph_start && k > 0 && !next_starts) {
            ++sentence;
            next_starts = true;
        }
        if (next_starts) {
            // A closing quote right after a sentence end belongs to that sentence.
            if (t.kind == TokenKind::quote && t.quote_side == 'c' && k > 0 && !t.paragraph_start) {
                t.sentence = sentence - (sentence > 0 ? 1 : 0);
                continue;
            }
            t.sentence_start = true;
        }
        next_starts = false;
        t.sentence = sentence;
        if (t.kind == TokenKind::punct && (t.lower == "." || t.lower == "!" || t.lower == "?")) {
            bool ends = true;
            if (t.lower == "." && k > 0 && out[k - 1].end == t.begin &&
                out[k - 1].kind == TokenKind::word) {
                const Token& w = out[k - 1];
                if (is_abbreviation(w.lower)) ends = false;
                else if (w.lower.size() == 1 && w.cap) ends = false;  // an initial
            }
            if (k + 1 < out.size() && (out[k + 1].is_punct(')') || out[k + 1].is_punct(',')))
                ends = false;  // "(R-Fla.) said", "Inc., the company"
            if (k + 1 < out.size() && out[k + 1].kind == TokenKind::word && !out[k + 1].cap &&
                !out[k + 1].paragraph_start && out[k + 1].lower != "'s")
                ends = false;  // "the U.S. economy" style lower-case continuation
            if (ends) {
                ++sentence;
                next_starts = true;
            }
        } else if (t.kind == TokenKind::word && t.lower.size() > 2 && t.lower.back() == '.' &&
                   k + 1 < out.size() && out[k + 1].cap && out[k + 1].newline_before) {
            ++sentence;
            next_starts = true;
        }
    }
    return out;
}

}  // namespace dateline

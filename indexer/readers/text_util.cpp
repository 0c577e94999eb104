#include "readers/text_util.h"

#include <array>
#include <cctype>

namespace dateline::index {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Words after which a full stop does not end a sentence.
constexpr std::array<std::string_view, 22> kAbbreviations = {
    "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Rep", "Gov", "Gen", "Col", "Lt", "Sgt",
    "Prof", "Jr", "Sr", "No", "vs", "Inc", "Corp", "Ltd", "Co", "Mt"};

bool ends_abbreviation(std::string_view text, std::size_t dot) {
    std::size_t begin = dot;
    while (begin > 0 && std::isalpha(static_cast<unsigned char>(text[begin - 1]))) --begin;
    const std::string_view word = text.substr(begin, dot - begin);
    if (word.size() == 1) return true;  // an initial, or the last letter of "U.S."
    for (const auto abbreviation : kAbbreviations)
        if (word == abbreviation) return true;
    return false;
}

}  // namespace

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string_view first_sentence(std::string_view text) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        const char c = text[i];
        if (c != '.' && c != '?' && c != '!') continue;
        if (!is_space(text[i + 1])) continue;
        std::size_t next = i + 1;
        while (next < text.size() && is_space(text[next])) ++next;
        if (next == text.size()) break;
        const char after = text[next];
        const bool opens = is_upper(after) || after == '"' || text.substr(next).starts_with("\xE2\x80\x9C");
        if (!opens) continue;
        if (c == '.' && ends_abbreviation(text, i)) continue;
        return text.substr(0, i + 1);
    }
    return text;
}

std::string shorten_at_word(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t cut = text.rfind(' ', max_bytes);
    if (cut == std::string_view::npos || cut == 0) {
        // One enormous word: cut before a UTF-8 continuation byte, never inside a character.
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    }
    std::string out(trim(text.substr(0, cut)));
    while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':')) out.pop_back();
    return out + "\xE2\x80\xA6";
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

std::optional<std::string> iso_alpha2(std::string_view code) {
    const auto letter = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    if (code.size() != 2 || !letter(code[0]) || !letter(code[1])) return std::nullopt;
    return std::string{static_cast<char>(std::toupper(static_cast<unsigned char>(code[0]))),
                       static_cast<char>(std::toupper(static_cast<unsigned char>(code[1])))};
}

}  // namespace dateline::index

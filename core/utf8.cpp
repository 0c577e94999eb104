#include "core/utf8.h"

#include <cstdint>

namespace dateline {

std::optional<Utf8Char> decode_utf8(std::string_view text, std::size_t at) noexcept {
    const auto c = static_cast<unsigned char>(text[at]);
    const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || at + len > text.size()) return std::nullopt;
    std::uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1fu) : len == 3 ? (c & 0x0fu) : (c & 0x07u);
    for (std::size_t k = 1; k < len; ++k) {
        const auto cc = static_cast<unsigned char>(text[at + k]);
        if ((cc & 0xc0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (cc & 0x3fu);
    }
    const bool overlong = (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return std::nullopt;
    return Utf8Char{static_cast<char32_t>(cp), len};
}

char32_t decode_utf8_or_replacement(std::string_view text, std::size_t pos, int& length) noexcept {
    if (const auto c = decode_utf8(text, pos)) {
        length = static_cast<int>(c->length);
        return c->code;
    }
    length = 1;
    return U'\uFFFD';
}

std::optional<std::size_t> find_invalid_utf8(std::string_view text) noexcept {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') return i;
        const auto c = decode_utf8(text, i);
        if (!c) return i;
        i += c->length;
    }
    return std::nullopt;
}

std::string replace_invalid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    while (const auto fault = find_invalid_utf8(text)) {
        out.append(text.substr(0, *fault)).append("\xEF\xBF\xBD");
        text.remove_prefix(*fault + 1);
    }
    out.append(text);
    return out;
}

}  // namespace dateline

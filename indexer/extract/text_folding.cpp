#include "extract/text_folding.h"

namespace dateline::extract {

int utf8_length(unsigned char lead) noexcept {
    if (lead < 0x80) return 1;
    if ((lead & 0xE0) == 0xC0) return 2;
    if ((lead & 0xF0) == 0xE0) return 3;
    if ((lead & 0xF8) == 0xF0) return 4;
    return 1;
}

char32_t decode_utf8(std::string_view text, std::size_t pos, int& length) noexcept {
    const auto lead = static_cast<unsigned char>(text[pos]);
    length = utf8_length(lead);
    if (length == 1) return lead < 0x80 ? lead : 0xFFFD;
    if (pos + static_cast<std::size_t>(length) > text.size()) {
        length = 1;
        return 0xFFFD;
    }
    char32_t cp = lead & (0x7F >> length);
    for (int i = 1; i < length; ++i) {
        const auto c = static_cast<unsigned char>(text[pos + static_cast<std::size_t>(i)]);
        if ((c & 0xC0) != 0x80) {
            length = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (c & 0x3F);
    }
    return cp;
}

namespace {

// Latin-1 Supplement U+00C0..U+00FF; '\0' where a code point has no letter.
constexpr const char* latin1 =
    "aaaaaaaceeeeiiii"   // C0..CF
    "dnooooo\0ouuuuyts"  // D0..DF (D7 is the multiplication sign, DE thorn, DF sharp s)
    "aaaaaaaceeeeiiii"   // E0..EF
    "dnooooo\0ouuuuyty"; // F0..FF

// Latin Extended-A U+0100..U+017F, two code points per letter for the most part.
constexpr const char* latin_ext_a =
    "aaaaaaccccccccdd"   // 100..10F
    "ddeeeeeeeeeegggg"   // 110..11F
    "gggghhhhiiiiiiii"   // 120..12F
    "iiiijjkkklllllll"   // 130..13F
    "lllnnnnnnnnnoooo"   // 140..14F
    "oooorrrrrrssssss"   // 150..15F
    "ssttttttuuuuuuuu"   // 160..16F
    "uuuuwwyyyzzzzzzs";  // 170..17F

}  // namespace

char fold_latin(char32_t cp) noexcept {
    if (cp < 0x80) {
        const char c = static_cast<char>(cp);
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F) return latin_ext_a[cp - 0x100];
    if (cp >= 0x218 && cp <= 0x21B) return cp < 0x21A ? 's' : 't';  // comma-below S/T
    return 0;
}

bool is_upper_latin(char32_t cp) noexcept {
    if (cp >= 'A' && cp <= 'Z') return true;
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 0 && cp != 0x138;
    return false;
}

void append_folded(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a')
                                                 : static_cast<char>(c));
            ++i;
            continue;
        }
        int len = 1;
        const char32_t cp = decode_utf8(text, i, len);
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
            out.push_back('\'');
        } else if (cp == 0xDF) {
            out += "ss";
        } else if (const char f = fold_latin(cp); f != 0) {
            out.push_back(f);
        } else {
            out.append(text.substr(i, static_cast<std::size_t>(len)));
        }
        i += static_cast<std::size_t>(len);
    }
}

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_folded(out, text);
    return out;
}

}  // namespace dateline::extract

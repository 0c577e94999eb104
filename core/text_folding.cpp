#include "core/text_folding.h"

#include "core/utf8.h"

namespace dateline {

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
    // Latin Extended-A pairs capital and small letter, the capital first; the pairs start
    // on even code points except in U+0139..U+0148 and U+0179..U+017E, and U+0138 (kra),
    // U+0149 (n preceded by apostrophe) and U+017F (long s) are small letters alone.
    if (cp >= 0x139 && cp <= 0x148) return (cp % 2) == 1;
    if (cp >= 0x179 && cp <= 0x17E) return (cp % 2) == 1;
    if (cp == 0x178) return true;  // Y with diaeresis, whose small letter is U+00FF
    if (cp >= 0x100 && cp <= 0x17F) return (cp % 2) == 0 && cp != 0x138;
    if (cp >= 0x218 && cp <= 0x21B) return (cp % 2) == 0;  // comma-below S and T
    return false;
}

bool append_unaccented(std::string& out, char32_t cp) {
    if (cp < 0x80) return false;
    // Letters that stand for two: folded to one they would read as another word ("æ" as
    // "a" makes "Cæsar" "Casar"), so they are spelt out as in ASCII text.
    const char* pair = nullptr;
    switch (cp) {
        case 0xDF: pair = "ss"; break;
        case 0xC6: pair = "AE"; break;
        case 0xE6: pair = "ae"; break;
        case 0x152: pair = "OE"; break;
        case 0x153: pair = "oe"; break;
        case 0xDE: pair = "TH"; break;
        case 0xFE: pair = "th"; break;
        case 0x132: pair = "IJ"; break;
        case 0x133: pair = "ij"; break;
        default: break;
    }
    if (pair) {
        out += pair;
        return true;
    }
    const char letter = fold_latin(cp);
    if (letter == 0) return false;
    out.push_back(is_upper_latin(cp) ? static_cast<char>(letter - 'a' + 'A') : letter);
    return true;
}

std::string unaccent(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        int len = 1;
        const char32_t cp = decode_utf8_or_replacement(text, i, len);
        if (!append_unaccented(out, cp)) out.append(text.substr(i, static_cast<std::size_t>(len)));
        i += static_cast<std::size_t>(len);
    }
    return out;
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
        const char32_t cp = decode_utf8_or_replacement(text, i, len);
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x02BC) {
            out.push_back('\'');
        } else if (const std::size_t start = out.size(); append_unaccented(out, cp)) {
            for (std::size_t k = start; k < out.size(); ++k)
                if (out[k] >= 'A' && out[k] <= 'Z') out[k] = static_cast<char>(out[k] - 'A' + 'a');
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

}  // namespace dateline

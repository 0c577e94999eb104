// A tag scanner, not a parser: it needs to be right about depth only where depth is costly.
#include "readers/html_nesting.h"

#include <algorithm>
#include <array>
#include <cstddef>

namespace dateline::index {
namespace {

constexpr std::size_t kNameBytes = 16;  // longer names are none of the elements listed below

// A tag name, lower-cased; empty when the tag is none of the ones this scanner knows by name.
struct TagName {
    std::array<char, kNameBytes> bytes{};
    std::size_t size = 0;
    std::string_view view() const { return {bytes.data(), size}; }
};

bool is_name_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements without content.
constexpr std::array<std::string_view, 21> kVoid = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame", "menuitem", "image", "isindex"};
// Elements whose end tag a page may omit: the next sibling or the parent's end closes them.
constexpr std::array<std::string_view, 20> kOptionalEnd = {
    "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rp", "rtc",
    "tr", "td", "th", "tbody", "thead", "tfoot", "colgroup", "caption", "html", "head"};
// Elements whose content is text up to their own end tag.
constexpr std::array<std::string_view, 8> kRawText = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"};

bool nests(std::string_view name) { return !is_one_of(name, kVoid) && !is_one_of(name, kOptionalEnd) && name != "body"; }
bool is_foreign_root(std::string_view name) { return name == "svg" || name == "math"; }

bool starts_with_ignoring_case(std::string_view text, std::size_t at, std::string_view prefix) {
    if (text.size() - at < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (lower(text[at + i]) != prefix[i]) return false;
    return true;
}

// The '>' that ends the tag whose attributes start at `at`: quoted attribute values may hold one.
std::size_t tag_end(std::string_view html, std::size_t at) {
    while (at < html.size()) {
        const char c = html[at];
        if (c == '>') return at;
        ++at;
        if (c != '=') continue;
        while (at < html.size() && (html[at] == ' ' || html[at] == '\t' || html[at] == '\n' || html[at] == '\r')) ++at;
        if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
            const std::size_t closing = html.find(html[at], at + 1);
            if (closing == std::string_view::npos) return closing;
            at = closing + 1;
        }
    }
    return std::string_view::npos;
}

// Where the text of a raw-text element `name` ends: at its end tag, or at the end of the page.
std::size_t raw_text_end(std::string_view html, std::size_t at, std::string_view name) {
    for (at = html.find("</", at); at != std::string_view::npos; at = html.find("</", at + 2)) {
        const std::size_t after = at + 2 + name.size();
        if (starts_with_ignoring_case(html, at + 2, name) && (after == html.size() || !is_name_byte(html[after])))
            return at;
    }
    return html.size();
}

}  // namespace

std::uint64_t nesting_work(std::string_view html, std::uint64_t limit) {
    std::uint64_t work = 0;
    std::uint64_t depth = 0;
    std::uint64_t foreign = 0;  // open <svg> and <math>: there "<x/>" closes itself
    std::size_t at = 0;
    while (work <= limit && (at = html.find('<', at)) != std::string_view::npos) {
        if (html.compare(at, 4, "<!--") == 0) {
            at = html.find("-->", at + 4);
            if (at == std::string_view::npos) break;
            at += 3;
            continue;
        }
        std::size_t cursor = at + 1;
        const bool end_tag = cursor < html.size() && html[cursor] == '/';
        if (end_tag) ++cursor;
        if (cursor == html.size() || !is_letter(html[cursor])) {
            at = cursor;  // "<!DOCTYPE", "<?", "< ": no element; gumbo's cost is the tokenizer's
            continue;
        }
        TagName name;
        const std::size_t name_start = cursor;
        while (cursor < html.size() && is_name_byte(html[cursor])) {
            if (name.size < kNameBytes) name.bytes[name.size++] = lower(html[cursor]);
            ++cursor;
        }
        if (cursor - name_start > kNameBytes) name.size = 0;  // an unknown element, which nests
        const std::size_t end = tag_end(html, cursor);
        if (end == std::string_view::npos) break;
        at = end + 1;

        work += depth;
        const std::string_view tag = name.view();
        if (end_tag) {
            if (nests(tag) && depth > 0) --depth;
            if (is_foreign_root(tag) && foreign > 0) --foreign;
            continue;
        }
        if (is_one_of(tag, kRawText)) {
            at = raw_text_end(html, at, tag);
            continue;
        }
        if (tag == "plaintext") break;  // the rest of the page is its text
        const bool self_closed = html[end - 1] == '/' && end - 1 >= cursor;
        if (self_closed && foreign > 0) continue;  // HTML ignores the slash; SVG and MathML do not
        if (!nests(tag)) continue;
        ++depth;
        if (is_foreign_root(tag)) ++foreign;
    }
    return work;
}

}  // namespace dateline::index

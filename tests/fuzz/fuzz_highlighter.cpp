// libFuzzer target: highlighting (search::Highlighter). The input's first line is a query in
// the query language, the rest a text; the marked text must be the text, escaped, and a
// passage a piece of it.
#include "fuzz_check.h"
#include "search/highlighter.h"
#include "search/query_builder.h"
#include "core/utf8.h"

#include <xapian.h>

#include <functional>
#include <string>

using namespace dateline;

namespace {

// The text a rendering shows: marks and the given ellipses dropped, entities decoded.
std::string shown(std::string_view html, bool strip_ellipses) {
    const std::string_view ellipsis = "\xE2\x80\xA6";
    if (strip_ellipses && html.starts_with(ellipsis)) html.remove_prefix(ellipsis.size());
    if (strip_ellipses && html.ends_with(ellipsis)) html.remove_suffix(ellipsis.size());
    std::string out;
    bool open = false;
    for (std::size_t i = 0; i < html.size();) {
        const std::string_view rest = html.substr(i);
        if (rest.starts_with("<mark>")) {
            fuzz::check(!open, "marks do not nest");
            open = true;
            i += 6;
        } else if (rest.starts_with("</mark>")) {
            fuzz::check(open, "a mark closes only what is open");
            open = false;
            i += 7;
        } else if (rest.starts_with("&amp;")) {
            out += '&';
            i += 5;
        } else if (rest.starts_with("&lt;")) {
            out += '<';
            i += 4;
        } else if (rest.starts_with("&gt;")) {
            out += '>';
            i += 4;
        } else {
            fuzz::check(html[i] != '<' && html[i] != '>', "no raw angle bracket in the output");
            out += html[i++];
        }
    }
    fuzz::check(!open, "every mark is closed");
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::as_text(data, size);
    const auto newline = input.find('\n');
    const std::string query_text(input.substr(0, newline));
    const std::string text(newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1));

    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    Xapian::Query query;
    try {
        query = parser.parse_query(query_text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
    } catch (const Xapian::QueryParserError&) {
        return 0;
    }
    const search::Highlighter highlighter(query, search::wildcard_prefixes(query_text),
                                          [](const std::string& term) {
                                              return static_cast<Xapian::doccount>(std::hash<std::string>{}(term) % 100);
                                          },
                                          100);

    const std::string whole = highlighter.whole(text);
    fuzz::check(shown(whole, false) == text, "a whole text is the text, escaped and marked");
    const bool clean = !find_invalid_utf8(text);
    if (clean) fuzz::check_utf8(whole, "whole text");
    for (const std::size_t max_bytes : {std::size_t{1}, std::size_t{40}, std::size_t{280}}) {
        const std::string passage = highlighter.passage(text, max_bytes);
        const std::string piece = shown(passage, true);
        fuzz::check(text.find(piece) != std::string::npos, "a passage is a piece of the text", piece);
        fuzz::check(piece.size() <= max_bytes || piece.find_first_of(" \t\r\n") == std::string::npos,
                    "a passage longer than asked is one word");
        if (clean) fuzz::check_utf8(passage, "passage");
    }
    return 0;
}

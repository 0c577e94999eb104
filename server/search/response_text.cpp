#include "search/response_text.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>

namespace dateline::search {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out.append(separator);
        out.append(item);
    }
    return out;
}

void write_facet(std::ostream& out, std::string_view name, const FacetCounts& facet) {
    out << name << ':';
    if (facet.values.empty()) out << " (none)";
    for (std::size_t i = 0; i < facet.values.size(); ++i) {
        const auto& v = facet.values[i];
        out << (i == 0 ? " " : ", ") << (v.selected ? "[x] " : "");
        if (!v.label.empty() && v.label != v.value) out << v.label << " (" << v.value << ") ";
        else out << v.value << ' ';
        out << v.count;
    }
    out << '\n';
}

}  // namespace

std::string html_to_plain(std::string_view html, std::string_view mark_on, std::string_view mark_off) {
    static constexpr std::pair<std::string_view, std::string_view> kReplacements[] = {
        {"<mark>", ""}, {"</mark>", ""}, {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
        {"&#x27;", "'"}};
    std::string out;
    for (std::size_t i = 0; i < html.size();) {
        bool replaced = false;
        for (const auto& [from, to] : kReplacements) {
            if (!html.substr(i).starts_with(from)) continue;
            out.append(from == "<mark>" ? mark_on : from == "</mark>" ? mark_off : to);
            i += from.size();
            replaced = true;
            break;
        }
        if (!replaced) out.push_back(html[i++]);
    }
    return out;
}

void write_text(std::ostream& out, const SearchResponse& response, const TextStyle& style) {
    const std::string_view on = style.bold_marks ? "\x1b[1m" : "*";
    const std::string_view off = style.bold_marks ? "\x1b[0m" : "*";
    // A collapsed list pages through stories.
    const std::uint64_t listed = response.collapse ? response.stories : response.total;
    const auto pages = response.size > 0 ? (listed + response.size - 1) / response.size : 0;
    out << response.total << (response.count_stories ? (response.total == 1 ? " story" : " stories")
                                                     : (response.total == 1 ? " result" : " results"));
    if (!response.count_stories && response.stories != response.total) out << " (" << response.stories << " stories)";
    if (!response.query.empty()) out << " for \"" << response.query << '"';
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", response.took_ms);
    out << " (page " << response.page << " of " << std::max<std::uint64_t>(pages, 1) << ", sorted by "
        << response.sort << ", " << took << " ms)\n";
    if (!response.suggestion.empty()) out << "Did you mean: " << response.suggestion << "\n";
    if (!response.warning.empty()) out << "Note: " << response.warning << "\n";
    out << '\n';

    const auto first = static_cast<std::uint64_t>(response.page - 1) * static_cast<std::uint64_t>(response.size);
    for (std::size_t i = 0; i < response.results.size(); ++i) {
        const Hit& hit = response.results[i];
        std::vector<std::string> codes;
        for (const auto& c : hit.countries) codes.push_back(c.code);
        out << std::setw(4) << (first + i + 1) << ". " << (hit.date ? *hit.date : std::string("undated  ")) << "  "
            << html_to_plain(hit.title_html, on, off) << '\n';
        out << "      id: " << hit.id;
        if (!hit.speakers.empty()) out << " | speakers: " << join(hit.speakers, ", ");
        if (!codes.empty()) out << " | countries: " << join(codes, " ");
        if (response.collapse && hit.copies > 0)
            out << " | +" << hit.copies << (hit.copies == 1 ? " copy" : " copies") << " (cluster " << hit.cluster << ")";
        out << '\n';
        const std::string snippet = html_to_plain(hit.snippet_html, on, off);
        if (!snippet.empty()) out << "      " << snippet << '\n';
        out << '\n';
    }
    write_facet(out, "Speaker", response.speaker);
    write_facet(out, "Country", response.country);
    write_facet(out, std::string("Date (by ") + to_string(response.date_granularity) + ")", response.date);
}

}  // namespace dateline::search

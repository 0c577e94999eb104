#include "search/response_json.h"

namespace dateline::search {
namespace {

using nlohmann::json;

json facet_values(const std::vector<FacetValueCount>& facet, bool with_labels) {
    json values = json::array();
    for (const auto& v : facet) {
        json entry = {{"value", v.value}, {"count", v.count}, {"selected", v.selected}};
        if (with_labels) {
            entry["label"] = v.label;
            entry["flag"] = v.flag;
        }
        values.push_back(std::move(entry));
    }
    return values;
}

json hit_json(const Hit& hit) {
    json countries = json::array();
    for (const auto& c : hit.countries) countries.push_back({{"code", c.code}, {"label", c.label}, {"flag", c.flag}});
    return {{"id", hit.id},
            {"title", hit.title_html},
            {"date", hit.date ? json(*hit.date) : json(nullptr)},
            {"snippet", hit.snippet_html},
            {"speakers", hit.speakers},
            {"countries", std::move(countries)},
            {"score", hit.score}};
}

}  // namespace

json to_json(const SearchResponse& response) {
    json results = json::array();
    for (const auto& hit : response.results) results.push_back(hit_json(hit));
    return {{"query", response.query},
            {"total", response.total},
            {"page", response.page},
            {"size", response.size},
            {"sort", response.sort},
            {"took_ms", response.took_ms},
            {"suggestion", response.suggestion.empty() ? json(nullptr) : json(response.suggestion)},
            {"warning", response.warning.empty() ? json(nullptr) : json(response.warning)},
            {"partial", response.partial},
            {"results", std::move(results)},
            {"facets",
             {{"speaker", facet_values(response.speaker.values, false)},
              {"country", facet_values(response.country.values, true)},
              {"date", facet_values(response.date.values, false)}}},
            {"facet_info",
             {{"speaker", {{"distinct", response.speaker.distinct}}},
              {"country", {{"distinct", response.country.distinct}}},
              {"date", {{"distinct", response.date.distinct}, {"granularity", to_string(response.date_granularity)}}}}}};
}

json to_json(const FacetSearchResponse& response) {
    return {{"facet", response.facet},
            {"values", facet_values(response.values, response.facet == "country")},
            {"partial", response.partial}};
}

json to_json(const Searcher::Health& health) {
    return {{"status", "ok"}, {"documents", health.documents}, {"revision", health.revision},
            {"last_update", health.last_update}};
}

json to_json(const Error& error) {
    return {{"error", {{"code", to_string(error.code)}, {"message", error.message}}}};
}

}  // namespace dateline::search

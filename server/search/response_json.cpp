#include "search/response_json.h"

#include "search/json_writer.h"

namespace dateline::search {
namespace {

void write_facet_values(JsonWriter& out, const std::vector<FacetValueCount>& facet, bool with_labels) {
    out.begin_array();
    for (const auto& v : facet) {
        out.begin_object().member("value", v.value).member("count", v.count).member("selected", v.selected);
        if (with_labels) out.member("label", v.label).member("flag", v.flag);
        out.end_object();
    }
    out.end_array();
}

// A string member that is null when empty.
void write_optional(JsonWriter& out, std::string_view name, const std::string& text) {
    if (text.empty()) out.key(name).null();
    else out.member(name, text);
}

void write_hit(JsonWriter& out, const Hit& hit) {
    out.begin_object().member("id", hit.id).member("title", hit.title_html);
    if (hit.date) out.member("date", *hit.date);
    else out.key("date").null();
    out.member("snippet", hit.snippet_html);
    out.key("speakers").begin_array();
    for (const auto& speaker : hit.speakers) out.value(speaker);
    out.end_array();
    out.key("countries").begin_array();
    for (const auto& c : hit.countries)
        out.begin_object().member("code", c.code).member("label", c.label).member("flag", c.flag).end_object();
    out.end_array();
    out.member("score", hit.score);
    write_optional(out, "cluster", hit.cluster);
    out.member("copies", hit.copies).end_object();
}

void write_ranges(JsonWriter& out, const ByteRanges& ranges) {
    out.begin_array();
    for (const auto& [begin, end] : ranges)
        out.begin_array().value(std::uint64_t{begin}).value(std::uint64_t{end}).end_array();
    out.end_array();
}

void write_strings(JsonWriter& out, const std::vector<std::string>& strings) {
    out.begin_array();
    for (const auto& s : strings) out.value(s);
    out.end_array();
}

}  // namespace

std::string to_json(const SearchResponse& response) {
    JsonWriter out;
    out.begin_object()
        .member("query", response.query)
        .member("total", response.total)
        .member("stories", response.stories)
        .member("count", response.count_stories ? "stories" : "articles")
        .member("collapse", response.collapse)
        .member("page", response.page)
        .member("size", response.size)
        .member("sort", response.sort)
        .member("took_ms", response.took_ms);
    write_optional(out, "suggestion", response.suggestion);
    write_optional(out, "warning", response.warning);
    out.member("partial", response.partial);
    out.member("revision", response.revision).member("updated", response.updated);
    out.key("results").begin_array();
    for (const auto& hit : response.results) write_hit(out, hit);
    out.end_array();
    out.key("facets").begin_object();
    write_facet_values(out.key("speaker"), response.speaker.values, false);
    write_facet_values(out.key("country"), response.country.values, true);
    write_facet_values(out.key("date"), response.date.values, false);
    out.end_object();
    out.key("facet_info").begin_object();
    out.key("speaker").begin_object().member("distinct", response.speaker.distinct).end_object();
    out.key("country").begin_object().member("distinct", response.country.distinct).end_object();
    out.key("date")
        .begin_object()
        .member("distinct", response.date.distinct)
        .member("granularity", to_string(response.date_granularity))
        .end_object();
    out.end_object();
    out.end_object();
    return std::move(out).take();
}

std::string to_json(const FacetSearchResponse& response) {
    JsonWriter out;
    out.begin_object().member("facet", response.facet);
    write_facet_values(out.key("values"), response.values, response.facet == "country");
    out.member("partial", response.partial).end_object();
    return std::move(out).take();
}

std::string to_json(const HealthResponse& health, const RequestLimits& limits) {
    JsonWriter out;
    out.begin_object()
        .member("status", health.problem.empty() ? "ok" : "degraded")
        .member("documents", health.documents)
        .member("revision", health.revision)
        .member("last_update", health.last_update);
    if (!health.problem.empty()) out.member("problem", health.problem);
    out.key("limits").begin_object()
        .member("max_query_bytes", limits.max_query_bytes)
        .member("max_size", limits.max_size)
        .end_object();
    out.end_object();
    return std::move(out).take();
}

std::string to_json(const DocumentResponse& document) {
    const index::Article& a = document.article;
    JsonWriter out;
    out.begin_object().member("id", a.id).member("title", a.title).member("body", a.body)
        .member("url", a.url).member("source", a.source);
    if (a.date) out.member("date", a.date->to_iso());
    else out.key("date").null();
    write_strings(out.key("speakers"), a.speakers);
    if (!a.organizations.empty()) write_strings(out.key("organizations"), a.organizations);
    out.key("countries").begin_array();
    for (const auto& c : document.countries)
        out.begin_object().member("code", c.code).member("label", c.label).member("flag", c.flag).end_object();
    out.end_array();
    out.key("mentioned_dates").begin_array();
    for (const auto& date : a.mentioned_dates) out.value(date.to_iso());
    out.end_array();
    if (document.matches) {
        out.key("matches").begin_object();
        write_ranges(out.key("title"), document.matches->title);
        write_ranges(out.key("body"), document.matches->body);
        out.end_object();
    }
    if (document.story) {
        out.key("cluster").begin_object().member("id", document.story->id).member("head", document.story->head);
        out.key("copies").begin_array();
        for (const auto& copy : document.story->copies) {
            out.begin_object().member("id", copy.id).member("title", copy.title);
            if (copy.date) out.member("date", *copy.date);
            else out.key("date").null();
            out.member("source", copy.source).end_object();
        }
        out.end_array().end_object();
    } else {
        out.key("cluster").null();
    }
    out.key("attributions").begin_array();
    for (const auto& at : a.attributions)
        out.begin_object().member("speaker", at.speaker).member("cue", at.cue).member("text", at.text)
            .member("field", at.field).member("begin", std::uint64_t{at.begin}).member("end", std::uint64_t{at.end})
            .member("cue_begin", std::uint64_t{at.cue_begin}).end_object();
    out.end_array();
    out.end_object();
    return std::move(out).take();
}

std::string to_json(const Error& error) {
    JsonWriter out;
    out.begin_object().key("error").begin_object();
    out.member("code", to_string(error.code)).member("message", error.message);
    out.end_object().end_object();
    return std::move(out).take();
}

}  // namespace dateline::search

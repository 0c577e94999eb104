#include "search/export.h"

#include "search/json_writer.h"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <memory>
#include <stdexcept>

namespace dateline::search {
namespace {

Error bad_param(const std::string& name, const std::string& why) {
    return Error{ErrorCode::bad_param, "parameter '" + name + "': " + why};
}

// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& value : values) out += (out.empty() ? "" : "; ") + value;
    return out;
}

// The shortest text that reads back as `number`, as JSON writes it.
std::string number_text(double number) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("0");
}

void write_filters(JsonWriter& out, const SearchRequest& search) {
    out.key("filters").begin_object();
    out.key("speaker").begin_array();
    for (const auto& speaker : search.speakers) out.value(speaker);
    out.end_array();
    out.key("country").begin_array();
    for (const auto& country : search.countries) out.value(country);
    out.end_array();
    if (search.from) out.member("from", search.from->to_iso());
    else out.key("from").null();
    if (search.to) out.member("to", search.to->to_iso());
    else out.key("to").null();
    out.member("undated", search.undated);
    out.end_object();
}

}  // namespace

Result<NewSince> parse_new_since(const std::string& text) {
    NewSince since{text, {}, {}};
    const bool revision = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
    if (revision) {
        for (std::size_t begin = 0; begin <= text.size();) {
            const std::size_t end = std::min(text.find('.', begin), text.size());
            std::uint64_t number = 0;
            const auto [ptr, ec] = std::from_chars(text.data() + begin, text.data() + end, number);
            if (ec != std::errc{} || ptr != text.data() + end) return bad_param("new_since", "not a revision: \"" + text + "\"");
            since.revisions.push_back(number);
            begin = end + 1;
        }
        return since;
    }
    const auto day = parse_iso_day(text.substr(0, 10));
    const bool time = text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z' &&
                      std::all_of(text.begin() + 11, text.begin() + 19, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == ':'; });
    if (!day || (text.size() != 10 && !time))
        return bad_param("new_since", "expected YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or a revision, got \"" + text + "\"");
    since.time = text.size() == 10 ? text + "T00:00:00Z" : text;
    return since;
}

Result<ExportRequest> parse_export_request(Params params, const RequestLimits& limits) {
    ExportRequest request;
    bool facet_size_given = false;
    std::optional<Error> error;
    std::erase_if(params, [&](const auto& param) {
        const auto& [name, value] = param;
        if (name == "format") {
            if (value == "csv") request.format = ExportFormat::csv;
            else if (value == "jsonl") request.format = ExportFormat::jsonl;
            else if (!error) error = bad_param(name, "expected csv or jsonl, got \"" + value + "\"");
            return true;
        }
        if (name == "what") {
            if (value == "matches" || value.empty()) request.content = ExportContent::matches;
            else if (value == "facets") request.content = ExportContent::facets;
            else if (value == "manifest") request.content = ExportContent::manifest;
            else if (!error) error = bad_param(name, "expected matches, facets or manifest, got \"" + value + "\"");
            return true;
        }
        if (name == "new_since") {
            if (value.empty()) return true;
            auto since = parse_new_since(value);
            if (!since && !error) error = since.error();
            if (since) request.new_since = std::move(*since);
            return true;
        }
        if (name == "facet_size") facet_size_given = true;
        return name == "page" || name == "size";
    });
    if (error) return *error;
    if (request.new_since && request.content == ExportContent::facets)
        return bad_param("new_since", "applies to matches, not to a facets export");
    auto search = parse_search_request(params, limits);
    if (!search) return search.error();
    request.search = std::move(*search);
    if (!facet_size_given) request.search.facet_size = limits.max_facet_size;
    return request;
}

std::string export_filename(const ExportRequest& request) {
    std::string words = request.search.query;
    for (const auto& speaker : request.search.speakers) words += " " + speaker;
    for (const auto& country : request.search.countries) words += " " + country;
    if (request.search.from) words += " " + request.search.from->to_iso();
    if (request.search.to) words += " " + request.search.to->to_iso();
    if (request.search.undated) words += " undated";
    // ASCII letters and digits only: a header value stays plain whatever the query holds.
    std::string slug;
    for (const char c : words) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) && byte < 0x80) slug += static_cast<char>(std::tolower(byte));
        else if (!slug.empty() && slug.back() != '-') slug += '-';
        if (slug.size() >= 60) break;
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    if (slug.empty()) slug = "all";
    std::string name = "dateline-" + slug;
    if (request.content == ExportContent::facets) name += "-facets";
    if (request.content == ExportContent::manifest) return name + ".manifest.json";
    return name + (request.format == ExportFormat::csv ? ".csv" : ".jsonl");
}

const char* content_type(ExportFormat format) noexcept {
    return format == ExportFormat::csv ? "text/csv; charset=utf-8; header=present" : "application/x-ndjson; charset=utf-8";
}

std::string to_json(const ExportManifest& manifest) {
    JsonWriter out;
    out.begin_object().member("query", manifest.search.query);
    write_filters(out, manifest.search);
    if (manifest.new_since.empty()) out.key("new_since").null();
    else out.member("new_since", manifest.new_since);
    out.member("sort", manifest.sort)
        .member("revision", manifest.revision)
        .member("updated", manifest.updated)
        .member("total", manifest.total);
    if (manifest.ids_sha256.empty()) out.key("ids_sha256").null();
    else out.member("ids_sha256", manifest.ids_sha256);
    out.end_object();
    return std::move(out).take();
}

Result<ExportManifest> parse_manifest(const std::string& text) {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_object() && json.contains("manifest")) json = json["manifest"];
    if (!json.is_object()) return Error{ErrorCode::bad_param, "the manifest is not a JSON object"};
    try {
        ExportManifest manifest;
        Params params{{"q", json.at("query").get<std::string>()}};
        const auto& filters = json.at("filters");
        for (const auto& speaker : filters.value("speaker", std::vector<std::string>{})) params.emplace_back("speaker", speaker);
        for (const auto& country : filters.value("country", std::vector<std::string>{})) params.emplace_back("country", country);
        if (filters.contains("from") && filters["from"].is_string()) params.emplace_back("from", filters["from"].get<std::string>());
        if (filters.contains("to") && filters["to"].is_string()) params.emplace_back("to", filters["to"].get<std::string>());
        if (filters.value("undated", false)) params.emplace_back("undated", "true");
        manifest.sort = json.at("sort").get<std::string>();
        params.emplace_back("sort", manifest.sort);
        auto search = parse_search_request(params);
        if (!search) return search.error();
        manifest.search = std::move(*search);
        if (json.contains("new_since") && json["new_since"].is_string()) manifest.new_since = json["new_since"].get<std::string>();
        manifest.revision = json.at("revision").get<std::string>();
        manifest.updated = json.at("updated").get<std::string>();
        manifest.total = json.at("total").get<std::uint64_t>();
        if (json.at("ids_sha256").is_string()) manifest.ids_sha256 = json["ids_sha256"].get<std::string>();
        return manifest;
    } catch (const nlohmann::json::exception& e) {
        return Error{ErrorCode::bad_param, std::string("the manifest lacks a member or has one of the wrong type: ") + e.what()};
    }
}

void IdSet::add(std::string_view id) {
    bytes_ += id;
    ends_.push_back(bytes_.size());
}

std::vector<std::string_view> IdSet::sorted() const {
    std::vector<std::string_view> ids;
    ids.reserve(ends_.size());
    std::size_t begin = 0;
    for (const std::size_t end : ends_) {
        ids.emplace_back(bytes_.data() + begin, end - begin);
        begin = end;
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::string IdSet::sha256() const {
    const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL cannot start a SHA-256 digest");
    for (const auto id : sorted()) {
        EVP_DigestUpdate(context.get(), id.data(), id.size());
        EVP_DigestUpdate(context.get(), "\n", 1);
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context.get(), digest, &length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 15];
    }
    return hex;
}

const char* csv_header_of_matches() noexcept { return "id,title,date,url,source,speakers,countries,score\r\n"; }

void append_row(std::string& out, const ExportRow& row, ExportFormat format) {
    if (format == ExportFormat::csv) {
        append_csv_field(out, row.id);
        out += ',';
        append_csv_field(out, row.title);
        out += ',';
        if (row.date) out += *row.date;
        out += ',';
        append_csv_field(out, row.url);
        out += ',';
        append_csv_field(out, row.source);
        out += ',';
        append_csv_field(out, joined(row.speakers));
        out += ',';
        append_csv_field(out, joined(row.countries));
        out += ',';
        out += number_text(row.score);
        out += "\r\n";
        return;
    }
    JsonWriter line;
    line.begin_object().member("id", row.id).member("title", row.title);
    if (row.date) line.member("date", *row.date);
    else line.key("date").null();
    line.member("url", row.url).member("source", row.source);
    line.key("speakers").begin_array();
    for (const auto& speaker : row.speakers) line.value(speaker);
    line.end_array().key("countries").begin_array();
    for (const auto& country : row.countries) line.value(country);
    line.end_array().member("score", row.score).end_object();
    out += std::move(line).take();
    out += '\n';
}

std::string facets_export(const SearchResponse& response, const ExportManifest& manifest, ExportFormat format) {
    std::string out = format == ExportFormat::csv ? "facet,value,label,count\r\n" : "";
    const auto add = [&](const char* facet, const std::vector<FacetValueCount>& values) {
        for (const auto& value : values) {
            const std::string& label = value.label.empty() ? value.value : value.label;
            if (format == ExportFormat::csv) {
                out += facet;
                out += ',';
                append_csv_field(out, value.value);
                out += ',';
                append_csv_field(out, label);
                out += ',' + std::to_string(value.count) + "\r\n";
            } else {
                JsonWriter line;
                line.begin_object().member("facet", facet).member("value", value.value).member("label", label)
                    .member("count", value.count).end_object();
                out += std::move(line).take() + '\n';
            }
        }
    };
    add("speaker", response.speaker.values);
    add("country", response.country.values);
    add("date", response.date.values);
    if (format == ExportFormat::jsonl) out += "{\"manifest\":" + to_json(manifest) + "}\n";
    return out;
}

}  // namespace dateline::search

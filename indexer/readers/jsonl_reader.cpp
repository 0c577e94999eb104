// JSON Lines records (schemas/document.schema.json): one article per line.
#include "readers/reader.h"
#include "readers/text_util.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>

namespace dateline::index {
namespace {

using nlohmann::json;

std::string optional_string(const json& record, const char* key) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return {};
    if (!it->is_string()) throw std::invalid_argument(std::string(key) + ": expected a string");
    return it->get<std::string>();
}

// Returns whether the key was present (an explicit empty list still overrides extraction).
bool string_list(const json& record, const char* key, std::vector<std::string>& out) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return false;
    if (!it->is_array()) throw std::invalid_argument(std::string(key) + ": expected an array of strings");
    for (const auto& item : *it) {
        if (!item.is_string()) throw std::invalid_argument(std::string(key) + ": expected an array of strings");
        std::string value = collapse_whitespace(item.get_ref<const std::string&>());
        if (!value.empty() && std::find(out.begin(), out.end(), value) == out.end()) out.push_back(std::move(value));
    }
    return true;
}

std::string iso_country(const std::string& code) {
    auto iso = iso_alpha2(code);
    if (!iso) throw std::invalid_argument("countries: \"" + code + "\" is not an ISO 3166-1 alpha-2 code");
    return std::move(*iso);
}

}  // namespace

Article parse_jsonl_record(std::string_view line) {
    const json record = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (record.is_discarded()) throw std::invalid_argument("malformed JSON");
    if (!record.is_object()) throw std::invalid_argument("expected a JSON object");

    Article article;
    const auto id = record.find("id");
    if (id == record.end()) throw std::invalid_argument("id: missing");
    if (id->is_string()) article.id = id->get<std::string>();
    else if (id->is_number_integer()) article.id = id->dump();  // as written: unsigned ones past 2^63 too
    else throw std::invalid_argument("id: expected a string or an integer");
    if (trim(article.id).empty()) throw std::invalid_argument("id: empty");

    article.title = collapse_whitespace(optional_string(record, "title"));
    article.body = optional_string(record, "body");
    article.url = optional_string(record, "url");
    article.source = collapse_whitespace(optional_string(record, "source"));
    require_text(article.id);
    require_text(article.title);
    require_text(article.body);
    if (article.title.empty() && trim(article.body).empty()) throw std::invalid_argument("empty document (no title or body)");

    if (const std::string date = optional_string(record, "date"); !date.empty()) {
        article.date = parse_iso_day(date);
        if (!article.date)
            throw std::invalid_argument("date: \"" + date + "\" is not an ISO 8601 date (YYYY-MM-DD)");
    }
    article.speakers_given = string_list(record, "speakers", article.speakers);
    std::vector<std::string> countries;
    article.countries_given = string_list(record, "countries", countries);
    for (const auto& code : countries) {
        std::string iso = iso_country(code);
        if (std::find(article.countries.begin(), article.countries.end(), iso) == article.countries.end())
            article.countries.push_back(std::move(iso));
    }
    return article;
}

}  // namespace dateline::index

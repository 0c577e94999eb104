#include "search/stored_fields.h"

#include <simdjson.h>

#include <stdexcept>
#include <string_view>

namespace dateline::search {
namespace {

std::vector<std::string> strings_of(simdjson::ondemand::value value) {
    std::vector<std::string> out;
    for (auto element : value.get_array()) out.emplace_back(std::string_view(element.get_string()));
    return out;
}

}  // namespace

StoredHitFields read_hit_fields(std::string data) {
    // The parser reads up to SIMDJSON_PADDING bytes past the end of its input.
    const std::size_t length = data.size();
    data.resize(length + simdjson::SIMDJSON_PADDING);
    try {
        simdjson::ondemand::parser parser;
        simdjson::ondemand::document document = parser.iterate(data.data(), length, data.size());
        StoredHitFields fields;
        bool has_id = false;
        for (auto field : document.get_object()) {
            const std::string_view key = field.unescaped_key();
            simdjson::ondemand::value value = field.value();
            if (key == "id") {
                fields.id = std::string_view(value.get_string());
                has_id = true;
            } else if (key == "title") {
                fields.title = std::string_view(value.get_string());
            } else if (key == "body") {
                fields.body = std::string_view(value.get_string());
            } else if (key == "date") {
                // null for an undated article
                if (value.type() == simdjson::ondemand::json_type::string)
                    fields.date = std::string(std::string_view(value.get_string()));
            } else if (key == "url" || key == "source") {
                // null or absent when the article has none
                if (value.type() == simdjson::ondemand::json_type::string)
                    (key == "url" ? fields.url : fields.source) = std::string_view(value.get_string());
            } else if (key == "speakers") {
                fields.speakers = strings_of(value);
            } else if (key == "countries") {
                fields.countries = strings_of(value);
            }
        }
        if (!has_id) throw std::runtime_error("stored document has no \"id\"");
        return fields;
    } catch (const simdjson::simdjson_error& e) {
        throw std::runtime_error(std::string("stored document is not the JSON the indexer writes: ") + e.what());
    }
}

}  // namespace dateline::search

// The fields of a stored document (indexer/article_json.h) that a search hit shows, read
// from the document data without building the rest.
//
// Why: a page shows ten documents, and parsing their JSON into nlohmann objects was a third
// of the instructions of a query with few matches (scripts/bench/RESULTS.md). simdjson's
// On-Demand parser finds the structure of the data at SIMD speed and skips the fields a hit
// does not show (the attributions above all) without reading them character by character.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dateline::search {

struct StoredHitFields {
    std::string id;
    std::string title;
    std::string body;
    std::optional<std::string> date;  // ISO, when the article has one
    std::string url;
    std::string source;
    std::vector<std::string> speakers;
    std::vector<std::string> countries;
};

/// Reads a stored document's data. Throws std::runtime_error naming what is wrong when the
/// data is not a JSON object, lacks a string "id", or holds a field of the wrong type.
StoredHitFields read_hit_fields(std::string data);

}  // namespace dateline::search

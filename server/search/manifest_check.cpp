#include "search/manifest_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace dateline::search {
namespace {

// The first field of each RFC 4180 record: quoted fields may hold commas, quotes and breaks.
std::vector<std::string> csv_first_fields(const std::string& text) {
    std::vector<std::string> firsts;
    std::string field;
    bool in_first = true, quoted = false;
    for (std::size_t at = 0; at < text.size(); ++at) {
        const char c = text[at];
        if (quoted) {
            if (c != '"') {
                if (in_first) field += c;
            } else if (at + 1 < text.size() && text[at + 1] == '"') {
                if (in_first) field += '"';
                ++at;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            in_first = false;
        } else if (c == '\n') {
            firsts.push_back(std::move(field));
            field.clear();
            in_first = true;
        } else if (c != '\r' && in_first) {
            field += c;
        }
    }
    if (!field.empty() || !in_first) firsts.push_back(std::move(field));
    return firsts;
}

// The ids of `from` that `without` lacks; both sorted.
std::vector<std::string> missing_from(const std::vector<std::string_view>& from, const std::vector<std::string_view>& without) {
    std::vector<std::string_view> missing;
    std::set_difference(from.begin(), from.end(), without.begin(), without.end(), std::back_inserter(missing));
    return std::vector<std::string>(missing.begin(), missing.end());
}

}  // namespace

std::vector<std::string> read_export_ids(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot be read");
    std::vector<std::string> ids;
    if (file.extension() == ".jsonl") {
        std::string line;
        for (std::size_t number = 1; std::getline(in, line); ++number) {
            const auto json = nlohmann::json::parse(line, nullptr, false);
            if (json.is_object() && json.contains("manifest")) continue;
            if (!json.is_object() || !json.contains("id") || !json["id"].is_string())
                throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": not a row of an export");
            ids.push_back(json["id"].get<std::string>());
        }
        return ids;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ids = csv_first_fields(text);
    if (ids.empty() || ids.front() != "id") throw std::runtime_error(file.string() + ":1: not the header of a CSV export");
    ids.erase(ids.begin());
    return ids;
}

Result<ManifestCheck> check_manifest(const Searcher& searcher, const ExportManifest& manifest,
                                     const std::optional<std::vector<std::string>>& ids_then) {
    ExportRequest request;
    request.search = manifest.search;
    request.format = ExportFormat::jsonl;
    request.content = ids_then ? ExportContent::matches : ExportContent::manifest;
    if (!manifest.new_since.empty()) {
        auto since = parse_new_since(manifest.new_since);
        if (!since) return since.error();
        request.new_since = std::move(*since);
    }
    auto stream = searcher.open_export(request);
    if (!stream) return stream.error();
    IdSet now;
    std::string part;
    for (bool more = true; more;) {
        part.clear();
        more = (*stream)->next(part, 1 << 20);
        if (!ids_then) continue;
        for (std::size_t begin = 0; begin < part.size();) {
            const std::size_t end = part.find('\n', begin);
            const auto json = nlohmann::json::parse(part.substr(begin, end - begin));
            if (json.contains("id")) now.add(json["id"].get<std::string>());
            begin = end + 1;
        }
    }
    ManifestCheck check;
    const ExportManifest& today = (*stream)->manifest();
    check.same = today.ids_sha256 == manifest.ids_sha256;
    check.total_now = today.total;
    check.revision_now = today.revision;
    check.updated_now = today.updated;
    if (ids_then && !check.same) {
        std::vector<std::string_view> then(ids_then->begin(), ids_then->end());
        std::sort(then.begin(), then.end());
        const auto current = now.sorted();
        check.added = missing_from(current, then);
        check.removed = missing_from(then, current);
        check.differences_known = true;
    }
    return check;
}

}  // namespace dateline::search

// Whether the index still gives the set an export manifest cites, and if not, how it moved.
#pragma once

#include "search/export.h"
#include "search/searcher.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dateline::search {

struct ManifestCheck {
    bool same = false;             // today's ids hash to the manifest's ids_sha256
    std::uint64_t total_now = 0;
    std::string revision_now;
    std::string updated_now;
    /// Known when the cited export's own rows were at hand (ids_then): sorted bytewise.
    bool differences_known = false;
    std::vector<std::string> added;    // matching now, not then
    std::vector<std::string> removed;  // matching then, not now
};

/// Runs the manifest's search again. `ids_then`: the ids of the export the manifest came
/// with, when it is at hand, to name the differences.
Result<ManifestCheck> check_manifest(const Searcher& searcher, const ExportManifest& manifest,
                                     const std::optional<std::vector<std::string>>& ids_then);

/// The ids of an export file: the `id` of each JSON line (the manifest line aside) of a
/// `.jsonl` file, the first field of each CSV record (the header aside) otherwise.
/// Throws std::runtime_error naming the file and line when it cannot be read.
std::vector<std::string> read_export_ids(const std::filesystem::path& file);

}  // namespace dateline::search

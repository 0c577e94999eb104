// What `dateline-index --stats` reports about a database.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace dateline::index {

struct IndexStats {
    std::uint64_t documents = 0;
    std::uint64_t undated = 0;
    std::string last_update;
    std::string revision;  // per shard, joined by '.'
    std::uint64_t shards = 1;
    std::uint64_t size_bytes = 0;
    std::uint64_t inputs = 0;  // input files with a change record
    std::uint64_t distinct_speakers = 0;
    std::uint64_t distinct_countries = 0;
    std::vector<std::pair<std::string, std::uint64_t>> top_speakers;   // speaker key, documents
    std::vector<std::pair<std::string, std::uint64_t>> top_countries;  // ISO code, documents
};

/// Reads the statistics of the database at `db` (read-only; safe while an indexer runs).
/// Throws std::runtime_error naming the path if it cannot be opened.
IndexStats read_index_stats(const std::filesystem::path& db, std::size_t top = 10);

/// Human-readable lines, one fact per line.
std::string format_index_stats(const IndexStats& stats);

}  // namespace dateline::index

// Test fixtures: temporary directories and databases built the way dateline-index builds them.
#pragma once

#include "core/article.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::testing {

/// A fresh directory under the system temp dir, removed with everything in it at scope end.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Writes `content` to `path`, creating its directories.
void write_file(const std::filesystem::path& path, const std::string& content);

std::filesystem::path source_dir();
std::filesystem::path sample_corpus();  // data/sample
std::filesystem::path data_dir();       // indexer/extract/data

/// Indexes `inputs` into `db` with the bundled extraction data; returns documents indexed.
std::size_t build_index(const std::filesystem::path& db, const std::vector<std::filesystem::path>& inputs);

/// Writes `count` synthetic articles with explicit facets to a JSONL file, deterministic
/// for a given seed: dates over 2019-2021 (some undated), 1-3 countries of 12, 0-3 speakers
/// of 40, and body words of a small vocabulary. Ids are `id_prefix` + a running number.
void write_synthetic_corpus(const std::filesystem::path& file, int count, unsigned seed,
                            const std::string& id_prefix = "syn-");

}  // namespace dateline::testing

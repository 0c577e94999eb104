// What the indexer remembers of each input file, to skip unchanged ones next time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::index {

/// Size, modification time and content hash of an input file as last indexed completely.
struct InputState {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::uint64_t hash = 0;  // FNV-1a 64 of the content

    bool operator==(const InputState&) const = default;
    /// Same size and mtime: the file is taken as unchanged without reading it.
    bool same_stat(const InputState& other) const { return size == other.size && mtime_ns == other.mtime_ns; }

    std::string encode() const;
    /// Nothing for a malformed record (which then counts as changed).
    static std::optional<InputState> decode(std::string_view text);
};

/// Size and mtime of `file` (hash left 0), or nothing if it cannot be stat'ed.
std::optional<InputState> stat_input(const std::filesystem::path& file);

/// FNV-1a 64 of the file's content; nothing if it cannot be read.
std::optional<std::uint64_t> hash_file(const std::filesystem::path& file);

}  // namespace dateline::index

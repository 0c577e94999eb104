// Reading the extraction data files: tab-separated lines with '#' comments.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace dateline {

/// One non-comment, non-blank line of a data file, split at tabs.
struct DataLine {
    std::size_t line = 0;
    std::vector<std::string> fields;  // trimmed of surrounding spaces
};

/// Reads `path`, skipping blank lines and lines whose first non-space character is '#'.
/// Every line must have between `min_fields` and `max_fields` non-empty fields.
/// Throws std::runtime_error "path:line: reason" (or "path: cannot open").
std::vector<DataLine> read_data_file(const std::filesystem::path& path, std::size_t min_fields,
                                     std::size_t max_fields);

/// Throws std::runtime_error "path:line: reason".
[[noreturn]] void data_error(const std::filesystem::path& path, std::size_t line,
                             const std::string& reason);

}  // namespace dateline

// Expands the indexer's INPUT arguments into the list of files to read.
#pragma once

#include "readers/reader.h"

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::index {

struct InputFile {
    std::filesystem::path path;
    InputFormat format = InputFormat::unknown;
    std::string default_id;  // the path relative to its INPUT root, '/'-separated
    std::string input_key;   // the file's absolute, normalised path: stable across runs
};

/// The key an input file or directory is known by in change records: its absolute,
/// normalised path with '/' separators.
std::string input_key_of(const std::filesystem::path& path);

/// A directory is walked recursively in name order, skipping hidden entries and files of
/// no known format; a file is taken as it is. Missing inputs and files of unknown format
/// named explicitly are reported to `on_problem`.
std::vector<InputFile> list_input_files(const std::vector<std::filesystem::path>& inputs,
                                        const ProblemSink& on_problem);

}  // namespace dateline::index

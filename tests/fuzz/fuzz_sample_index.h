// The index the search fuzz targets query: data/sample, indexed by dateline-index when the
// targets are built, opened read-only once per process.
#pragma once

#include "search/index.h"
#include "search/vocabulary.h"

#include <filesystem>

namespace dateline::fuzz {

/// The sample database's directory, compiled in by CMake.
std::filesystem::path sample_db();

/// The vocabulary of the bundled data files, loaded on first use.
const search::Vocabulary& vocabulary();

}  // namespace dateline::fuzz

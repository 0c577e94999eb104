// One run of the indexer over its inputs: read, extract, build, write. The command line
// and the tests both go through here.
#pragma once

#include "extract/extractor.h"
#include "readers/reader.h"

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <vector>

namespace dateline::index {

struct RunOptions {
    std::filesystem::path db;
    std::vector<std::filesystem::path> inputs;
    std::size_t batch_size = 10000;
    ReaderLimits limits;
};

struct RunSummary {
    std::size_t documents = 0;  // read and indexed (or printed)
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t skipped = 0;    // files or records reported as problems
    double seconds = 0;
};

/// Indexes every input into options.db. Problems go to `on_problem` and are counted;
/// database errors throw (std::runtime_error or Xapian::Error).
RunSummary index_inputs(const RunOptions& options, const extract::Extractor& extractor, const ProblemSink& on_problem);

/// Prints each input document's extracted facets as one JSON object per line.
RunSummary extract_inputs(const RunOptions& options, const extract::Extractor& extractor, std::ostream& out,
                          const ProblemSink& on_problem);

}  // namespace dateline::index

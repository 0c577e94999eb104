// One run of the indexer over its inputs: read, extract, build, write. The command line
// and the tests both go through here.
#pragma once

#include "extract/extractor.h"
#include "readers/reader.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <ostream>
#include <vector>

namespace dateline::index {

struct Progress {
    std::uint64_t bytes_done = 0;   // of the input files considered so far
    std::uint64_t bytes_total = 0;  // of all input files
    std::size_t documents = 0;      // indexed so far in this run
};

struct RunOptions {
    std::filesystem::path db;
    std::vector<std::filesystem::path> inputs;
    /// Shards of a new database; 0 keeps the count of an existing one (1 for a new one).
    /// Another count than the database's is an error, unless `full` rebuilds it.
    unsigned shards = 0;
    /// Documents buffered before a commit, over all shards: bounds the run's memory.
    std::size_t batch_size = 2000;
    ReaderLimits limits;
    /// Reindex every file, and delete every document not found in these inputs.
    bool full = false;
    /// Wait for another run on the same database to finish instead of failing.
    bool wait_for_lock = false;
    /// Called after each document and each file (may be empty).
    std::function<void(const Progress&)> on_progress;
};

struct RunSummary {
    std::size_t documents = 0;   // read and indexed (or printed) in this run
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t deleted = 0;     // documents whose source changed or disappeared
    std::size_t unchanged = 0;   // documents of files not read, and articles read again as they were
    std::size_t skipped = 0;     // files or records reported as problems
    std::size_t other_records = 0;  // container records that are no article (ReadCounts), passed over
    double seconds = 0;
    std::uint64_t peak_rss_bytes = 0;  // of the whole process, at the end of the run
};

/// Brings options.db up to date with the inputs: only new and changed files are read
/// (size and mtime, then a content hash, against the change record of the last complete
/// run); documents gone from a changed file, and documents of files gone from a directory
/// INPUT, are deleted. Each shard is written by its own thread (see ShardedWriter). Commits
/// every batch_size documents, so a crash loses at most one batch and the next run
/// finishes the job. Problems go to `on_problem` and are counted; a file with problems
/// keeps its old documents and is retried next time. Throws DatabaseBusy when another run
/// holds the database, std::runtime_error or Xapian::Error on failure.
RunSummary index_inputs(const RunOptions& options, const extract::Extractor& extractor, const ProblemSink& on_problem);

/// Prints each input document's extracted facets as one JSON object per line.
RunSummary extract_inputs(const RunOptions& options, const extract::Extractor& extractor, std::ostream& out,
                          const ProblemSink& on_problem);

}  // namespace dateline::index

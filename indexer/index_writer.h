// Writes documents into the Dateline database: replace by unique id, batched commits.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <string>

namespace dateline::index {

struct WriteCounts {
    std::size_t added = 0;
    std::size_t updated = 0;
};

class IndexWriter {
public:
    /// Opens (creating if needed) the database at `path`. Throws std::runtime_error when
    /// it is locked by another writer or was written by an incompatible format version.
    /// Commits every `batch_size` documents so a crash loses at most one batch.
    IndexWriter(const std::filesystem::path& path, std::size_t batch_size);

    Xapian::WritableDatabase& database() { return db_; }

    /// Adds `doc`, replacing the document that carries the same unique id term.
    void write(const Xapian::Document& doc, const std::string& id_term);

    /// Commits what is pending and records the run's metadata.
    WriteCounts finish();

private:
    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
    WriteCounts counts_;
};

}  // namespace dateline::index

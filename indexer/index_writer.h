// Writes documents into the Dateline database: replace by unique id, batched commits.
#pragma once

#include <xapian.h>

#include "input_state.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace dateline::index {

struct WriteCounts {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t deleted = 0;
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

    /// The change record of an input file as last indexed completely, if any.
    std::optional<InputState> input_state(const std::string& input_key) const;
    /// Records that `input_key` is indexed completely in `state` (committed with the batch).
    void record_input(const std::string& input_key, const InputState& state);
    /// The input keys with a change record that start with `key_prefix`.
    std::vector<std::string> recorded_inputs(const std::string& key_prefix) const;

    /// Documents indexed from an input file.
    Xapian::doccount documents_from(const std::string& input_key) const;
    /// Deletes the documents from `input_key` whose id term is not in `keep` (all of them
    /// when `keep` is empty). Returns how many were deleted.
    std::size_t delete_documents_from(const std::string& input_key, const std::unordered_set<std::string>& keep);
    /// Removes an input's change record.
    void forget_input(const std::string& input_key);

    /// Commits what is pending and records the run's metadata.
    WriteCounts finish();

private:
    void count_change();

    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
    WriteCounts counts_;
};

}  // namespace dateline::index

// The directories of a database that dateline-index writes: one plain database, or a stub
// file and one database per shard (schema.h). Created, checked and rebuilt here.
#pragma once

#include <filesystem>
#include <vector>

namespace dateline::index {

class DatabaseLayout {
public:
    /// Readies `db` for a run that asks for `shards` shards (0: as many as it has, or 1 for
    /// a new database). The count is fixed when the database is created: another count
    /// throws std::runtime_error naming both, unless `rebuild` (--full), which deletes the
    /// old databases, as it does a database of another format version. The caller holds
    /// the run lock.
    static DatabaseLayout prepare(const std::filesystem::path& db, unsigned shards, bool rebuild);

    /// Shard i's database directory at index i (`db` itself for a database of one shard).
    const std::vector<std::filesystem::path>& shard_paths() const { return shard_paths_; }

    /// Writes the stub file of a new shard set, once every shard exists (created and
    /// committed): until then `db` is no database, and a killed run starts it again.
    void publish() const;

private:
    std::filesystem::path db_;
    std::vector<std::filesystem::path> shard_paths_;
    bool stub_missing_ = false;
};

/// The number of shards of the database at `db`, 0 if there is none. Throws
/// std::runtime_error for a stub file that dateline-index did not write.
unsigned shard_count_of(const std::filesystem::path& db);

}  // namespace dateline::index

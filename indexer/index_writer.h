// Writes documents into one Dateline database (one shard): replace by unique id, batched
// commits, change records. Not thread-safe: one thread uses a writer at a time.
#pragma once

#include <xapian.h>

#include "input_state.h"
#include "core/schema.h"

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>

namespace dateline::index {

struct WriteCounts {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t deleted = 0;
    std::size_t unchanged = 0;  // read again as they were (holds())

    WriteCounts& operator+=(const WriteCounts& other);
};

/// Which shard of how many a database is (schema::kShardKey).
struct ShardIdentity {
    unsigned index = 0;
    unsigned count = 1;

    /// `index/count`, as stored.
    std::string to_string() const;
    bool operator==(const ShardIdentity&) const = default;
};

/// Change records by input key; nothing for a record that does not decode (it then counts
/// as changed, and is rewritten when its file is indexed again).
using InputRecords = std::map<std::string, std::optional<InputState>>;

class IndexWriter {
public:
    /// Opens (creating if needed) the database at `path` as shard `shard`. A database it
    /// creates gets the format version and the shard identity, committed at once, and is then
    /// built without syncing each commit to disk until flush_to_disk(). Throws
    /// std::runtime_error naming the path when it is locked by another writer, was written
    /// with another format version, or is another shard. Commits every `batch_size` changes.
    IndexWriter(const std::filesystem::path& path, ShardIdentity shard, std::size_t batch_size);

    Xapian::WritableDatabase& database() { return db_; }

    /// Adds `doc`, replacing the document that carries the same unique id term.
    void write(Xapian::Document doc, const std::string& id_term);
    /// Whether the document with `id_term` was written from an article with `digest`
    /// (schema::kSlotArticleDigest); counted as unchanged if so.
    bool holds(const std::string& id_term, const std::string& digest);
    /// Documents indexed from an input file.
    Xapian::doccount documents_from(const std::string& input_key) const;
    /// Deletes the documents from `input_key` whose id term is not in `keep` (all of them
    /// when `keep` is empty). Returns how many were deleted.
    std::size_t delete_documents_from(const std::string& input_key, const std::unordered_set<std::string>& keep);

    /// Every change record in this database.
    InputRecords input_records() const;
    /// Stores each record of `changes` (an empty one removes its key); they are committed
    /// with the next commit.
    void store_input_records(const InputRecords& changes);
    /// Records the time of the run's end (schema::kLastUpdateKey), committed with the next commit.
    void set_last_update(const std::string& iso_time);

    /// Brings the spelling table (the source of "did you mean") in line with the words of
    /// the index as they stand, committed or not: every unprefixed term, with the number of
    /// documents holding it, and no word that no document holds any more. Does nothing when
    /// this writer changed no document and no earlier sync was cut short. Commits after every
    /// `words_per_commit` words changed; the last of them are committed with the next commit.
    void sync_spelling(std::size_t words_per_commit = kSpellingWordsPerCommit);

    /// Xapian holds a commit's spelling changes in memory, with every word's fragments: about
    /// 850 bytes a word (200,000 new articles, 101,000 words: the indexer's RSS went from 70 to
    /// 154 MB at the final sync). 10,000 words a commit keep that under 10 MB.
    static constexpr std::size_t kSpellingWordsPerCommit = 10'000;

    /// Whether the story clusters need the cluster pass (story_clusters.h): this writer has
    /// changed a document, or an earlier run set schema::kClustersPendingKey and was cut short.
    bool clusters_pending() const;
    /// Clears schema::kClustersPendingKey with the next commit: the pass is done.
    void clear_clusters_pending();
    /// Rewrites the story of document `docid`: its kSlotCluster value and its kClusterPrefix
    /// term (none for an article alone). Not counted as an update of the article.
    void set_story(Xapian::docid docid, const schema::ClusterValue& story);

    /// Commits what is pending, with the revision number it creates (schema::kRevisionKey);
    /// does nothing when nothing is.
    void commit();
    /// Makes what is committed durable, when the database was created by this writer (its
    /// commits were not synced): every file of it, then its directory. Throws
    /// std::runtime_error naming the file that cannot be synced.
    void flush_to_disk();
    /// What this writer has changed so far.
    const WriteCounts& counts() const { return counts_; }

private:
    void count_change();
    // Sets schema::kClustersPendingKey with the first document change of this writer, so that
    // it is committed with the documents that need the pass.
    void mark_clusters_pending();

    std::filesystem::path path_;
    Xapian::WritableDatabase db_;
    bool unsynced_ = false;            // created by this writer, opened with DB_NO_SYNC
    std::size_t batch_size_;
    std::size_t pending_ = 0;          // document changes since the last commit
    bool metadata_changed_ = false;    // metadata set since the last commit
    bool clusters_marked_ = false;     // kClustersPendingKey set by this writer
    WriteCounts counts_;
};

}  // namespace dateline::index

// Writes one run's changes into the shards of a database. Each article is extracted, built
// and written by its shard's thread; change records are kept here and committed to shard 0
// only after every shard has committed the documents they describe, so that a run killed
// at any moment leaves records that are true, and the next run repairs the rest.
#pragma once

#include "core/article.h"
#include "extract/extractor.h"
#include "index_writer.h"
#include "shard_workers.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace dateline::index {

class ShardedWriter {
public:
    /// Opens shard i at `shard_paths[i]` (creating it if needed; see IndexWriter) and reads
    /// the change records of shard 0. Each shard commits after `batch_size` changes of its
    /// own, and all of them after every `batch_size` documents written in all (articles
    /// found unchanged write nothing): at most that many documents wait in memory. Shard 0 commits the records of the inputs done by one
    /// such checkpoint at its first checkpoint after every shard has committed their
    /// documents: usually the next.
    /// `rewrite_all`: write every article, even one read again as it was (--full, after the
    /// extraction data changed).
    ShardedWriter(const std::vector<std::filesystem::path>& shard_paths, std::size_t batch_size,
                  const extract::Extractor& extractor, bool rewrite_all = false);

    std::size_t shard_count() const { return workers_.size(); }

    /// The change record of an input file as last indexed completely, if any.
    std::optional<InputState> input_state(const std::string& input_key) const;
    /// The input keys with a change record that start with `key_prefix`.
    std::vector<std::string> recorded_inputs(const std::string& key_prefix) const;

    /// Queues `article`, read from `input_key`, for extraction and writing in its shard
    /// (schema::shard_of), replacing the document with the same id, unless that document
    /// was written from the same article and file (schema::kSlotArticleDigest) and not
    /// `rewrite_all`. Returns its id term.
    std::string add(Article&& article, const std::string& input_key);
    /// Deletes, in every shard, the documents from `input_key` whose id term is not in
    /// `keep` (all of them when `keep` is empty), after the documents queued before.
    void delete_documents_from(const std::string& input_key, std::unordered_set<std::string> keep);
    /// Records that `input_key` is indexed completely in `state`; durable once every shard
    /// has committed what was queued before (see the constructor), and at finish().
    void record_input(const std::string& input_key, const InputState& state);
    /// Removes an input's change record; durable as record_input() is.
    void forget_input(const std::string& input_key);
    /// Documents from these input files in all shards, counting every change queued so far.
    std::size_t documents_from(const std::vector<std::string>& input_keys);

    /// Commits everything, with the run's end time in every shard, and returns what changed.
    WriteCounts finish();

private:
    // Queues a commit in every shard, and the pending records for shard 0, without waiting:
    // shard 0 commits records only once every other shard has committed the documents
    // queued before them.
    void checkpoint();
    // Moves the pending records to those awaiting shard 0, under a new checkpoint's number.
    std::uint64_t queue_pending_records();
    // Shard 0's part of `checkpoint`: the awaiting records every shard's commits now cover.
    InputRecords records_covered_by_every_shard(std::uint64_t checkpoint);

    const extract::Extractor& extractor_;
    std::size_t batch_size_;
    bool rewrite_all_;
    InputRecords records_;          // as they are once pending_records_ are committed
    InputRecords pending_records_;  // changes since the last checkpoint (nothing: forget the key)
    std::atomic<std::size_t> written_{0};  // documents the shards have written this run
    std::size_t written_at_checkpoint_ = 0;
    std::uint64_t checkpoints_ = 0;
    // Why not wait for every shard at each checkpoint: the shards then idle in turn while
    // one commits (a third of the wall time with 2 shards and a batch of 2,000).
    std::mutex awaiting_mutex_;
    std::deque<std::pair<std::uint64_t, InputRecords>> awaiting_;  // records by checkpoint, for shard 0
    std::vector<std::atomic<std::uint64_t>> committed_;  // by shard: the last checkpoint it committed
    ShardWorkers workers_;
};

}  // namespace dateline::index

#include "sharded_writer.h"

#include "core/date.h"
#include "core/schema.h"
#include "story_clusters.h"

#include <chrono>
#include <ctime>
#include <memory>
#include <utility>

namespace dateline::index {
namespace {

// Jobs waiting per shard: enough that a shard busy committing (Xapian syncs its files) does
// not stop the reader feeding the others, small enough that waiting articles cost little
// memory (a few MB).
constexpr std::size_t kQueuedJobsPerShard = 2048;

std::vector<std::unique_ptr<IndexingShard>> open_shards(const std::vector<std::filesystem::path>& paths,
                                                        std::size_t batch_size) {
    std::vector<std::unique_ptr<IndexingShard>> shards;
    const auto count = static_cast<unsigned>(paths.size());
    for (unsigned i = 0; i < count; ++i)
        shards.push_back(std::make_unique<IndexingShard>(paths[i], ShardIdentity{i, count}, batch_size));
    return shards;
}

}  // namespace

ShardedWriter::ShardedWriter(const std::vector<std::filesystem::path>& shard_paths, std::size_t batch_size,
                             const extract::Extractor& extractor, bool rewrite_all)
    : extractor_(extractor),
      batch_size_(batch_size == 0 ? 1 : batch_size),
      rewrite_all_(rewrite_all),
      committed_(shard_paths.size()),
      workers_(open_shards(shard_paths, batch_size_), kQueuedJobsPerShard) {
    workers_.run_on_all([this](IndexingShard& own) {
        if (own.index == 0) records_ = own.writer.input_records();
    });
}

std::optional<InputState> ShardedWriter::input_state(const std::string& input_key) const {
    const auto it = records_.find(input_key);
    return it == records_.end() ? std::nullopt : it->second;
}

std::vector<std::string> ShardedWriter::recorded_inputs(const std::string& key_prefix) const {
    std::vector<std::string> keys;
    for (auto it = records_.lower_bound(key_prefix); it != records_.end() && it->first.starts_with(key_prefix); ++it)
        keys.push_back(it->first);
    return keys;
}

std::string ShardedWriter::add(Article&& article, const std::string& input_key) {
    std::string id_term = schema::id_term(article.id);
    const unsigned shard = schema::shard_of(article.id, static_cast<unsigned>(workers_.size()));
    workers_.post(shard, [this, article = std::move(article), input_key, id_term](IndexingShard& own) mutable {
        std::string digest = article_digest(article, input_key);
        if (!rewrite_all_ && own.writer.holds(id_term, digest)) return;  // as indexed: no extraction, no write
        extractor_.extract(article);
        Xapian::Document doc = own.builder.build(article, input_key);
        doc.add_value(schema::kSlotArticleDigest, std::move(digest));
        own.writer.write(doc, id_term);
        written_.fetch_add(1, std::memory_order_relaxed);
    });
    // A checkpoint per batch of documents the shards have written, not of articles read: a
    // run that changes a tenth of them would commit ten times as often, and every commit
    // makes the server rebuild its snapshot. Each shard bounds its own uncommitted changes.
    if (written_.load(std::memory_order_relaxed) >= written_at_checkpoint_ + batch_size_) checkpoint();
    return id_term;
}

void ShardedWriter::delete_documents_from(const std::string& input_key, std::unordered_set<std::string> keep) {
    const auto kept = std::make_shared<const std::unordered_set<std::string>>(std::move(keep));
    for (std::size_t shard = 0; shard < workers_.size(); ++shard)
        workers_.post(shard, [input_key, kept](IndexingShard& own) { own.writer.delete_documents_from(input_key, *kept); });
}

void ShardedWriter::record_input(const std::string& input_key, const InputState& state) {
    records_[input_key] = state;
    pending_records_[input_key] = state;
}

void ShardedWriter::forget_input(const std::string& input_key) {
    records_.erase(input_key);
    pending_records_[input_key] = std::nullopt;
}

std::size_t ShardedWriter::documents_from(const std::vector<std::string>& input_keys) {
    std::vector<std::size_t> per_shard(workers_.size(), 0);
    workers_.run_on_all([&](IndexingShard& own) {
        for (const auto& key : input_keys) per_shard[own.index] += own.writer.documents_from(key);
    });
    std::size_t total = 0;
    for (const auto count : per_shard) total += count;
    return total;
}

std::uint64_t ShardedWriter::queue_pending_records() {
    written_at_checkpoint_ = written_.load(std::memory_order_relaxed);
    const std::uint64_t checkpoint = ++checkpoints_;
    const std::lock_guard lock(awaiting_mutex_);
    awaiting_.emplace_back(checkpoint, std::exchange(pending_records_, {}));
    return checkpoint;
}

void ShardedWriter::checkpoint() {
    const std::uint64_t checkpoint = queue_pending_records();
    for (std::size_t shard = 0; shard < workers_.size(); ++shard)
        workers_.post(shard, [this, checkpoint](IndexingShard& own) {
            if (own.index == 0) own.writer.store_input_records(records_covered_by_every_shard(checkpoint));
            own.writer.commit();
            committed_[own.index].store(checkpoint, std::memory_order_release);
        });
}

InputRecords ShardedWriter::records_covered_by_every_shard(std::uint64_t checkpoint) {
    // Shard 0 runs its jobs in order, so its own documents of `checkpoint` and every one
    // before are in the commit that follows; the other shards say how far they have committed.
    std::uint64_t covered = checkpoint;
    for (std::size_t shard = 1; shard < committed_.size(); ++shard)
        covered = std::min(covered, committed_[shard].load(std::memory_order_acquire));
    InputRecords records;
    const std::lock_guard lock(awaiting_mutex_);
    while (!awaiting_.empty() && awaiting_.front().first <= covered) {
        for (auto& [key, state] : awaiting_.front().second) records[key] = std::move(state);
        awaiting_.pop_front();
    }
    return records;
}

WriteCounts ShardedWriter::finish() {
    // The run's end waits for every shard, and shard 0 commits last, with every record left.
    const std::uint64_t last = queue_pending_records();
    update_story_clusters(workers_);
    const std::string last_update = utc_now_iso();
    const auto end_run = [&](IndexingShard& own) {
        own.writer.sync_spelling();
        own.writer.set_last_update(last_update);
        own.writer.commit();
        own.writer.flush_to_disk();
        committed_[own.index].store(last, std::memory_order_release);
    };
    workers_.run_on_all([&](IndexingShard& own) {
        if (own.index != 0) end_run(own);
    });
    workers_.run_on_all([&](IndexingShard& own) {
        if (own.index != 0) return;
        own.writer.store_input_records(records_covered_by_every_shard(last));
        end_run(own);
    });
    std::vector<WriteCounts> per_shard(workers_.size());
    workers_.run_on_all([&](IndexingShard& own) { per_shard[own.index] = own.writer.counts(); });
    WriteCounts total;
    for (const auto& counts : per_shard) total += counts;
    return total;
}

}  // namespace dateline::index

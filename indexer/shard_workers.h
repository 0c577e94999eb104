// One thread per shard: each owns its shard's writer and document builder and runs the jobs
// posted to it in order, so that shards are built in parallel and no Xapian object is ever
// used by two threads at once.
#pragma once

#include "document_builder.h"
#include "index_writer.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dateline::index {

/// What a shard's thread owns.
struct IndexingShard {
    IndexingShard(const std::filesystem::path& path, ShardIdentity identity, std::size_t batch_size)
        : index(identity.index), writer(path, identity, batch_size) {}

    unsigned index;
    IndexWriter writer;
    DocumentBuilder builder;
};

class ShardWorkers {
public:
    using Job = std::function<void(IndexingShard&)>;

    /// Starts one thread per shard. At most `queue_limit` jobs wait per shard: post() blocks
    /// beyond that, which bounds the memory of documents read but not yet written.
    ShardWorkers(std::vector<std::unique_ptr<IndexingShard>> shards, std::size_t queue_limit);
    /// Stops the threads; jobs not yet run are dropped.
    ~ShardWorkers();
    ShardWorkers(const ShardWorkers&) = delete;
    ShardWorkers& operator=(const ShardWorkers&) = delete;

    std::size_t size() const { return lanes_.size(); }

    /// Queues `job` for shard `shard`. Once a job has failed, later jobs are not run and
    /// post() and run_on_all() rethrow that job's exception.
    void post(std::size_t shard, Job job);
    /// Runs `job` on every shard after the jobs queued before it, and returns when all are done.
    void run_on_all(const Job& job);

private:
    // Counts the shards that have reached a run_on_all() job.
    struct Barrier {
        std::size_t arrived = 0;
        std::condition_variable done;
    };
    struct Queued {
        Job job;
        std::shared_ptr<Barrier> barrier;  // set for run_on_all() jobs
    };
    struct Lane {
        std::unique_ptr<IndexingShard> shard;
        std::deque<Queued> queue;
        std::condition_variable ready;  // a job was queued, or stopping
        std::condition_variable space;  // a job was taken, or a job failed
        std::jthread thread;
    };

    void enqueue(std::unique_lock<std::mutex>& lock, Lane& lane, Queued queued);
    void run_lane(Lane& lane);
    void rethrow_failure() const;  // with mutex_ held

    std::size_t queue_limit_;
    std::mutex mutex_;  // guards every queue, stopping_ and failure_
    bool stopping_ = false;
    std::exception_ptr failure_;
    std::vector<std::unique_ptr<Lane>> lanes_;
};

}  // namespace dateline::index

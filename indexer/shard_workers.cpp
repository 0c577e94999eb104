#include "shard_workers.h"

namespace dateline::index {

ShardWorkers::ShardWorkers(std::vector<std::unique_ptr<IndexingShard>> shards, std::size_t queue_limit)
    : queue_limit_(queue_limit == 0 ? 1 : queue_limit) {
    for (auto& shard : shards) {
        lanes_.push_back(std::make_unique<Lane>());
        lanes_.back()->shard = std::move(shard);
    }
    // Started only once every lane exists: a thread touches nothing but its own lane.
    for (auto& lane : lanes_) lane->thread = std::jthread([this, &own = *lane] { run_lane(own); });
}

ShardWorkers::~ShardWorkers() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    for (auto& lane : lanes_) lane->ready.notify_all();
    for (auto& lane : lanes_) lane->thread.join();
}

void ShardWorkers::rethrow_failure() const {
    if (failure_) std::rethrow_exception(failure_);
}

void ShardWorkers::enqueue(std::unique_lock<std::mutex>& lock, Lane& lane, Queued queued) {
    lane.space.wait(lock, [&] { return failure_ || lane.queue.size() < queue_limit_; });
    rethrow_failure();
    lane.queue.push_back(std::move(queued));
    lane.ready.notify_one();
}

void ShardWorkers::post(std::size_t shard, Job job) {
    std::unique_lock lock(mutex_);
    enqueue(lock, *lanes_.at(shard), {std::move(job), nullptr});
}

void ShardWorkers::run_on_all(const Job& job) {
    const auto barrier = std::make_shared<Barrier>();
    std::unique_lock lock(mutex_);
    for (auto& lane : lanes_) enqueue(lock, *lane, {job, barrier});
    barrier->done.wait(lock, [&] { return barrier->arrived == lanes_.size(); });
    rethrow_failure();
}

void ShardWorkers::run_lane(Lane& lane) {
    std::unique_lock lock(mutex_);
    while (true) {
        lane.ready.wait(lock, [&] { return stopping_ || !lane.queue.empty(); });
        if (stopping_) return;
        Queued queued = std::move(lane.queue.front());
        lane.queue.pop_front();
        lane.space.notify_one();
        // After a failure the run is over: the jobs left only drain, so that nobody waits forever.
        if (!failure_) {
            lock.unlock();
            try {
                queued.job(*lane.shard);
                lock.lock();
            } catch (...) {
                lock.lock();
                if (!failure_) failure_ = std::current_exception();
                for (auto& other : lanes_) other->space.notify_all();
            }
        }
        if (queued.barrier && ++queued.barrier->arrived == lanes_.size()) queued.barrier->done.notify_all();
    }
}

}  // namespace dateline::index

#include "http/io_context_pool.h"

#include <algorithm>
#include <thread>

namespace dateline::http {

IoContextPool::IoContextPool(unsigned threads) {
    for (unsigned i = 0; i < std::max(1u, threads); ++i) {
        // Concurrency hint 1: each context is run by one thread, so Asio may skip its locking.
        contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
        keep_running_.push_back(boost::asio::make_work_guard(*contexts_.back()));
    }
}

boost::asio::io_context& IoContextPool::next() {
    return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void IoContextPool::run() {
    std::vector<std::jthread> others;
    for (std::size_t i = 1; i < contexts_.size(); ++i) others.emplace_back([&context = *contexts_[i]] { context.run(); });
    contexts_.front()->run();
}

void IoContextPool::stop() {
    for (auto& guard : keep_running_) guard.reset();
    for (auto& context : contexts_) context->stop();
}

}  // namespace dateline::http

// One io_context per thread, so that each connection stays on one thread.
//
// Why not one io_context run by every thread: a connection's successive requests then hop
// between threads, and so between cores, each request finding the caches of the core it
// lands on cold. With one connection on this 2-core machine that cost a quarter of the
// throughput (scripts/bench/RESULTS.md); a connection pinned to a thread costs nothing.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace dateline::http {

class IoContextPool {
public:
    /// `threads` contexts (at least one), each to be run by one thread.
    explicit IoContextPool(unsigned threads);
    IoContextPool(const IoContextPool&) = delete;
    IoContextPool& operator=(const IoContextPool&) = delete;

    /// The context of the listener, signals and timers (run by the thread that calls run()).
    boost::asio::io_context& first() { return *contexts_.front(); }
    /// The context for a new connection, in turn.
    boost::asio::io_context& next();
    std::size_t size() const { return contexts_.size(); }

    /// Runs every context, each on its own thread (the calling thread runs first()), until
    /// stop(); returns once every thread has finished.
    void run();
    /// Makes run() return: contexts stop once their current handlers return.
    void stop();

private:
    using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<WorkGuard> keep_running_;  // a context without work would return from run() at once
    std::atomic<std::size_t> next_{0};
};

}  // namespace dateline::http

// What the server has done since it started, for GET /metrics (Prometheus text format).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace dateline::http {

/// The index figures /metrics reports next to the server's own.
struct IndexGauges {
    std::uint64_t documents = 0;
    std::string revision;  // shard revisions joined by '.', as /api/health reports them
};

/// The rate limiter's figures, when one is on.
struct RateLimitGauges {
    std::uint64_t rejected = 0;  // requests answered 429
    std::size_t clients = 0;     // client addresses remembered
};

/// Counters and gauges updated by every connection thread: lock-free, relaxed atomics (a
/// scrape needs each figure to be right, not a consistent cut across them).
class Metrics {
public:
    /// Upper bounds (seconds) of the latency histogram's buckets, as Prometheus client
    /// libraries default them.
    static constexpr std::array<double, 11> kLatencyBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                               0.1,   0.25,   0.5,   1.0,  2.5};

    /// One answered request: its status and the time from its last byte read to its last
    /// byte written.
    void record_request(unsigned status, std::chrono::steady_clock::duration latency) noexcept;
    void connection_opened() noexcept { open_connections_.fetch_add(1, std::memory_order_relaxed); }
    void connection_closed() noexcept { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
    /// A connection closed at once because max_connections were open.
    void connection_refused() noexcept { refused_connections_.fetch_add(1, std::memory_order_relaxed); }
    void request_started() noexcept { in_flight_.fetch_add(1, std::memory_order_relaxed); }
    void request_finished() noexcept { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

    std::size_t open_connections() const noexcept { return open_connections_.load(std::memory_order_relaxed); }
    std::size_t requests_in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }
    /// Requests answered with `status` so far.
    std::uint64_t requests_with_status(unsigned status) const noexcept;

    /// The exposition text (format 0.0.4): requests by status, the latency histogram,
    /// connections, the index gauges, the rate limiter's, if any, and the process's resident memory.
    std::string render(const IndexGauges& index, const std::optional<RateLimitGauges>& rate_limit = std::nullopt) const;

private:
    static constexpr unsigned kFirstStatus = 100;
    static constexpr unsigned kLastStatus = 599;

    std::array<std::atomic<std::uint64_t>, kLastStatus - kFirstStatus + 1> by_status_{};
    // Per bucket, not cumulative; the last one counts requests slower than every bound.
    // The request count is their sum, so a scrape's histogram always adds up.
    std::array<std::atomic<std::uint64_t>, kLatencyBuckets.size() + 1> latency_buckets_{};
    std::atomic<std::uint64_t> latency_sum_ns_{0};
    std::atomic<std::size_t> open_connections_{0};
    std::atomic<std::uint64_t> refused_connections_{0};
    std::atomic<std::size_t> in_flight_{0};
};

}  // namespace dateline::http

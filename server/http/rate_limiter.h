// A token bucket per client address, with a bounded number of addresses remembered.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dateline::http {

struct RateLimit {
    double per_second = 0;       // tokens added a second; 0: no limit
    double burst = 0;            // bucket size: requests a client that was idle may send at once
    std::size_t max_clients = 65536;  // addresses remembered; beyond, the least recently seen is forgotten
};

/// Decides, per client address, whether a request may be served now. Thread-safe. A client
/// the limiter forgot (least recently seen, once `max_clients` are remembered) starts again
/// with a full bucket, as it would after a pause long enough to refill it: memory stays
/// bounded at the cost of letting a client that rotates through more addresses than that in
/// less than burst/per_second seconds have a little more than its share.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    /// `limit.per_second` and `limit.burst` must be positive, `max_clients` at least 1.
    explicit RateLimiter(RateLimit limit);

    struct Decision {
        bool admitted = true;
        std::chrono::seconds retry_after{0};  // when not admitted: whole seconds until a token, at least 1
    };
    /// Takes a token from `client`'s bucket if it holds one.
    Decision admit(std::string_view client, Clock::time_point now = Clock::now());

    std::uint64_t rejected() const;
    std::size_t clients() const;
    const RateLimit& limit() const { return limit_; }

private:
    struct Bucket {
        std::string client;
        double tokens;
        Clock::time_point updated;
    };

    const RateLimit limit_;
    mutable std::mutex mutex_;
    std::list<Bucket> recent_;  // most recently seen first
    std::unordered_map<std::string_view, std::list<Bucket>::iterator> by_client_;  // keys view into recent_
    std::uint64_t rejected_ = 0;
};

}  // namespace dateline::http

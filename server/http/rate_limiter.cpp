#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dateline::http {

RateLimiter::RateLimiter(RateLimit limit) : limit_(limit) {
    if (!(limit_.per_second > 0) || !(limit_.burst >= 1) || limit_.max_clients < 1)
        throw std::invalid_argument("rate limit: the rate must be positive, the burst and the client count at least 1");
    by_client_.reserve(std::min<std::size_t>(limit_.max_clients, 4096));
}

RateLimiter::Decision RateLimiter::admit(std::string_view client, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    auto found = by_client_.find(client);
    if (found == by_client_.end()) {
        if (recent_.size() >= limit_.max_clients) {
            by_client_.erase(recent_.back().client);
            recent_.pop_back();
        }
        recent_.push_front({std::string(client), limit_.burst, now});
        found = by_client_.emplace(recent_.front().client, recent_.begin()).first;
    } else {
        recent_.splice(recent_.begin(), recent_, found->second);
    }
    Bucket& bucket = *found->second;
    const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
    if (elapsed > 0) {
        bucket.tokens = std::min(limit_.burst, bucket.tokens + elapsed * limit_.per_second);
        bucket.updated = now;
    }
    if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return {};
    }
    ++rejected_;
    const double wait = (1 - bucket.tokens) / limit_.per_second;
    return {false, std::chrono::seconds(std::max<long long>(1, static_cast<long long>(std::ceil(wait))))};
}

std::uint64_t RateLimiter::rejected() const {
    const std::lock_guard lock(mutex_);
    return rejected_;
}

std::size_t RateLimiter::clients() const {
    const std::lock_guard lock(mutex_);
    return recent_.size();
}

}  // namespace dateline::http

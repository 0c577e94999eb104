#include "latency_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dateline::bench {
namespace {

double nearest_rank(const std::vector<double>& sorted, double percentile) {
    const auto rank = static_cast<std::size_t>(std::ceil(percentile / 100.0 * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

}  // namespace

LatencySummary summarize(std::vector<double> samples_ms) {
    LatencySummary summary;
    if (samples_ms.empty()) return summary;
    std::sort(samples_ms.begin(), samples_ms.end());
    summary.count = samples_ms.size();
    summary.mean_ms = std::accumulate(samples_ms.begin(), samples_ms.end(), 0.0) / static_cast<double>(samples_ms.size());
    summary.p50_ms = nearest_rank(samples_ms, 50);
    summary.p95_ms = nearest_rank(samples_ms, 95);
    summary.p99_ms = nearest_rank(samples_ms, 99);
    summary.max_ms = samples_ms.back();
    return summary;
}

}  // namespace dateline::bench

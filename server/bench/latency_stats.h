// Latency samples and their percentiles, for the benchmark programs.
#pragma once

#include <cstddef>
#include <vector>

namespace dateline::bench {

struct LatencySummary {
    std::size_t count = 0;
    double mean_ms = 0;
    double p50_ms = 0;
    double p95_ms = 0;
    double p99_ms = 0;
    double max_ms = 0;
};

/// Nearest-rank percentiles of `samples_ms` (all zero when empty).
LatencySummary summarize(std::vector<double> samples_ms);

}  // namespace dateline::bench

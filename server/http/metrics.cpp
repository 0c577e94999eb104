#include "http/metrics.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace dateline::http {
namespace {

// Resident set size from /proc/self/statm (pages), or 0 where it cannot be read.
std::uint64_t resident_memory_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size_pages = 0, resident_pages = 0;
    if (!(statm >> size_pages >> resident_pages)) return 0;
    return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

void describe(std::ostringstream& out, const char* name, const char* type, const char* help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

void Metrics::record_request(unsigned status, std::chrono::steady_clock::duration latency) noexcept {
    if (status >= kFirstStatus && status <= kLastStatus)
        by_status_[status - kFirstStatus].fetch_add(1, std::memory_order_relaxed);
    const double seconds = std::chrono::duration<double>(latency).count();
    const auto bucket = std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) - kLatencyBuckets.begin();
    latency_buckets_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    const auto nanoseconds = std::chrono::duration_cast<std::chrono::nanoseconds>(latency).count();
    latency_sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(nanoseconds, 0)), std::memory_order_relaxed);
}

std::uint64_t Metrics::requests_with_status(unsigned status) const noexcept {
    if (status < kFirstStatus || status > kLastStatus) return 0;
    return by_status_[status - kFirstStatus].load(std::memory_order_relaxed);
}

std::string Metrics::render(const IndexGauges& index, const std::optional<RateLimitGauges>& rate_limit) const {
    std::ostringstream out;
    out.precision(9);

    describe(out, "dateline_http_requests_total", "counter", "HTTP requests answered, by status code.");
    for (unsigned status = kFirstStatus; status <= kLastStatus; ++status)
        if (const auto n = requests_with_status(status))
            out << "dateline_http_requests_total{code=\"" << status << "\"} " << n << '\n';

    describe(out, "dateline_http_request_duration_seconds", "histogram",
             "Time from a request's last byte read to its response's last byte written.");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += latency_buckets_[i].load(std::memory_order_relaxed);
        out << "dateline_http_request_duration_seconds_bucket{le=\"" << kLatencyBuckets[i] << "\"} " << cumulative << '\n';
    }
    cumulative += latency_buckets_.back().load(std::memory_order_relaxed);
    out << "dateline_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << '\n'
        << "dateline_http_request_duration_seconds_sum "
        << static_cast<double>(latency_sum_ns_.load(std::memory_order_relaxed)) / 1e9 << '\n'
        << "dateline_http_request_duration_seconds_count " << cumulative << '\n';

    describe(out, "dateline_http_connections", "gauge", "Connections open now.");
    out << "dateline_http_connections " << open_connections() << '\n';
    describe(out, "dateline_http_connections_refused_total", "counter",
             "Connections closed at once because the maximum were open.");
    out << "dateline_http_connections_refused_total " << refused_connections_.load(std::memory_order_relaxed) << '\n';
    describe(out, "dateline_http_requests_in_flight", "gauge", "Requests read whose response is not yet written.");
    out << "dateline_http_requests_in_flight " << requests_in_flight() << '\n';

    if (rate_limit) {
        describe(out, "dateline_http_rate_limited_total", "counter", "Requests refused (429) by the rate limit.");
        out << "dateline_http_rate_limited_total " << rate_limit->rejected << '\n';
        describe(out, "dateline_http_rate_limit_clients", "gauge", "Client addresses the rate limiter remembers.");
        out << "dateline_http_rate_limit_clients " << rate_limit->clients << '\n';
    }

    describe(out, "dateline_index_documents", "gauge", "Documents in the index snapshot being served.");
    out << "dateline_index_documents " << index.documents << '\n';
    describe(out, "dateline_index_revision", "gauge", "Xapian revision of each shard of the snapshot being served.");
    std::istringstream revisions(index.revision);
    std::size_t shard = 0;
    for (std::string revision; std::getline(revisions, revision, '.'); ++shard) {
        const bool numeric = !revision.empty() && revision.find_first_not_of("0123456789") == std::string::npos;
        if (numeric) out << "dateline_index_revision{shard=\"" << shard << "\"} " << revision << '\n';
    }

    describe(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out << "process_resident_memory_bytes " << resident_memory_bytes() << '\n';
    return out.str();
}

}  // namespace dateline::http

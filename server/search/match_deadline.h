// When a search's match must stop, and how Xapian's own match is stopped there: Dateline
// reads the clock itself rather than Enquire::set_time_limit (why: DESIGN.md, "The custom
// matcher").
#pragma once

#include "search/facet_counter.h"

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace dateline::search {

using Deadline = std::chrono::steady_clock::time_point;

/// The clock is read once per this many matches: often enough to stop within a millisecond,
/// rarely enough to cost nothing (a read of ~25 ns per ~8 us of walking).
inline constexpr std::uint64_t kClockEvery = 256;

/// `limit` from now; none for a zero limit, which means no limit.
inline std::optional<Deadline> deadline_after(std::chrono::microseconds limit) {
    if (limit.count() <= 0) return std::nullopt;
    return std::chrono::steady_clock::now() + limit;
}

/// Whether a match that has now seen `seen` documents is past `deadline` (none: never). Reads
/// the clock at every kClockEvery-th document only.
inline bool past_deadline(std::uint64_t seen, const std::optional<Deadline>& deadline) {
    return deadline && seen % kClockEvery == 0 && std::chrono::steady_clock::now() > *deadline;
}

/// Feeds every document matching `query` in `db` to `spies`, in their order, or those met
/// before `deadline`. All the spies see the same documents. When the deadline ends the match,
/// the result is partial with Xapian's estimate of the matches (at least those seen).
/// `db` must be local: a remote shard's match runs on its server, which no local clock stops.
MatchCompleteness spy_on_matches(const Xapian::Database& db, const Xapian::Query& query,
                                 const std::vector<Xapian::MatchSpy*>& spies, std::optional<Deadline> deadline);

}  // namespace dateline::search

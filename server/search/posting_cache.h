// Posting lists of frequent terms, read from Xapian once per snapshot and kept decoded; a
// synonym as one merged list. Only lists of at least `min_postings` are kept, and no more
// than `max_bytes` of them (why and what it saves: DESIGN.md, "The posting cache").
#pragma once

#include <xapian.h>

#include <cstddef>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace dateline::search {

struct CachedPosting {
    Xapian::docid docid;
    Xapian::termcount wdf;
};
using CachedPostingList = std::vector<CachedPosting>;

/// dateline-serve's --posting-cache-mb by default.
constexpr std::size_t kDefaultPostingCacheMb = 256;

struct PostingCacheLimits {
    Xapian::doccount min_postings = 4096;  // in one shard
    std::size_t max_bytes = kDefaultPostingCacheMb << 20;  // 0: keep nothing

    static PostingCacheLimits of_megabytes(std::size_t megabytes) { return {.max_bytes = megabytes << 20}; }
};

/// Thread-safe; belongs to one snapshot, so its lists never go stale.
class PostingCache {
public:
    explicit PostingCache(PostingCacheLimits limits = {}) : limits_(limits) {}

    /// The postings of `terms` in shard `shard` as one list: each document holding any of
    /// them, with the sum of their wdfs, as Xapian's OP_SYNONYM sums them (one term: its own
    /// list). Read through `db` (that shard's handle, at the snapshot's revision) the first
    /// time. `postings`: how many documents of the shard hold each term, summed, which bounds
    /// the list. Null when that is below the limit or would not fit in what is left.
    [[nodiscard]] std::shared_ptr<const CachedPostingList> find_or_read(std::size_t shard, const Xapian::Database& db,
                                                                      std::vector<std::string> terms,
                                                                      Xapian::doccount postings) const;

    /// Bytes of the lists kept.
    [[nodiscard]] std::size_t bytes() const;

private:
    using ListPtr = std::shared_ptr<const CachedPostingList>;
    /// A list kept, or being read by another thread.
    using PendingList = std::shared_future<ListPtr>;

    /// The list once read; null if its read failed.
    static ListPtr wait_for(const PendingList& pending);

    PostingCacheLimits limits_;
    mutable std::mutex mutex_;
    // By shard and the terms, sorted: a synonym's terms in any order are one list.
    mutable std::map<std::pair<std::size_t, std::vector<std::string>>, PendingList> lists_;
    mutable std::size_t bytes_ = 0;  // of lists_, and of reads under way (reserved)
};

}  // namespace dateline::search

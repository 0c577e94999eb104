#include "search/posting_cache.h"

namespace dateline::search {

std::shared_ptr<const CachedPostingList> PostingCache::find_or_read(std::size_t shard, const Xapian::Database& db,
                                                                    const std::string& term,
                                                                    Xapian::doccount postings) const {
    if (postings < limits_.min_postings) return nullptr;
    const std::size_t size = std::size_t{postings} * sizeof(CachedPosting);
    auto key = std::make_pair(shard, term);
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = lists_.find(key); it != lists_.end()) return it->second;
        if (size > limits_.max_bytes - std::min(bytes_, limits_.max_bytes)) return nullptr;
        bytes_ += size;  // reserved while this thread reads, so that readers at once cannot overrun
    }
    // Read outside the lock: another thread may read the same list meanwhile, and the
    // first to finish keeps its copy.
    auto list = std::make_shared<CachedPostingList>();
    try {
        list->reserve(postings);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) list->push_back({*it, it.get_wdf()});
    } catch (...) {
        const std::lock_guard lock(mutex_);
        bytes_ -= size;
        throw;
    }
    const std::lock_guard lock(mutex_);
    const auto [it, inserted] = lists_.emplace(std::move(key), std::move(list));
    if (!inserted) bytes_ -= size;
    return it->second;
}

std::size_t PostingCache::bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace dateline::search

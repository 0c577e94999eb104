#include "search/posting_cache.h"

#include <algorithm>

namespace dateline::search {

namespace {

CachedPostingList read_list(const Xapian::Database& db, const std::string& term) {
    CachedPostingList list;
    list.reserve(db.get_termfreq(term));
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) list.push_back({*it, it.get_wdf()});
    return list;
}

// The postings of either list, in docid order; a document in both has the sum of the wdfs.
CachedPostingList merge(const CachedPostingList& a, const CachedPostingList& b) {
    CachedPostingList out;
    out.reserve(a.size() + b.size());
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (i->docid < j->docid) out.push_back(*i++);
        else if (j->docid < i->docid) out.push_back(*j++);
        else out.push_back({i->docid, (i++)->wdf + (j++)->wdf});
    }
    out.insert(out.end(), i, a.end());
    out.insert(out.end(), j, b.end());
    return out;
}

// The union of `terms`' lists; `terms` is not empty.
CachedPostingList read_union(const Xapian::Database& db, const std::vector<std::string>& terms) {
    CachedPostingList list = read_list(db, terms.front());
    for (std::size_t i = 1; i < terms.size(); ++i) list = merge(list, read_list(db, terms[i]));
    return list;
}

}  // namespace

std::shared_ptr<const CachedPostingList> PostingCache::find_or_read(std::size_t shard, const Xapian::Database& db,
                                                                    std::vector<std::string> terms,
                                                                    Xapian::doccount postings) const {
    if (postings < limits_.min_postings || terms.empty()) return nullptr;
    const std::size_t bound = std::size_t{postings} * sizeof(CachedPosting);
    std::sort(terms.begin(), terms.end());
    auto key = std::make_pair(shard, std::move(terms));
    std::promise<ListPtr> reading;
    {
        std::unique_lock lock(mutex_);
        if (const auto it = lists_.find(key); it != lists_.end()) {
            const PendingList pending = it->second;
            lock.unlock();
            return wait_for(pending);
        }
        if (bound > limits_.max_bytes - std::min(bytes_, limits_.max_bytes)) return nullptr;
        bytes_ += bound;  // reserved while this thread reads, so that readers at once cannot overrun
        lists_.emplace(key, reading.get_future().share());
    }
    // Read outside the lock. A thread asking for the same list meanwhile waits for this read
    // rather than doing it again: the two halves of a split walk ask for the same lists at
    // once, first thing on a new revision.
    std::shared_ptr<CachedPostingList> list;
    try {
        list = std::make_shared<CachedPostingList>(read_union(db, key.second));
        list->shrink_to_fit();  // documents holding several of the terms are one posting
    } catch (...) {
        {
            const std::lock_guard lock(mutex_);
            bytes_ -= bound;
            lists_.erase(key);
        }
        reading.set_exception(std::current_exception());
        throw;
    }
    const std::size_t size = list->capacity() * sizeof(CachedPosting);
    {
        const std::lock_guard lock(mutex_);
        bytes_ -= bound - std::min(size, bound);
    }
    reading.set_value(list);
    return list;
}

PostingCache::ListPtr PostingCache::wait_for(const PendingList& pending) {
    try {
        return pending.get();
    } catch (...) {
        // That read failed: this caller reads through Xapian itself, and meets its own error if any.
        return nullptr;
    }
}

std::size_t PostingCache::bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace dateline::search

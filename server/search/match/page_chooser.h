// Chooses the page of a walk: the best documents offered, in the page order.
#pragma once

#include "search/facet_store.h"
#include "search/match/posting_match.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace dateline::search::match {

// A document's place in the page order: by day (for date orders), then weight, then docid.
struct Ranked {
    std::int64_t day_rank;  // larger first; 0 for relevance, lowest for undated
    double weight;
    Xapian::docid id;
};

// Whether `a` comes before `b` in the page order: a function object rather than a function,
// so that the heap's comparisons inline (a function pointer is called for each one).
struct PageOrderBefore {
    bool operator()(const Ranked& a, const Ranked& b) const {
        if (a.day_rank != b.day_rank) return a.day_rank > b.day_rank;
        if (a.weight != b.weight) return a.weight > b.weight;
        return a.id < b.id;
    }
};
constexpr PageOrderBefore before;

inline std::int64_t day_rank(PageOrder order, std::int32_t day) {
    if (order == PageOrder::relevance) return 0;
    if (day == FacetStore::kUndated) return std::numeric_limits<std::int64_t>::min();
    return order == PageOrder::newest ? day : -static_cast<std::int64_t>(day);
}

// The best `capacity` documents offered, kept in a heap whose top is the worst of them.
class PageChooser {
public:
    explicit PageChooser(std::size_t capacity) : capacity_(capacity) {}
    bool wants_any() const { return capacity_ > 0; }
    void offer(const Ranked& candidate) {
        if (heap_.size() < capacity_) {
            heap_.push_back(candidate);
            std::push_heap(heap_.begin(), heap_.end(), before);
        } else if (before(candidate, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), before);
            heap_.back() = candidate;
            std::push_heap(heap_.begin(), heap_.end(), before);
        }
    }
    /// Offers everything `other` kept.
    void absorb(const PageChooser& other) {
        for (const Ranked& candidate : other.heap_) offer(candidate);
    }
    /// Places [first, ...) of what was kept, in order.
    std::vector<PageDocument> page_from(std::size_t first) {
        std::sort_heap(heap_.begin(), heap_.end(), before);
        std::vector<PageDocument> page;
        for (std::size_t i = first; i < heap_.size(); ++i) page.push_back({heap_[i].id, heap_[i].weight});
        return page;
    }

private:
    std::size_t capacity_;
    std::vector<Ranked> heap_;
};

}  // namespace dateline::search::match

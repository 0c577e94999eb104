#include "search/facet_lists.h"

#include "core/date.h"

#include <cstdint>
#include <limits>

namespace dateline::search {
namespace {

DateGranularity granularity_for(std::int32_t first, std::int32_t last) {
    const std::int32_t span = last - first;
    if (span <= 62) return DateGranularity::day;
    if (span <= 366 * 5) return DateGranularity::month;
    return DateGranularity::year;
}

PartialDate bucket_of(std::int32_t day, DateGranularity granularity) {
    PartialDate date = date_from_days(day);
    if (granularity != DateGranularity::day) date.day = 0;
    if (granularity == DateGranularity::year) date.month = 0;
    return date;
}

}  // namespace

// Buckets are chronological. Counts ignore the date filter (as every facet ignores its
// own), but a selected range zooms the histogram: only its buckets are listed, at the
// granularity that fits its span.
FacetCounts date_histogram(const FacetCounter& counter, const FacetStore& store, const SearchRequest& request,
                           DateGranularity& granularity) {
    FacetCounts facet;
    const auto& days = counter.day_counts();
    std::int32_t first = -1, last = -1;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i] == 0) continue;
        if (first < 0) first = static_cast<std::int32_t>(i);
        last = static_cast<std::int32_t>(i);
    }
    // Without a dated match there is nothing to zoom into, and store.first_day() may be
    // kUndated (an index without dates), which no day can be subtracted from.
    if (first >= 0 && request.from) first = std::max(first, days_since_epoch(*request.from) - store.first_day());
    if (first >= 0 && request.to) last = std::min(last, days_since_epoch(*request.to) - store.first_day());
    granularity = first < 0 || last < first ? DateGranularity::month : granularity_for(first, last);
    // Days on and after `next_bucket` start another bucket: a day's date is worked out only
    // for the first day of each bucket (thousands of days, a few hundred buckets at most).
    std::int32_t next_bucket = std::numeric_limits<std::int32_t>::min();
    for (std::int32_t i = std::max(first, 0); first >= 0 && i <= last; ++i) {
        if (days[static_cast<std::size_t>(i)] == 0) continue;
        if (store.first_day() + i >= next_bucket) {
            const PartialDate bucket = bucket_of(store.first_day() + i, granularity);
            next_bucket = days_since_epoch(last_day(bucket)) + 1;
            FacetValueCount value;
            value.value = bucket.to_iso();
            value.selected = request.from || request.to;
            facet.values.push_back(std::move(value));
        }
        facet.values.back().count += days[static_cast<std::size_t>(i)];
    }
    if (counter.undated_count() > 0 || request.undated) {
        FacetValueCount undated;
        undated.value = "undated";
        undated.count = counter.undated_count();
        undated.selected = request.undated;
        facet.values.push_back(std::move(undated));
    }
    facet.distinct = static_cast<std::size_t>(std::count_if(facet.values.begin(), facet.values.end(),
                                                            [](const auto& v) { return v.count > 0; }));
    return facet;
}

}  // namespace dateline::search

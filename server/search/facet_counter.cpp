#include "search/facet_counter.h"

namespace dateline::search {

FacetCounter::FacetCounter(const FacetStore& store, const FacetSelection& selection)
    : store_(store),
      selection_(selection),
      speaker_counts_(store.speaker_dictionary().size(), 0),
      country_counts_(store.country_dictionary().size(), 0),
      day_counts_(store.first_day() == FacetStore::kUndated ? 0 : store.last_day() - store.first_day() + 1, 0) {}

void FacetCounter::add_day(std::int32_t day, std::uint32_t documents) {
    if (day == FacetStore::kUndated) undated_count_ += documents;
    else day_counts_.at(static_cast<std::size_t>(day - store_.first_day())) += documents;
}

void FacetCounter::merge(const FacetCounter& other) {
    const auto add = [](std::vector<std::uint32_t>& into, const std::vector<std::uint32_t>& from) {
        for (std::size_t i = 0; i < into.size(); ++i) into[i] += from[i];
    };
    total_ += other.total_;
    add(speaker_counts_, other.speaker_counts_);
    add(country_counts_, other.country_counts_);
    add(day_counts_, other.day_counts_);
    undated_count_ += other.undated_count_;
}

}  // namespace dateline::search

#include "search/facet_counter.h"

#include <algorithm>

namespace dateline::search {

FacetCounter::FacetCounter(const FacetStore& store, const FacetSelection& selection)
    : store_(store),
      selection_(selection),
      speaker_counts_(store.speaker_dictionary().size(), 0),
      country_counts_(store.country_dictionary().size(), 0),
      day_counts_(store.first_day() == FacetStore::kUndated ? 0 : store.last_day() - store.first_day() + 1, 0) {}

bool FacetCounter::any_of(std::span<const Ordinal> values, const std::vector<Ordinal>& wanted) {
    for (const Ordinal value : values)
        if (std::find(wanted.begin(), wanted.end(), value) != wanted.end()) return true;
    return false;
}

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

bool FacetCounter::count(Xapian::docid id) {
    const auto speakers = store_.speakers(id);
    const auto countries = store_.countries(id);
    const std::int32_t day = store_.day(id);

    const bool speaker_ok = !selection_.speaker_active || any_of(speakers, selection_.speakers);
    const bool country_ok = !selection_.country_active || any_of(countries, selection_.countries);
    bool date_ok = true;
    if (selection_.date_active) {
        date_ok = selection_.undated_only
                      ? day == FacetStore::kUndated
                      : day != FacetStore::kUndated && day >= selection_.first_day && day <= selection_.last_day;
    }

    const bool passes = speaker_ok && country_ok && date_ok;
    if (passes) ++total_;
    if (country_ok && date_ok)
        for (const Ordinal speaker : speakers) ++speaker_counts_[speaker];
    if (speaker_ok && date_ok)
        for (const Ordinal country : countries) ++country_counts_[country];
    if (speaker_ok && country_ok) add_day(day, 1);
    return passes;
}

}  // namespace dateline::search

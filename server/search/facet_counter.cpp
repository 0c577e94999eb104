#include "search/facet_counter.h"

#include <algorithm>

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
    story_matches_.insert(story_matches_.end(), other.story_matches_.begin(), other.story_matches_.end());
}

void FacetCounter::finish_stories() {
    std::sort(story_matches_.begin(), story_matches_.end(),
              [](const StoryMatch& a, const StoryMatch& b) { return a.story != b.story ? a.story < b.story : a.id < b.id; });
    std::uint64_t members_passing = 0, stories_passing = 0;
    // Distinct values within one story: a story has a handful of articles, so small vectors.
    std::vector<Ordinal> speakers, countries;
    std::vector<std::int32_t> days;
    const auto add_once = [](auto& seen, auto value, auto& counts, auto&& index) {
        if (std::find(seen.begin(), seen.end(), value) != seen.end()) return;
        seen.push_back(value);
        ++counts[index(value)];
    };
    for (std::size_t start = 0; start < story_matches_.size();) {
        std::size_t end = start;
        bool passing = false;
        speakers.clear();
        countries.clear();
        days.clear();
        for (; end < story_matches_.size() && story_matches_[end].story == story_matches_[start].story; ++end) {
            const StoryMatch& match = story_matches_[end];
            if (match.counts & StoryMatch::passes) {
                ++members_passing;
                passing = true;
            }
            if (!selection_.count_stories) continue;
            const auto identity = [](Ordinal o) { return o; };
            if (match.counts & StoryMatch::speakers)
                for (const Ordinal speaker : store_.speakers(match.id)) add_once(speakers, speaker, speaker_counts_, identity);
            if (match.counts & StoryMatch::countries)
                for (const Ordinal country : store_.countries(match.id)) add_once(countries, country, country_counts_, identity);
            if (match.counts & StoryMatch::day) {
                const std::int32_t day = store_.day(match.id);
                if (std::find(days.begin(), days.end(), day) == days.end()) {
                    days.push_back(day);
                    if (day == FacetStore::kUndated) ++undated_count_;
                    else ++day_counts_[static_cast<std::size_t>(day - store_.first_day())];
                }
            }
        }
        stories_passing += passing;
        start = end;
    }
    if (selection_.count_stories) {
        total_ += stories_passing;
        stories_ = total_;
    } else {
        stories_ = total_ - members_passing + stories_passing;
    }
}

}  // namespace dateline::search

// Counts the three facets over every match in one pass, disjunctively: each facet is
// counted over the matches that pass the *other* facets' filters.
#pragma once

#include "search/facet_filters.h"
#include "search/facet_store.h"

#include <xapian.h>

#include <cstdint>
#include <vector>

namespace dateline::search {

/// The facet filters of a request, resolved to ordinals and day numbers.
struct FacetSelection {
    bool speaker_active = false;
    std::vector<Ordinal> speakers;  // may contain FacetDictionary::kAbsent (matches nothing)
    bool country_active = false;
    std::vector<Ordinal> countries;
    bool date_active = false;
    bool undated_only = false;
    std::int32_t first_day = std::numeric_limits<std::int32_t>::min() + 1;  // inclusive
    std::int32_t last_day = std::numeric_limits<std::int32_t>::max();       // inclusive
    FacetFilters filters;  // the same filters as Xapian queries, for counting by match spies
    /// count=stories: a story of several articles counts once in the total and once for
    /// each facet value (and day) some of its counted articles have.
    bool count_stories = false;
};

/// A match that belongs to a story of several articles, with what it counts towards.
struct StoryMatch {
    enum : std::uint8_t { passes = 1, speakers = 2, countries = 4, day = 8 };
    Xapian::docid id;
    Ordinal story;
    std::uint8_t counts;
};

/// Whether a count saw every match. A match cut short by the time limit saw only some, and
/// has only Xapian's estimate of how many there are.
struct MatchCompleteness {
    bool partial = false;
    Xapian::doccount estimated = 0;
};

class FacetCounter {
public:
    FacetCounter(const FacetStore& store, const FacetSelection& selection);

    /// Counts one matching document; returns whether it passes every filter. Inline: every
    /// match of every query passes through here, and the walks' loops are its callers.
    bool count(Xapian::docid id) {
        const auto speakers = store_.speakers(id);
        const auto countries = store_.countries(id);
        const std::int32_t day = store_.day(id);

        const bool speaker_ok = !selection_.speaker_active || any_of(speakers, selection_.speakers);
        const bool country_ok = !selection_.country_active || any_of(countries, selection_.countries);
        const bool date_ok = !selection_.date_active || in_date_filter(day);

        const bool passes = speaker_ok && country_ok && date_ok;
        if (const Ordinal story = store_.story(id); story != FacetStore::kAlone) {
            // Few matches are of stories of several: they are kept, to collapse the page and
            // count stories once every match is known (finish_stories()).
            story_matches_.push_back({id, story,
                                      static_cast<std::uint8_t>((passes ? StoryMatch::passes : 0) |
                                                                (country_ok && date_ok ? StoryMatch::speakers : 0) |
                                                                (speaker_ok && date_ok ? StoryMatch::countries : 0) |
                                                                (speaker_ok && country_ok ? StoryMatch::day : 0))});
            if (selection_.count_stories) return passes;
        }
        total_ += passes;
        if (country_ok && date_ok)
            for (const Ordinal speaker : speakers) ++speaker_counts_[speaker];
        if (speaker_ok && date_ok)
            for (const Ordinal country : countries) ++country_counts_[country];
        if (speaker_ok && country_ok) {
            if (day == FacetStore::kUndated) ++undated_count_;
            else ++day_counts_[static_cast<std::size_t>(day - store_.first_day())];
        }
        return passes;
    }

    // Counts made elsewhere, by Xapian's match spies, under the same disjunctive rules.
    /// Adds matches passing every filter.
    void add_total(std::uint64_t documents) { total_ += documents; }
    /// Adds matches with `speaker` that pass the country and date filters.
    void add_speaker(Ordinal speaker, std::uint32_t documents) { speaker_counts_.at(speaker) += documents; }
    /// Adds matches with `country` that pass the speaker and date filters.
    void add_country(Ordinal country, std::uint32_t documents) { country_counts_.at(country) += documents; }
    /// Adds matches published on `day` (FacetStore::kUndated: undated) that pass the speaker
    /// and country filters. Throws std::out_of_range for a day outside the store's range.
    void add_day(std::int32_t day, std::uint32_t documents);

    /// Adds what `other` counted over other documents, under the same store and selection.
    void merge(const FacetCounter& other);

    /// Adds the stories of story_matches() to the counts when counting stories, and counts
    /// the stories among the matches passing every filter. Call once, after every merge().
    void finish_stories();
    /// The matches of stories of several articles, in no particular order.
    const std::vector<StoryMatch>& story_matches() const { return story_matches_; }
    /// Stories among the matches passing every filter (articles alone count one each);
    /// after finish_stories().
    std::uint64_t stories() const { return stories_; }

    const FacetSelection& selection() const { return selection_; }
    const FacetStore& store() const { return store_; }

    std::uint64_t total() const { return total_; }  // matches passing every filter
    const std::vector<std::uint32_t>& speaker_counts() const { return speaker_counts_; }
    const std::vector<std::uint32_t>& country_counts() const { return country_counts_; }
    /// Matches per publication day, indexed by day - store.first_day().
    const std::vector<std::uint32_t>& day_counts() const { return day_counts_; }
    std::uint32_t undated_count() const { return undated_count_; }

private:
    static bool any_of(std::span<const Ordinal> values, const std::vector<Ordinal>& wanted) {
        for (const Ordinal value : values)
            for (const Ordinal one : wanted)
                if (value == one) return true;
        return false;
    }
    bool in_date_filter(std::int32_t day) const {
        if (selection_.undated_only) return day == FacetStore::kUndated;
        return day != FacetStore::kUndated && day >= selection_.first_day && day <= selection_.last_day;
    }

    const FacetStore& store_;
    const FacetSelection& selection_;
    std::uint64_t total_ = 0;
    std::vector<std::uint32_t> speaker_counts_;
    std::vector<std::uint32_t> country_counts_;
    std::vector<std::uint32_t> day_counts_;
    std::uint32_t undated_count_ = 0;
    std::vector<StoryMatch> story_matches_;
    std::uint64_t stories_ = 0;
};

/// Feeds every match of a query to a FacetCounter during Xapian's match.
class FacetCountingSpy : public Xapian::MatchSpy {
public:
    explicit FacetCountingSpy(FacetCounter& counter) : counter_(counter) {}
    void operator()(const Xapian::Document& doc, double) override { counter_.count(doc.get_docid()); }

private:
    FacetCounter& counter_;
};

}  // namespace dateline::search

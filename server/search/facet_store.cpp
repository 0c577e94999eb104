#include "search/facet_store.h"

#include "core/schema.h"

#include <algorithm>

namespace dateline::search {
namespace {

// A key's label: the spelling most documents use; ties go to the alphabetically first, for stability.
template <typename Spellings>
const std::string* commonest_spelling(const Spellings& spellings) {
    const auto best = std::max_element(spellings.begin(), spellings.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second < b.second : a.first > b.first;
    });
    return best == spellings.end() ? nullptr : &best->first;
}

}  // namespace

Ordinal FacetDictionary::intern(std::string_view value) {
    const auto [it, inserted] = ordinals_.try_emplace(std::string(value), static_cast<Ordinal>(values_.size()));
    if (inserted) {
        values_.emplace_back(value);
        labels_.emplace_back(value);
    }
    return it->second;
}

Ordinal FacetDictionary::find(std::string_view value) const {
    const auto it = ordinals_.find(std::string(value));
    return it == ordinals_.end() ? kAbsent : it->second;
}

FacetStore FacetStore::build(const Xapian::Database& db) {
    FacetStore store;
    store.has_columns_ = true;
    const Xapian::docid last = db.get_lastdocid();
    store.present_.assign(last + 1, false);
    store.days_.assign(last + 1, kUndated);
    store.country_offsets_.assign(last + 2, 0);
    store.speaker_offsets_.assign(last + 2, 0);

    // Spelling counts per speaker key, to label each key with its most common spelling.
    std::vector<std::unordered_map<std::string, std::uint32_t>> spellings;
    // CSR offsets: offsets[d] is where docid d's values start. Invariant: offsets[0..written]
    // are final, so advancing to d closes every document before d.
    Xapian::docid written = 0;
    const auto advance_to = [&](Xapian::docid id) {
        while (written < id) {
            ++written;
            store.country_offsets_[written] = static_cast<std::uint32_t>(store.country_values_.size());
            store.speaker_offsets_[written] = static_cast<std::uint32_t>(store.speaker_values_.size());
        }
    };
    for (auto it = db.valuestream_begin(schema::kSlotFacets); it != db.valuestream_end(schema::kSlotFacets); ++it) {
        const Xapian::docid id = it.get_docid();
        if (id > last) break;
        advance_to(id);
        store.present_[id] = true;
        const schema::FacetValues facets = schema::decode_facets(*it);
        if (facets.date) {
            const std::int32_t day = days_since_epoch(*facets.date);
            store.days_[id] = day;
            store.first_day_ = store.first_day_ == kUndated ? day : std::min(store.first_day_, day);
            store.last_day_ = store.last_day_ == kUndated ? day : std::max(store.last_day_, day);
        }
        for (const auto& code : facets.countries) store.country_values_.push_back(store.countries_.intern(code));
        for (const auto& speaker : facets.speakers) {
            const Ordinal ordinal = store.speakers_.intern(speaker.key);
            store.speaker_values_.push_back(ordinal);
            if (spellings.size() <= ordinal) spellings.resize(ordinal + 1);
            ++spellings[ordinal][speaker.name];
        }
    }
    advance_to(last + 1);
    // The all-documents posting list carries each document's length, read in sequence.
    store.lengths_.assign(last + 1, 0);
    for (auto it = db.postlist_begin({}); it != db.postlist_end({}); ++it)
        if (*it <= last) store.lengths_[*it] = it.get_doclength();

    // Stories of several articles only: most articles are alone, and carry 'S'.
    store.stories_.assign(last + 1, kAlone);
    for (auto it = db.valuestream_begin(schema::kSlotCluster); it != db.valuestream_end(schema::kSlotCluster); ++it) {
        if (it.get_docid() > last) break;
        const schema::ClusterValue story = schema::parse_cluster_value(*it);
        if (story.role == schema::StoryRole::alone) continue;
        const auto [at, inserted] = store.story_ordinals_.try_emplace(story.cluster_id, static_cast<Ordinal>(store.story_ids_.size()));
        if (inserted) {
            store.story_ids_.push_back(story.cluster_id);
            store.story_heads_.push_back(0);
        }
        store.stories_[it.get_docid()] = at->second;
        if (story.role == schema::StoryRole::head) store.story_heads_[at->second] = it.get_docid();
    }

    store.speaker_totals_.assign(store.speakers_.size(), 0);
    for (const Ordinal ordinal : store.speaker_values_) ++store.speaker_totals_[ordinal];
    for (Ordinal ordinal = 0; ordinal < spellings.size(); ++ordinal)
        if (const std::string* label = commonest_spelling(spellings[ordinal])) store.speakers_.set_label(ordinal, *label);
    return store;
}

Ordinal FacetStore::find_story(std::string_view cluster_id) const {
    const auto it = story_ordinals_.find(std::string(cluster_id));
    return it == story_ordinals_.end() ? kAlone : it->second;
}

FacetStore FacetStore::from_value_counts(const FacetValueCounts& all) {
    FacetStore store;
    for (const auto& [key, spellings] : all.speakers) {
        const Ordinal ordinal = store.speakers_.intern(key);
        std::uint32_t documents = 0;
        for (const auto& spelling : spellings) documents += spelling.second;
        store.speaker_totals_.push_back(documents);
        if (const std::string* label = commonest_spelling(spellings)) store.speakers_.set_label(ordinal, *label);
    }
    for (const auto& country : all.countries) store.countries_.intern(country.first);
    if (!all.days.empty()) {
        store.first_day_ = all.days.begin()->first;
        store.last_day_ = all.days.rbegin()->first;
    }
    store.speaker_slots_ = all.speaker_slots;
    store.country_slots_ = all.country_slots;
    return store;
}

}  // namespace dateline::search

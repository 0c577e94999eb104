// A column store of every document's facets, indexed by Xapian docid, so that counting
// facets over all matches reads arrays instead of documents.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <limits>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline::search {

/// Ordinal of a facet value within its facet's dictionary.
using Ordinal = std::uint32_t;

/// One facet's values: ordinal <-> value (a speaker key or a country code), plus the name
/// shown for each value.
class FacetDictionary {
public:
    Ordinal intern(std::string_view value);
    /// The ordinal of `value`, or kAbsent.
    Ordinal find(std::string_view value) const;
    const std::string& value(Ordinal ordinal) const { return values_[ordinal]; }
    const std::string& label(Ordinal ordinal) const { return labels_[ordinal]; }
    std::size_t size() const { return values_.size(); }
    void set_label(Ordinal ordinal, std::string label) { labels_[ordinal] = std::move(label); }

    static constexpr Ordinal kAbsent = std::numeric_limits<Ordinal>::max();

private:
    std::vector<std::string> values_;
    std::vector<std::string> labels_;
    std::unordered_map<std::string, Ordinal> ordinals_;
};

/// Facet values counted over a set of documents, as Xapian's value-count spies report them.
struct FacetValueCounts {
    std::uint64_t documents = 0;
    std::map<std::string, std::map<std::string, std::uint32_t>> speakers;  // key -> spelling -> documents
    std::map<std::string, std::uint32_t> countries;                        // code -> documents
    std::map<std::int32_t, std::uint32_t> days;  // day since 1970-01-01 -> documents; the rest are undated
    unsigned speaker_slots = 0;  // speaker slot positions that some document fills
    unsigned country_slots = 0;  // country slot positions that some document fills
};

class FacetStore {
public:
    /// Reads the packed facets (schema::kSlotFacets) of every document in `db`. Speaker
    /// labels are the name spelled most often for each key. Throws schema::FormatError.
    static FacetStore build(const Xapian::Database& db);
    /// The dictionaries, labels and day range of the documents counted in `all` (every
    /// document of a database whose documents cannot be read here in bulk, such as remote
    /// shards), without per-document columns: their matches are counted by match spies.
    static FacetStore from_value_counts(const FacetValueCounts& all);

    /// Whether the store has per-document columns (false: from_value_counts()).
    bool has_columns() const { return has_columns_; }
    /// Speaker and country slot positions that some document fills (from_value_counts() only).
    unsigned speaker_slots() const { return speaker_slots_; }
    unsigned country_slots() const { return country_slots_; }

    /// Whether `id` is a live document of the snapshot.
    bool contains(Xapian::docid id) const { return id < present_.size() && present_[id]; }
    Xapian::docid last_docid() const { return present_.empty() ? 0 : static_cast<Xapian::docid>(present_.size() - 1); }

    /// The document's length in terms (Xapian's doclength), so that BM25 reads it from an
    /// array rather than through Xapian for every match (posting_match.h); 0 for unknown docids.
    Xapian::termcount length(Xapian::docid id) const { return id < lengths_.size() ? lengths_[id] : 0; }
    /// Publication day (days since 1970-01-01) or kUndated; kUndated too for unknown docids.
    std::int32_t day(Xapian::docid id) const { return id < days_.size() ? days_[id] : kUndated; }
    std::span<const Ordinal> countries(Xapian::docid id) const { return values(country_offsets_, country_values_, id); }
    std::span<const Ordinal> speakers(Xapian::docid id) const { return values(speaker_offsets_, speaker_values_, id); }

    /// The story of a document of a story of several articles (schema::kSlotCluster), as an
    /// ordinal into story_ids(); kAlone for an article alone in its story, or unknown.
    Ordinal story(Xapian::docid id) const { return id < stories_.size() ? stories_[id] : kAlone; }
    /// Cluster ids (16 hex digits) by story ordinal.
    const std::vector<std::string>& story_ids() const { return story_ids_; }
    /// Each story's head by story ordinal (0 when the head is not in the snapshot).
    const std::vector<Xapian::docid>& story_heads() const { return story_heads_; }
    /// The story ordinal of a cluster id, or kAlone.
    Ordinal find_story(std::string_view cluster_id) const;
    static constexpr Ordinal kAlone = std::numeric_limits<Ordinal>::max();

    const FacetDictionary& country_dictionary() const { return countries_; }
    const FacetDictionary& speaker_dictionary() const { return speakers_; }
    /// Documents per speaker over the whole index, by ordinal.
    const std::vector<std::uint32_t>& speaker_totals() const { return speaker_totals_; }

    /// Smallest and largest publication day in the index (both kUndated if none).
    std::int32_t first_day() const { return first_day_; }
    std::int32_t last_day() const { return last_day_; }

    static constexpr std::int32_t kUndated = std::numeric_limits<std::int32_t>::min();

private:
    static std::span<const Ordinal> values(const std::vector<std::uint32_t>& offsets,
                                           const std::vector<Ordinal>& values, Xapian::docid id) {
        if (id + 1 >= offsets.size()) return {};
        return {values.data() + offsets[id], values.data() + offsets[id + 1]};
    }

    std::vector<bool> present_;
    std::vector<std::int32_t> days_;
    std::vector<Xapian::termcount> lengths_;
    std::vector<std::uint32_t> country_offsets_;  // CSR: values of docid d are [off[d], off[d+1])
    std::vector<Ordinal> country_values_;
    std::vector<std::uint32_t> speaker_offsets_;
    std::vector<Ordinal> speaker_values_;
    std::vector<std::uint32_t> speaker_totals_;
    std::vector<Ordinal> stories_;            // by docid; kAlone for most
    std::vector<std::string> story_ids_;
    std::vector<Xapian::docid> story_heads_;
    std::unordered_map<std::string, Ordinal> story_ordinals_;
    FacetDictionary countries_;
    FacetDictionary speakers_;
    std::int32_t first_day_ = kUndated;
    std::int32_t last_day_ = kUndated;
    bool has_columns_ = false;
    unsigned speaker_slots_ = 0;
    unsigned country_slots_ = 0;
};

}  // namespace dateline::search

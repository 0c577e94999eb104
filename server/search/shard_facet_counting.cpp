#include "search/shard_facet_counting.h"

#include "core/schema.h"
#include "search/index.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <vector>

namespace dateline::search {
namespace {

// Which facets a counting match counts.
struct FacetsToCount {
    bool speakers = false;
    bool countries = false;
    bool days = false;
};

using Spies = std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>>;

Spies add_spies(Xapian::Enquire& enquire, Xapian::valueno (*slot_of)(unsigned), unsigned count) {
    Spies spies;
    for (unsigned position = 0; position < count; ++position) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot_of(position)));
        enquire.add_matchspy(spies.back().get());
    }
    return spies;
}

// The number of leading positions that some match fills.
unsigned positions_filled(const Spies& spies) {
    unsigned filled = 0;
    for (unsigned position = 0; position < spies.size(); ++position)
        if (spies[position]->values_begin() != spies[position]->values_end())
            filled = position + 1;
    return filled;
}

// A document past kFacetSlots values keeps the rest only in its packed facets: count those
// here. Such documents are rare, so reading each one is cheap in all.
void count_overflow(Xapian::Database& db, const Xapian::Query& query, FacetsToCount facets, FacetValueCounts& counts) {
    const Xapian::Query overflow{std::string(schema::kFacetOverflowTerm)};
    if (!(facets.speakers || facets.countries) || db.get_termfreq(std::string(schema::kFacetOverflowTerm)) == 0) return;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, overflow));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    mset.fetch();  // one round of requests to remote shards, not one per document
    for (auto item = mset.begin(); item != mset.end(); ++item) {
        const auto values = schema::decode_facets(item.get_document().get_value(schema::kSlotFacets));
        for (std::size_t i = schema::kFacetSlots; facets.speakers && i < values.speakers.size(); ++i)
            ++counts.speakers[values.speakers[i].key][values.speakers[i].name];
        for (std::size_t i = schema::kFacetSlots; facets.countries && i < values.countries.size(); ++i)
            ++counts.countries[values.countries[i]];
    }
}

// Adds the counts of one match to `counter` for the facets `facets`.
void add_counts(const FacetValueCounts& counts, FacetsToCount facets, const FacetStore& store, FacetCounter& counter) {
    const auto ordinal_of = [](const FacetDictionary& dictionary, const std::string& value) {
        const Ordinal ordinal = dictionary.find(value);
        if (ordinal == FacetDictionary::kAbsent)
            throw StaleSnapshot("facet value \"" + value + "\" is not in the snapshot's dictionary");
        return ordinal;
    };
    if (facets.speakers) {
        for (const auto& [key, spellings] : counts.speakers) {
            std::uint32_t documents = 0;
            for (const auto& spelling : spellings) documents += spelling.second;
            counter.add_speaker(ordinal_of(store.speaker_dictionary(), key), documents);
        }
    }
    if (facets.countries)
        for (const auto& [code, documents] : counts.countries) counter.add_country(ordinal_of(store.country_dictionary(), code), documents);
    if (facets.days) {
        std::uint64_t dated = 0;
        try {
            for (const auto& [day, documents] : counts.days) {
                counter.add_day(day, documents);
                dated += documents;
            }
        } catch (const std::out_of_range&) {
            throw StaleSnapshot("a publication day outside the snapshot's range");
        }
        counter.add_day(FacetStore::kUndated, static_cast<std::uint32_t>(counts.documents - dated));
    }
}

// The values of the facets asked for over the matches of `query` (or of as many as
// `time_limit` allows), and the number of matches: the first `speaker_slots` and
// `country_slots` positions, and the packed facets of documents past schema::kFacetSlots.
FacetValueCounts count_facet_values(Xapian::Database& db, const Xapian::Query& query, FacetsToCount facets,
                                    unsigned speaker_slots, unsigned country_slots,
                                    std::chrono::microseconds time_limit, MatchCompleteness& completeness) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Spies speakers = add_spies(enquire, schema::speaker_slot, facets.speakers ? speaker_slots : 0);
    const Spies countries = add_spies(enquire, schema::country_slot, facets.countries ? country_slots : 0);
    // Always attached: its total is the number of matches the counts cover, cut short or not.
    Xapian::ValueCountMatchSpy days(schema::kSlotDate);
    enquire.add_matchspy(&days);
    // Past the time limit Xapian drops check_at_least, which ends a zero-item match at once.
    // Only Xapian's limit reaches a remote shard's server, so this match keeps it, although
    // it also arms the local timer whose late notification match_deadline.h describes: a
    // remote match runs no local spy that could stop it instead. The window is a match that
    // ends by itself within the tens of microseconds after the limit that the thread takes to start.
    if (time_limit.count() > 0) enquire.set_time_limit(std::chrono::duration<double>(time_limit).count());
    // check_at_least = every document: the spies must see every match for exact counts.
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound())
        completeness = {true, std::max(completeness.estimated, mset.get_matches_estimated())};

    FacetValueCounts counts;
    counts.documents = days.get_total();
    for (const auto& spy : speakers) {
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
            const schema::SpeakerValue speaker = schema::parse_speaker_slot_value(*it);
            counts.speakers[speaker.key][speaker.name] += it.get_termfreq();
        }
    }
    for (const auto& spy : countries)
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it) counts.countries[*it] += it.get_termfreq();
    if (facets.days)  // undated documents have an empty value, which the spy leaves out
        for (auto it = days.values_begin(); it != days.values_end(); ++it)
            counts.days[days_since_epoch(*schema::parse_date_value(*it))] += it.get_termfreq();
    counts.speaker_slots = positions_filled(speakers);
    counts.country_slots = positions_filled(countries);
    count_overflow(db, query, facets, counts);
    return counts;
}

MatchCompleteness count_with_spies(const Xapian::Query& query, const FacetStore& store, Xapian::Database& db,
                                   std::chrono::microseconds time_limit, FacetCounter& counter) {
    const FacetSelection& selection = counter.selection();
    const FacetFilters& filters = selection.filters;
    MatchCompleteness completeness;
    const auto count = [&](const Xapian::Query& restricted, FacetsToCount facets) {
        const auto counts = count_facet_values(db, restricted, facets, store.speaker_slots(), store.country_slots(),
                                               time_limit, completeness);
        add_counts(counts, facets, store, counter);
        return counts.documents;
    };
    const FacetsToCount unfiltered{!selection.speaker_active, !selection.country_active, !selection.date_active};
    counter.add_total(count(restrict_to(query, {&filters.speaker, &filters.country, &filters.date}), unfiltered));
    if (selection.speaker_active) count(restrict_to(query, {&filters.country, &filters.date}), {true, false, false});
    if (selection.country_active) count(restrict_to(query, {&filters.speaker, &filters.date}), {false, true, false});
    if (selection.date_active) count(restrict_to(query, {&filters.speaker, &filters.country}), {false, false, true});
    return completeness;
}

// Every match listed in docid order: with BoolWeight the MSet costs little beyond the match.
void count_by_combined_docid(const Xapian::Query& query, Xapian::Database& db, FacetCounter& counter) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto item = mset.begin(); item != mset.end(); ++item) counter.count(*item);
}

}  // namespace

FacetValueCounts count_all_facet_values(Xapian::Database& db) {
    // A fresh match-all query: Xapian::Query::MatchAll's reference count is not thread-safe.
    MatchCompleteness complete;  // a match without a time limit sees every document
    return count_facet_values(db, Xapian::Query(std::string()), {true, true, true}, schema::kFacetSlots,
                              schema::kFacetSlots, std::chrono::microseconds(0), complete);
}

std::optional<MatchCompleteness> count_facets_over_shards(const ParsedQuery& parsed, const FacetStore& store,
                                                          Xapian::Database& db, std::chrono::microseconds time_limit,
                                                          FacetCounter& counter) {
    if (!store.has_columns()) return count_with_spies(parsed.query, store, db, time_limit, counter);
    if (db.size() < 2 || parsed.browse) return std::nullopt;
    count_by_combined_docid(parsed.query, db, counter);
    return MatchCompleteness{};
}

}  // namespace dateline::search

#include "search/facet_filters.h"

#include "core/speaker_key.h"
#include "core/schema.h"

#include <vector>

namespace dateline::search {

Ordinal resolve_speaker(const FacetDictionary& speakers, const std::string& value) {
    const Ordinal by_name = speakers.find(dateline::speaker_key(value));
    return by_name != FacetDictionary::kAbsent ? by_name : speakers.find(value);
}

FacetFilters facet_filters(const SearchRequest& request, const FacetDictionary& speakers) {
    FacetFilters filters;
    if (!request.speakers.empty()) {
        std::vector<Xapian::Query> any;
        for (const auto& speaker : request.speakers) {
            const Ordinal ordinal = resolve_speaker(speakers, speaker);
            any.emplace_back(schema::speaker_term(ordinal == FacetDictionary::kAbsent ? dateline::speaker_key(speaker)
                                                                                       : speakers.value(ordinal)));
        }
        filters.speaker = Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    if (!request.countries.empty()) {
        std::vector<Xapian::Query> any;
        for (const auto& country : request.countries) any.emplace_back(schema::country_term(country));
        filters.country = Xapian::Query(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    if (request.undated) {
        filters.date = Xapian::Query(std::string(schema::kUndatedTerm));
    } else if (request.from || request.to) {
        const std::string lo = request.from ? request.from->to_compact() : std::string("0");
        const std::string hi = request.to ? request.to->to_compact() : std::string("99999999");
        filters.date = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
    }
    return filters;
}

Xapian::Query all_of(std::initializer_list<const Xapian::Query*> filters) {
    std::vector<Xapian::Query> present;
    for (const Xapian::Query* filter : filters)
        if (!filter->empty()) present.push_back(*filter);
    if (present.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_AND, present.begin(), present.end());
}

Xapian::Query restrict_to(const Xapian::Query& query, std::initializer_list<const Xapian::Query*> filters) {
    const Xapian::Query filter = all_of(filters);
    return filter.empty() ? query : Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace dateline::search

// A request's facet filters as Xapian queries, one per facet, for the ranked page and for the
// counting passes of the remote facet path (a facet's counts leave out its own filter).
#pragma once

#include "search/facet_store.h"
#include "search/search_request.h"

#include <xapian.h>

#include <string>

namespace dateline::search {

/// One query per facet; an empty query when the request does not filter that facet.
struct FacetFilters {
    Xapian::Query speaker;  // any of the speakers
    Xapian::Query country;  // any of the countries
    Xapian::Query date;     // the publication date range, or undated documents
};

/// The ordinal of a requested speaker, given as a display name or as a key; kAbsent if unknown.
Ordinal resolve_speaker(const FacetDictionary& speakers, const std::string& value);

/// The filters of `request`. A speaker unknown to `speakers` filters by the key of its name,
/// which matches nothing.
FacetFilters facet_filters(const SearchRequest& request, const FacetDictionary& speakers);

/// `query` restricted to the given filters (empty ones are skipped).
Xapian::Query restrict_to(const Xapian::Query& query, std::initializer_list<const Xapian::Query*> filters);

/// The given filters together (empty ones are skipped); an empty query when all are empty.
Xapian::Query all_of(std::initializer_list<const Xapian::Query*> filters);

}  // namespace dateline::search

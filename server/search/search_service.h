// What the HTTP layer asks of search: the narrow interface it depends on, free of Xapian.
#pragma once

#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"

#include <string>

namespace dateline::search {

/// Answers the API's questions; implemented by Searcher over an Index. Every call is safe
/// from any number of threads at once.
class SearchService {
public:
    using Health = HealthResponse;

    virtual ~SearchService() = default;

    /// Facet counts are exact over all matches; each facet's counts leave out that facet's
    /// own filter (multi-select), while the other facets' filters apply.
    virtual Result<SearchResponse> search(const SearchRequest& request) const = 0;

    /// Values of one facet with a word starting with `prefix` (case-insensitive; speakers
    /// also by transliteration key), counted under the request's query and the other
    /// facets' filters, most frequent first, at most request.facet_size of them.
    virtual Result<FacetSearchResponse> facet_values(const SearchRequest& request, FacetName facet,
                                                     const std::string& prefix) const = 0;

    /// The stored document with its facets and attributions, or not_found. With a `query`,
    /// also where the highlighter marks it (bad_query when the query cannot be read).
    virtual Result<DocumentResponse> document(const std::string& id, const std::string& query) const = 0;

    /// The document count and revision served, and any problem with the database on disk.
    virtual Result<HealthResponse> health() const = 0;
};

}  // namespace dateline::search

// What the HTTP layer asks of search: the narrow interface it depends on, free of Xapian.
#pragma once

#include "search/attention.h"
#include "search/export.h"
#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"

#include <memory>
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

    /// Every match of the request's search in its order (or its facet counts, or only the
    /// manifest), read from the snapshot current now: the match time limit does not apply.
    /// Holds a database handle until the stream is destroyed.
    virtual Result<std::unique_ptr<ExportStream>> open_export(const ExportRequest& request) const = 0;

    /// Per period, the dated matches of each series within the request's search, and every
    /// article of the index in the period. Exact: no match time limit.
    virtual Result<TimelineResponse> timeline(const TimelineRequest& request) const = 0;

    /// The top values of two facets among the matches of the request's search (all its
    /// filters applied), and how many matches have each pair. Exact: no match time limit.
    virtual Result<CooccurrenceResponse> cooccurrence(const CooccurrenceRequest& request) const = 0;
};

}  // namespace dateline::search

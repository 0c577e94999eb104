// Runs searches against a snapshot: exact disjunctive facet counts plus the ranked page.
#pragma once

#include "search/attention.h"
#include "search/export.h"
#include "search/index.h"
#include "search/match/posting_match.h"
#include "search/query_builder.h"
#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"
#include "search/search_service.h"
#include "search/vocabulary.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

namespace dateline::search {

/// Bounds on the work one request may cause, so that no query can stall a server thread.
struct SearchLimits {
    /// How long counting the matches may run. Past it the match stops: the page of results
    /// is still ranked, but the total and the facet counts cover only the documents seen,
    /// and the response says so (`partial`). Zero: no limit.
    /// Microseconds, so that tests can cut a small match short; the server takes milliseconds.
    std::chrono::microseconds match_time = std::chrono::seconds(2);
    /// A wildcard expanding to more words than this searches the most frequent ones, with
    /// a warning in the response.
    Xapian::termcount max_wildcard_expansion = 100;
    /// A walk reading at least this many postings (a browse: one a document) is split over
    /// threads while a core is idle: a query over several local shards a shard a thread; a
    /// browse, or a query over one shard, two halves of the docids (the second half read
    /// through a second handle leased from the snapshot). The default and its cost:
    /// DESIGN.md. None: every walk on the request's thread.
    std::optional<std::uint64_t> parallel_walk_postings = 10'000;
};

/// SearchLimits::parallel_walk_postings from a command line's count, where 0 means never.
inline std::optional<std::uint64_t> parallel_walk_postings_from(std::uint64_t option) {
    return option == 0 ? std::nullopt : std::optional<std::uint64_t>(option);
}

/// Which matcher counts the matches and chooses the page of a query that both can run.
enum class MatchEngine {
    /// Dateline's walk of the posting lists (match/posting_match.h; DESIGN.md). Queries it
    /// cannot run, and remote shards, go to Xapian's.
    posting_lists,
    /// Xapian's matcher with a counting spy, then a ranked match: for comparisons.
    xapian,
};

class Searcher final : public SearchService {
public:
    /// Both must outlive the searcher.
    Searcher(Index& index, const Vocabulary& vocabulary, SearchLimits limits = {},
             MatchEngine engine = MatchEngine::posting_lists)
        : index_(index), vocabulary_(vocabulary), limits_(limits), engine_(engine) {}

    Result<SearchResponse> search(const SearchRequest& request) const override;
    Result<FacetSearchResponse> facet_values(const SearchRequest& request, FacetName facet,
                                             const std::string& prefix) const override;
    Result<DocumentResponse> document(const std::string& id, const std::string& query = {}) const override;
    Result<HealthResponse> health() const override;

    Result<std::unique_ptr<ExportStream>> open_export(const ExportRequest& request) const override;
    Result<TimelineResponse> timeline(const TimelineRequest& request) const override;
    Result<CooccurrenceResponse> cooccurrence(const CooccurrenceRequest& request) const override;

private:
    // Runs `work` on a leased handle of the current snapshot, retrying on a newer one when
    // the indexer has moved the database on under it, for up to a few seconds.
    template <typename Work>
    auto with_snapshot(Work&& work) const -> decltype(work(std::declval<const Snapshot&>(), std::declval<ShardedDatabase&>()));

    // The limits of a search that starts while `running` searches (itself included) run: a
    // search walks its shards on threads of its own only while a core is idle, since under
    // full load the extra threads would only take turns with other searches.
    SearchLimits limits_when_running(unsigned running) const;

    // The limits of an export, a timeline or a co-occurrence: no match time limit.
    SearchLimits unlimited_when_running(unsigned running) const;

    // Every match of `request` that passes its filters, in its order, read with `handle`.
    struct OrderedMatches {
        std::vector<PageDocument> order;
        bool browse = false;
    };
    Result<OrderedMatches> ordered_matches(const SearchRequest& request, const Snapshot& snapshot,
                                           ShardedDatabase& handle) const;

    // search() with the limits of `limits_for(running)`.
    template <typename LimitsFor>
    Result<SearchResponse> search_with(const SearchRequest& request, const LimitsFor& limits_for) const;

    Index& index_;
    const Vocabulary& vocabulary_;
    SearchLimits limits_;
    MatchEngine engine_;
    unsigned cores_ = std::max(1U, std::thread::hardware_concurrency());
    mutable std::atomic<unsigned> searches_running_{0};
};

/// The label and flag of a country code, from iso-codes.
CountryRef country_ref(const Vocabulary& vocabulary, const std::string& code);

}  // namespace dateline::search

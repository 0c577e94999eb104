// Runs searches against a snapshot: exact disjunctive facet counts plus the ranked page.
#pragma once

#include "search/attention.h"
#include "search/export.h"
#include "search/index.h"
#include "search/posting_match.h"
#include "search/query_builder.h"
#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"
#include "search/vocabulary.h"

#include <nlohmann/json.hpp>

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
    /// through a second handle leased from the snapshot). Sooner answers, for the cost of
    /// a split: about 0.13 ms at the p50 of the mix's rarest terms, split always against
    /// never. 10,000 gave the mix's best p50 (RESULTS.md, 2026-11-28). None: every walk on
    /// the request's thread.
    std::optional<std::uint64_t> parallel_walk_postings = 10'000;
};

/// SearchLimits::parallel_walk_postings from a command line's count, where 0 means never.
inline std::optional<std::uint64_t> parallel_walk_postings_from(std::uint64_t option) {
    return option == 0 ? std::nullopt : std::optional<std::uint64_t>(option);
}

/// Which matcher counts the matches and chooses the page of a query that both can run.
enum class MatchEngine {
    /// Dateline's walk of the posting lists (posting_match.h): one pass, about four times
    /// cheaper a match. Queries it cannot run, and remote shards, go to Xapian's.
    posting_lists,
    /// Xapian's matcher with a counting spy, then a ranked match: for comparisons.
    xapian,
};

class Searcher {
public:
    /// Both must outlive the searcher.
    Searcher(Index& index, const Vocabulary& vocabulary, SearchLimits limits = {},
             MatchEngine engine = MatchEngine::posting_lists)
        : index_(index), vocabulary_(vocabulary), limits_(limits), engine_(engine) {}

    /// Facet counts are exact over all matches; each facet's counts leave out that facet's
    /// own filter (multi-select), while the other facets' filters apply.
    Result<SearchResponse> search(const SearchRequest& request) const;

    /// Values of one facet with a word starting with `prefix` (case-insensitive; speakers
    /// also by transliteration key), counted under the request's query and the other
    /// facets' filters, most frequent first, at most request.facet_size of them.
    Result<FacetSearchResponse> facet_values(const SearchRequest& request, FacetName facet,
                                             const std::string& prefix) const;

    /// The stored document with its facets and attributions, or not_found. With a `query`,
    /// also "matches": {"title": [[begin, end], ...], "body": [...]}, the UTF-8 byte ranges the
    /// highlighter marks for it (bad_query when the query cannot be read).
    Result<nlohmann::json> document(const std::string& id, const std::string& query = {}) const;

    /// Every match of the request's search in its order (or its facet counts, or only the
    /// manifest), read from the snapshot current now: the match time limit does not apply.
    /// Holds a database handle until the stream is destroyed.
    Result<std::unique_ptr<ExportStream>> open_export(const ExportRequest& request) const;

    /// Per period, the dated matches of each series within the request's search, and every
    /// article of the index in the period. Exact: no match time limit.
    Result<TimelineResponse> timeline(const TimelineRequest& request) const;

    /// The top values of two facets among the matches of the request's search (all its
    /// filters applied), and how many matches have each pair. Exact: no match time limit.
    Result<CooccurrenceResponse> cooccurrence(const CooccurrenceRequest& request) const;

    struct Health {
        std::uint64_t documents = 0;
        std::string revision;
        std::string last_update;
        std::string problem;  // why the database on disk cannot be read now (Index::disk_problem()); empty: ok
    };
    Result<Health> health() const;

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

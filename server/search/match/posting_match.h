// Dateline's own match for plain text queries over local databases: it walks Xapian's
// posting lists directly, feeds every match to a FacetCounter and keeps the documents of the
// requested page, all in one pass (why: DESIGN.md, "The custom matcher"). Relevance is
// Xapian's BM25Weight with its default parameters, so a page chosen here is the page Xapian
// would rank (tests compare the two).
#pragma once

#include "search/facet_counter.h"
#include "search/posting_cache.h"

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace dateline::search {

/// The order of a page, as Xapian's Enquire sorts it (see Searcher): by BM25 weight, or by
/// publication day and then weight; ties by ascending docid; undated documents last.
enum class PageOrder { relevance, newest, oldest };

struct PostingMatchRequest {
    /// Places of the ordering to keep: the page is [first, first + count).
    Xapian::doccount first = 0;
    Xapian::doccount count = 0;
    PageOrder order = PageOrder::relevance;
    /// Past this the walk stops, and the counts cover the documents seen (zero: no limit).
    std::chrono::microseconds time_limit{0};
    /// A walk reading at least this many postings (about; a browse reads one a document) is
    /// split, each part but the first on a thread started for it, to answer sooner while cores
    /// are idle: a query over several shards a shard a part; a browse, or a query over one
    /// shard, two halves of the docids. None: one walk on the caller's thread.
    std::optional<std::uint64_t> parallel_walk_postings;
    /// For a query over one shard split in two: another handle on the same shards, for the
    /// second half's thread (a database serves one thread at a time). Called only when the
    /// walk splits; what it returns must outlive run_posting_match(). Empty, or an empty
    /// span: no handle to be had, and the walk stays on the caller's thread.
    std::function<std::span<const Xapian::Database>()> second_handle;
    /// Decoded posting lists of frequent terms, for the shards' handles' revision; none: every
    /// list is read from Xapian.
    const PostingCache* posting_cache = nullptr;
};

/// A document of the page with its BM25 weight (0 for a browse, as Xapian weighs match-all).
struct PageDocument {
    Xapian::docid id;
    double weight;
};

struct PostingMatch {
    MatchCompleteness completeness;
    /// The documents of the page, in order (fewer when fewer documents pass the filters).
    std::vector<PageDocument> page;
};

/// Whether `query` is made only of what run_posting_match() evaluates: terms (with or
/// without prefix), match-all, AND, OR, AND_NOT, FILTER, and PHRASE and NEAR of terms.
/// Wildcards, value ranges, scaled weights and the rest are left to Xapian's matcher.
bool posting_match_supports(const Xapian::Query& query);

/// Counts every match of `query` (posting_match_supports() must hold) into `counter` and
/// chooses the page among the matches that pass every facet filter. `shards` are the local
/// databases that `combined` joins, in its order: the walk reads each shard's own posting
/// lists, which costs about half of Xapian's merged ones, and weighs by `combined`'s
/// statistics. The store's docids, and the page's, are `combined`'s.
PostingMatch run_posting_match(const Xapian::Query& query, const Xapian::Database& combined,
                               std::span<const Xapian::Database> shards, const FacetStore& store, FacetCounter& counter,
                               const PostingMatchRequest& request);

}  // namespace dateline::search

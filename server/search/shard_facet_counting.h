// Facet counting where a FacetCountingSpy over one database cannot count:
// - over remote shards: the stock xapian-tcpsrv runs only Xapian's built-in match spies, so
//   counting uses ValueCountMatchSpy over the per-position facet slots of schema.h (the
//   counts of a facet's slots summed), which the remote backend runs on each shard's server
//   and merges. As exact as the column store, at the cost of one match per facet with an
//   active filter;
// - over several local databases searched as one: Xapian 1.4 hands a match spy each
//   database's own docid, not the combined one the column store is indexed by, so the
//   matches are listed and counted by their combined docids.
#pragma once

#include "search/facet_counter.h"
#include "search/facet_store.h"
#include "search/query_builder.h"

#include <xapian.h>

#include <chrono>
#include <optional>

namespace dateline::search {

/// Every document's facet values: what FacetStore::from_value_counts() builds a store from.
FacetValueCounts count_all_facet_values(Xapian::Database& db);

/// Counts the matches of `parsed` into `counter` as FacetCounter::count() would, when
/// `store` has no columns (remote shards: one match under every filter of
/// counter.selection(), then one per facet with a filter, under the other facets' filters)
/// or `db` joins several local databases. Returns false, counting nothing, for one local
/// database, and for a browse over local ones: walking the column store is right and faster.
/// Over remote shards each match stops at `time_limit` (zero: none), and the result says
/// whether one did; listing by combined docid lists every match, so no limit applies to it.
/// Throws StaleSnapshot when a value is not in `store` (the shards moved on under it).
std::optional<MatchCompleteness> count_facets_over_shards(const ParsedQuery& parsed, const FacetStore& store,
                                                          Xapian::Database& db, std::chrono::microseconds time_limit,
                                                          FacetCounter& counter);

}  // namespace dateline::search

#include "search/match/posting_match.h"

#include "search/match/bm25.h"
#include "search/match/cursor_builder.h"
#include "search/match/page_chooser.h"
#include "search/match/shard_view.h"
#include "search/match/shard_walk.h"
#include "search/match_deadline.h"

#include <algorithm>
#include <future>
#include <optional>
#include <string>
#include <system_error>

namespace dateline::search {

using namespace match;

bool posting_match_supports(const Xapian::Query& query) { return supported(query); }

PostingMatch run_posting_match(const Xapian::Query& query, const Xapian::Database& combined,
                               std::span<const Xapian::Database> shards, const FacetStore& store, FacetCounter& counter,
                               const PostingMatchRequest& request) {
    // A browse walks only the column store's arrays, a bounded loop: it is never cut short.
    const bool browse = query.get_type() == Xapian::Query::LEAF_MATCH_ALL;
    const CollectionStats stats(combined, shards, query);
    const WalkContext context{&query, stats, store, request.posting_cache, request.order,
                              browse ? std::nullopt : deadline_after(request.time_limit)};
    std::vector<ShardView> views;
    for (std::size_t i = 0; i < shards.size(); ++i)
        views.push_back({shards[i], static_cast<Xapian::docid>(i), static_cast<Xapian::docid>(shards.size())});
    const std::size_t page_end = request.count == 0 ? 0 : static_cast<std::size_t>(request.first) + request.count;
    PageChooser chooser(page_end);

    // A query over several shards splits by shard; a browse, or a query over one shard, into
    // two halves of the docids. A database serves one thread at a time: the second half of a
    // query over one shard reads its shard through a second handle. Each half runs a
    // phrase's Xapian match over its own docids (DocidRangeSource).
    const bool by_shard = !browse && views.size() > 1;
    const std::size_t parts = by_shard ? views.size() : 2;
    const double postings = browse ? static_cast<double>(store.last_docid()) : postings_to_walk(query, stats);
    bool parallel = request.parallel_walk_postings && postings >= static_cast<double>(*request.parallel_walk_postings);
    std::vector<ShardView> second_views;  // the second half's, for a query over one shard
    if (parallel && !browse && !by_shard) {
        const auto second = request.second_handle ? request.second_handle() : std::span<const Xapian::Database>();
        if (second.size() == 1) second_views.push_back({second.front(), 0, 1});
        else parallel = false;
    }
    // Walks part `part` of `of_parts` (everything when `of_parts` is 1).
    const auto walk_part = [&](const WalkContext& part_context, std::size_t part, std::size_t of_parts,
                               FacetCounter& part_counter, PageChooser& part_chooser) {
        const auto last = static_cast<std::uint64_t>(store.last_docid());
        const DocidRange share{static_cast<Xapian::docid>(last * part / of_parts + 1),
                               static_cast<Xapian::docid>(last * (part + 1) / of_parts)};
        if (browse) return walk_documents(store, request.order, share, part_counter, part_chooser);
        const DocidRange all{1, store.last_docid()};
        if (of_parts == 1) return walk_shards(part_context, views, all, part_counter, part_chooser);
        if (by_shard) return walk_shards(part_context, std::span(&views[part], 1), all, part_counter, part_chooser);
        return walk_shards(part_context, part == 0 ? views : second_views, share, part_counter, part_chooser);
    };

    std::vector<WalkOutcome> outcomes;
    if (!parallel) {
        outcomes.push_back(walk_part(context, 0, 1, counter, chooser));
    } else {
        // Each part but the first on a thread of its own, with its own counts and page,
        // merged here once every walk is done.
        struct PartWalk {
            FacetCounter counter;
            PageChooser chooser;
            WalkOutcome outcome;
        };
        // Xapian::Query counts its references without atomics: each thread walking a query
        // reads a copy of its own, rebuilt from the serialised query rather than sharing the
        // tree. A browse reads no query.
        const std::string serialised = browse ? std::string() : query.serialise();
        const auto walk_other = [&](std::size_t part) {
            const Xapian::Query own_query = browse ? Xapian::Query() : Xapian::Query::unserialise(serialised);
            WalkContext own_context = context;
            own_context.query = &own_query;
            PartWalk walk{FacetCounter(store, counter.selection()), PageChooser(page_end), {}};
            walk.outcome = walk_part(own_context, part, parts, walk.counter, walk.chooser);
            return walk;
        };
        std::vector<std::future<PartWalk>> others;
        for (std::size_t part = 1; part < parts; ++part) {
            try {
                others.push_back(std::async(std::launch::async, walk_other, part));
            } catch (const std::system_error&) {
                // No thread to be had: this part is walked on this thread, when collected.
                others.push_back(std::async(std::launch::deferred, walk_other, part));
            }
        }
        outcomes.push_back(walk_part(context, 0, parts, counter, chooser));
        for (auto& other : others) {
            const PartWalk walk = other.get();
            counter.merge(walk.counter);
            chooser.absorb(walk.chooser);
            outcomes.push_back(walk.outcome);
        }
    }

    PostingMatch match;
    if (std::any_of(outcomes.begin(), outcomes.end(), [](const WalkOutcome& o) { return o.partial; })) {
        match.completeness.partial = true;
        for (const WalkOutcome& outcome : outcomes) match.completeness.estimated += outcome.estimated;
    }
    match.page = chooser.page_from(request.first);
    return match;
}

}  // namespace dateline::search

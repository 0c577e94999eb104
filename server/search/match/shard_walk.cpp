#include "search/match/shard_walk.h"

#include "search/match/cursor_builder.h"

#include <algorithm>

namespace dateline::search::match {

WalkOutcome walk_shards(const WalkContext& context, std::span<const ShardView> shards, DocidRange range,
                        FacetCounter& counter, PageChooser& chooser) {
    std::vector<CursorBuilder> builders;
    builders.reserve(shards.size());
    std::vector<ShardTree> trees;
    const bool whole = range.first <= 1 && range.last >= context.store.last_docid();
    for (const ShardView& shard : shards) {
        const auto local = whole ? std::nullopt
                                 : std::optional<DocidRange>({shard.first_local_from(range.first), shard.last_local_to(range.last)});
        builders.emplace_back(shard, context.stats, context.store, context.posting_cache, context.deadline, local);
        trees.push_back({shard, builders.back().build(*context.query, true)});
    }
    ShardMerge walk(std::move(trees));
    const bool weighted = walk.weighted();
    const FacetStore& store = context.store;

    WalkOutcome outcome;
    if (range.first > 1) walk.seek(range.first);
    for (; walk.docid() <= range.last; walk.advance()) {
        const Xapian::docid id = walk.docid();
        if (past_deadline(++outcome.seen, context.deadline)) {
            // Extrapolated from how far through the range the walk got.
            const double done = static_cast<double>(id - range.first + 1) / (range.last - range.first + 1);
            return {outcome.seen, true, static_cast<Xapian::doccount>(outcome.seen / std::max(done, 1e-6))};
        }
        if (!counter.count(id) || !chooser.wants_any()) continue;
        const double weight = weighted ? walk.cursor().weight(store.length(id)) : 0.0;
        chooser.offer({day_rank(context.order, store.day(id)), weight, id});
    }
    // A phrase's own match stopped early: what was walked is all there is to count.
    outcome.partial = std::any_of(builders.begin(), builders.end(), [](const auto& b) { return b.cut_short(); });
    outcome.estimated = outcome.seen;
    return outcome;
}

WalkOutcome walk_documents(const FacetStore& store, PageOrder order, DocidRange range, FacetCounter& counter,
                           PageChooser& chooser) {
    WalkOutcome outcome;
    for (Xapian::docid id = range.first; id <= range.last; ++id) {
        if (!store.contains(id)) continue;
        ++outcome.seen;
        if (counter.count(id) && chooser.wants_any()) chooser.offer({day_rank(order, store.day(id)), 0.0, id});
    }
    outcome.estimated = outcome.seen;
    return outcome;
}

double postings_to_walk(const Xapian::Query& query, const CollectionStats& stats) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: return stats.termfreqs.at(term_of(query)).total;
        case Xapian::Query::LEAF_MATCH_ALL: return stats.documents;
        default: {
            double sum = 0;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                sum += postings_to_walk(query.get_subquery(i), stats);
            return sum;
        }
    }
}

}  // namespace dateline::search::match

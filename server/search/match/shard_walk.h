// The walk of some shards' query trees in the combined database's docid order, and a
// browse's walk of the column store.
#pragma once

#include "search/facet_counter.h"
#include "search/facet_store.h"
#include "search/match/bm25.h"
#include "search/match/cursors.h"
#include "search/match/page_chooser.h"
#include "search/match/shard_view.h"
#include "search/match_deadline.h"
#include "search/posting_cache.h"

#include <xapian.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace dateline::search::match {

// A shard's query tree, over the shard's own docids.
struct ShardTree {
    ShardView shard;
    CursorPtr root;
};

// Shards' query trees walked together in the combined database's docid order: each shard's
// own posting lists cost about half of Xapian's merged ones a document, and the column store
// is still read front to back once (walking one shard after the other would read most of its
// cache lines once for each shard). The walk is a merge of the shards' current documents.
class ShardMerge {
public:
    explicit ShardMerge(std::vector<ShardTree> trees) : trees_(std::move(trees)), globals_(trees_.size()) {
        for (std::size_t i = 0; i < trees_.size(); ++i) settle(i);
        choose();
    }
    /// The current document, as the combined database numbers it, or kEnd.
    Xapian::docid docid() const { return current_ == kNone ? kEnd : globals_[current_]; }
    /// The cursor of the shard holding the current document.
    const Cursor& cursor() const { return *trees_[current_].root; }
    void advance() {
        trees_[current_].root->advance();
        settle(current_);
        choose();
    }
    /// To the first document at or after `target` (combined numbering).
    void seek(Xapian::docid target) {
        for (std::size_t i = 0; i < trees_.size(); ++i) {
            trees_[i].root->seek(trees_[i].shard.first_local_from(target));
            settle(i);
        }
        choose();
    }
    /// Whether the query weighs documents (the same for every shard's tree).
    bool weighted() const { return !trees_.empty() && trees_.front().root->weighted(); }

private:
    static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

    void settle(std::size_t i) {
        const Xapian::docid local = trees_[i].root->docid();
        globals_[i] = local == kEnd ? kEnd : trees_[i].shard.global(local);
    }
    void choose() {
        current_ = kNone;
        Xapian::docid lowest = kEnd;
        for (std::size_t i = 0; i < globals_.size(); ++i) {
            if (globals_[i] < lowest) {
                lowest = globals_[i];
                current_ = i;
            }
        }
    }

    std::vector<ShardTree> trees_;
    std::vector<Xapian::docid> globals_;  // each tree's current document, combined numbering
    std::size_t current_ = kNone;
};

// What the walk of some shards saw.
struct WalkOutcome {
    Xapian::doccount seen = 0;
    /// Stopped at the deadline, or one of its phrases did: `seen` is not every match.
    bool partial = false;
    /// How many matches there are, extrapolated when the walk itself stopped early.
    Xapian::doccount estimated = 0;
};

// Everything a walk reads and what it may not pass.
struct WalkContext {
    const Xapian::Query* query;
    const CollectionStats& stats;
    const FacetStore& store;
    const PostingCache* posting_cache;
    PageOrder order;
    std::optional<Deadline> deadline;
};

/// Walks the documents of `shards` in `range` together, counting every match into `counter`
/// and offering those that pass the filters to `chooser`.
WalkOutcome walk_shards(const WalkContext& context, std::span<const ShardView> shards, DocidRange range,
                        FacetCounter& counter, PageChooser& chooser);

/// A browse: the live documents with docids in `range`, straight from the column store's
/// arrays (no cursor: this loop is the whole of a browse's cost).
WalkOutcome walk_documents(const FacetStore& store, PageOrder order, DocidRange range, FacetCounter& counter,
                           PageChooser& chooser);

/// How many postings a walk of `query` reads, about: what makes a thread of its own worth it.
double postings_to_walk(const Xapian::Query& query, const CollectionStats& stats);

}  // namespace dateline::search::match

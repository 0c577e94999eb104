// Keeps the story clusters of a database in line with its documents: at the end of a run,
// every document's signature is read from every shard, the copy relation is computed over
// all of them (near_duplicates.h), and the documents whose story changed are rewritten.
// Recomputing from the signatures, rather than patching clusters document by document,
// makes the result depend on the documents alone: a new copy joins its story, a deleted or
// changed head hands over to the next article, and a killed run's successor repairs
// whatever it left half done.
#pragma once

#include "near_duplicates.h"
#include "core/schema.h"
#include "shard_workers.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dateline::index {

/// One article as the clustering sees it.
struct StoryMember {
    NearDuplicateSignature signature;
    HeadOrder order;  // order.id may be left empty until it is needed (a story of several)
};

/// Fills order.id of the members at these indices.
using FillIds = std::function<void(std::vector<StoryMember>& members, const std::vector<std::size_t>& indices)>;

/// The story of each member: its cluster id and role. A story is a component of
/// copy_components(); its head is its least HeadOrder, and its id cluster_id_of(head's id).
/// `fill_ids` is called once, with the members of stories of several articles, before their
/// ids are read (an article alone is its own head whatever its id): a database then reads
/// the ids of those only. Without it, every id must be set.
std::vector<schema::ClusterValue> assign_stories(std::vector<StoryMember>& members, const FillIds& fill_ids = {});

struct ClusterPassCounts {
    std::size_t documents = 0;        // read
    std::size_t stories_of_several = 0;
    std::size_t rewritten = 0;        // documents whose story changed
};

/// Runs the pass over the shards of `workers` when one of them has a pass pending
/// (IndexWriter::clusters_pending()), leaving it cleared in the next commit of each shard.
/// Returns nothing when no pass was needed.
std::optional<ClusterPassCounts> update_story_clusters(ShardWorkers& workers);

}  // namespace dateline::index

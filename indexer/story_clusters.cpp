#include "story_clusters.h"

#include <algorithm>
#include <atomic>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace dateline::index {
namespace {

// Where a member of the pass lives.
struct Place {
    unsigned shard;
    Xapian::docid docid;
    std::string stored;  // its kSlotCluster value as it stands
};

// One shard's documents: places and members, in docid order.
struct ShardRead {
    std::vector<Place> places;
    std::vector<StoryMember> members;
};

std::optional<std::int32_t> day_of(const std::string& date_value) {
    const auto date = schema::parse_date_value(date_value);
    if (!date) return std::nullopt;
    return days_since_epoch(*date);
}

// Every document's signature, day and stored story, from three value streams.
ShardRead read_shard(const Xapian::Database& db, unsigned shard) {
    ShardRead read;
    constexpr std::uint32_t kNone = UINT32_MAX;
    std::vector<std::uint32_t> at(db.get_lastdocid() + 1, kNone);  // docid -> index in read
    for (auto value = db.valuestream_begin(schema::kSlotNearDuplicate); value != db.valuestream_end(schema::kSlotNearDuplicate);
         ++value) {
        const auto signature = decode_signature(*value);
        if (!signature)
            throw schema::FormatError("document " + std::to_string(value.get_docid()) + ": malformed signature");
        at[value.get_docid()] = static_cast<std::uint32_t>(read.members.size());
        read.places.push_back({shard, value.get_docid(), {}});
        read.members.push_back({*signature, {}});
    }
    for (auto value = db.valuestream_begin(schema::kSlotDate); value != db.valuestream_end(schema::kSlotDate); ++value)
        if (at[value.get_docid()] != kNone) read.members[at[value.get_docid()]].order.day = day_of(*value);
    for (auto value = db.valuestream_begin(schema::kSlotCluster); value != db.valuestream_end(schema::kSlotCluster); ++value)
        if (at[value.get_docid()] != kNone) read.places[at[value.get_docid()]].stored = *value;
    return read;
}

std::string document_id(const Xapian::Database& db, Xapian::docid docid) {
    auto term = db.termlist_begin(docid);
    term.skip_to(std::string(schema::kIdPrefix));
    if (term == db.termlist_end(docid) || !(*term).starts_with(schema::kIdPrefix))
        throw schema::FormatError("document " + std::to_string(docid) + " has no id term");
    // The stored article's id: the term is bounded (schema::kMaxTermBytes) and may be hashed.
    const auto data = nlohmann::json::parse(db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_data(), nullptr, false);
    if (data.is_object() && data.contains("id") && data["id"].is_string()) return data["id"].get<std::string>();
    return (*term).substr(schema::kIdPrefix.size());
}

}  // namespace

std::vector<schema::ClusterValue> assign_stories(std::vector<StoryMember>& members, const FillIds& fill_ids) {
    std::vector<NearDuplicateSignature> signatures;
    signatures.reserve(members.size());
    for (const auto& member : members) signatures.push_back(member.signature);
    const auto component = copy_components(signatures);

    std::vector<std::size_t> size(members.size(), 0);
    for (const std::size_t root : component) ++size[root];
    std::vector<std::size_t> of_several;
    for (std::size_t i = 0; i < members.size(); ++i)
        if (size[component[i]] > 1) of_several.push_back(i);
    if (fill_ids && !of_several.empty()) fill_ids(members, of_several);

    std::vector<std::size_t> head(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) head[i] = i;
    for (const std::size_t i : of_several) {
        std::size_t& best = head[component[i]];
        if (members[i].order < members[best].order) best = i;
    }
    std::vector<schema::ClusterValue> stories(members.size());
    for (std::size_t i = 0; i < members.size(); ++i) {
        const std::size_t story_head = size[component[i]] > 1 ? head[component[i]] : i;
        stories[i].cluster_id = cluster_id_of(members[story_head].order.id);
        stories[i].role = size[component[i]] == 1 ? schema::StoryRole::alone
                          : story_head == i      ? schema::StoryRole::head
                                                 : schema::StoryRole::copy;
    }
    return stories;
}

std::optional<ClusterPassCounts> update_story_clusters(ShardWorkers& workers) {
    std::atomic<bool> pending = false;
    workers.run_on_all([&](IndexingShard& own) {
        if (own.writer.clusters_pending()) pending = true;
    });
    if (!pending) return std::nullopt;

    std::vector<ShardRead> shards(workers.size());
    workers.run_on_all([&](IndexingShard& own) { shards[own.index] = read_shard(own.writer.database(), own.index); });
    std::vector<Place> places;
    std::vector<StoryMember> members;
    for (auto& shard : shards) {
        for (auto& place : shard.places) places.push_back(std::move(place));
        for (auto& member : shard.members) members.push_back(std::move(member));
    }
    shards.clear();

    // An article alone in its story is its own head, so only the ids of stories of several
    // are read; but an alone article's cluster id is that of its own id, which it already
    // stores unless it has just left a story.
    const FillIds fill_ids = [&](std::vector<StoryMember>& all, const std::vector<std::size_t>& indices) {
        workers.run_on_all([&](IndexingShard& own) {
            for (const std::size_t i : indices)
                if (places[i].shard == own.index) all[i].order.id = document_id(own.writer.database(), places[i].docid);
        });
    };
    auto stories = assign_stories(members, fill_ids);

    ClusterPassCounts counts;
    counts.documents = members.size();
    std::vector<std::vector<std::pair<Xapian::docid, schema::ClusterValue>>> changes(workers.size());
    std::vector<std::size_t> alone_without_id;
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (stories[i].role == schema::StoryRole::head) ++counts.stories_of_several;
        if (stories[i].role == schema::StoryRole::alone) {
            // Its id was not read: it keeps the cluster id it stores, if that says alone.
            if (!places[i].stored.empty() && places[i].stored.back() == 'S') continue;
            alone_without_id.push_back(i);
            continue;
        }
        if (places[i].stored != schema::cluster_value(stories[i]))
            changes[places[i].shard].emplace_back(places[i].docid, stories[i]);
    }
    if (!alone_without_id.empty()) {
        fill_ids(members, alone_without_id);
        for (const std::size_t i : alone_without_id)
            changes[places[i].shard].emplace_back(places[i].docid,
                                                  schema::ClusterValue{cluster_id_of(members[i].order.id), schema::StoryRole::alone});
    }
    for (const auto& shard : changes) counts.rewritten += shard.size();
    workers.run_on_all([&](IndexingShard& own) {
        for (const auto& [docid, story] : changes[own.index]) own.writer.set_story(docid, story);
        own.writer.clear_clusters_pending();
    });
    return counts;
}

}  // namespace dateline::index

// The searchable index: immutable snapshots of one database revision, and the manager that
// swaps in a new snapshot when the indexer commits.
#pragma once

#include "search/facet_store.h"
#include "search/posting_cache.h"
#include "search/stem_expansion.h"
#include "core/shard_layout.h"

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dateline::search {

/// What a search covers, as the user named it; all of it is searched as one index.
struct IndexSources {
    /// Database directories, Xapian stub files, or directories holding one (as
    /// `dateline-index --shards` makes); a stub may list remote shards.
    std::vector<std::filesystem::path> databases;
    /// Shards served by xapian-tcpsrv.
    std::vector<RemoteShard> remotes;
};

/// An open handle on every shard of a snapshot: the shards as one Xapian database, and each
/// on its own, sharing the same open tables. The posting-list match reads each shard's lists
/// (why: DESIGN.md), and may walk the shards on threads of their own (a database serves one
/// thread at a time); everything else reads the combined database.
struct ShardedDatabase {
    Xapian::Database combined;
    /// In the order `combined` joins them, which is the order its docids interleave.
    std::vector<Xapian::Database> shards;
};

/// Thrown when a snapshot's revision is no longer on disk, or a fresh handle sees a newer
/// one: the caller takes the manager's current snapshot and tries again.
class StaleSnapshot : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One revision of the index: the facet store built for it and a pool of database handles
/// open at it. Immutable once built, and shared by every thread. With only local shards the
/// store has per-document columns; with any remote shard it has the dictionaries only, and
/// facets are counted by Xapian's match spies on the shards' servers (shard_facet_counting.h).
class Snapshot : public std::enable_shared_from_this<Snapshot> {
public:
    /// Opens every shard, checks the format version and builds the facet store and the stem
    /// expansion. Throws std::runtime_error naming the shard when one cannot be opened.
    /// `handles`: how many handles to open at once, before the build, for as many concurrent
    /// searches. A handle opened later sees the revision then on disk, which, while a reindex
    /// commits, is no longer this snapshot's (StaleSnapshot), though this one stays readable
    /// until the indexer's next commit but one. `posting_cache`: what its PostingCache keeps.
    static std::shared_ptr<const Snapshot> open(const IndexSources& sources, std::size_t handles = 1,
                                                PostingCacheLimits posting_cache = {});

    /// A database handle for one thread, returned to the pool when the lease ends, unless
    /// it ends by an exception: a handle that failed (a lost connection to a remote shard,
    /// a revision gone) is closed rather than handed to the next request, and with remote
    /// shards the pooled handles are closed too.
    class Lease {
    public:
        Lease(std::shared_ptr<const Snapshot> owner, std::unique_ptr<ShardedDatabase> handle);
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) noexcept = default;
        ~Lease();
        Xapian::Database& db() const { return handle_->combined; }
        ShardedDatabase& handle() const { return *handle_; }

    private:
        std::shared_ptr<const Snapshot> owner_;
        std::unique_ptr<ShardedDatabase> handle_;
        int exceptions_at_start_;
    };

    /// Throws StaleSnapshot if a new handle cannot be opened at this snapshot's revision.
    Lease acquire() const;

    const FacetStore& facets() const { return facets_; }
    /// The words of this revision, by stem, for parse_query().
    const StemExpansion& stems() const { return stems_; }
    /// Decoded posting lists of frequent terms, filled as searches read them.
    const PostingCache& postings() const { return postings_; }
    Xapian::doccount doc_count() const { return doc_count_; }
    /// Shard revisions joined by '.', e.g. "42" or "42.17".
    const std::string& revision() const { return revision_; }
    const std::vector<ShardLocation>& shards() const { return shards_; }
    const std::string& last_update() const { return last_update_; }

    /// Each shard's database UUID (local shards) and revision: unlike revision(), it tells
    /// a database replaced by another at the same revision number from the one it replaced.
    const std::string& identity() const { return identity_; }
    /// The shards on disk now, in the same form as identity().
    static std::string disk_identity(const IndexSources& sources);

private:
    explicit Snapshot(PostingCacheLimits posting_cache) : postings_(posting_cache) {}
    std::unique_ptr<ShardedDatabase> open_handle() const;

    std::vector<ShardLocation> shards_;
    std::vector<Xapian::rev> shard_revisions_;
    std::vector<std::string> shard_uuids_;  // empty for remote shards
    std::string revision_;
    std::string identity_;
    std::string last_update_;
    Xapian::doccount doc_count_ = 0;
    FacetStore facets_;
    StemExpansion stems_;
    PostingCache postings_;
    struct PooledHandle {
        std::unique_ptr<ShardedDatabase> handle;
        std::chrono::steady_clock::time_point returned;
    };
    bool has_remote_shards_ = false;
    mutable std::mutex pool_mutex_;
    mutable std::vector<PooledHandle> pool_;
};

/// Holds the current snapshot of a set of shards and replaces it when they change on disk.
class Index {
public:
    /// Opens the shards now (throws std::runtime_error if they cannot be opened). With a
    /// positive `poll_interval`, a background thread checks for new revisions that often.
    /// The shards listed by stub files are read again at each check. Each snapshot opens
    /// `handles` database handles up front: one per thread that searches at once, and keeps
    /// decoded posting lists within `posting_cache`.
    explicit Index(IndexSources sources, std::chrono::milliseconds poll_interval = std::chrono::milliseconds{0},
                   std::size_t handles = 1, PostingCacheLimits posting_cache = {});
    /// The same over local databases (directories or stub files) only.
    explicit Index(std::vector<std::filesystem::path> databases,
                   std::chrono::milliseconds poll_interval = std::chrono::milliseconds{0});
    ~Index();
    Index(const Index&) = delete;
    Index& operator=(const Index&) = delete;

    std::shared_ptr<const Snapshot> current() const;

    /// Builds a new snapshot if the revision on disk differs from the current one.
    /// Returns whether the snapshot changed. Never throws: a failed reopen keeps the old.
    bool refresh();

    /// refresh(), unless the current snapshot is no longer `stale`: a request that found its
    /// snapshot stale then takes the one the watcher or another request built meanwhile,
    /// rather than build another while the indexer keeps committing.
    void replace_stale(const std::shared_ptr<const Snapshot>& stale);

    /// Why the shards on disk could not be read at the last check (the watcher's each poll
    /// interval, or a refresh()), naming the shard; empty while they can. The current
    /// snapshot is served meanwhile, from the tables it holds open.
    std::string disk_problem() const;

private:
    bool refresh_locked();
    void set_disk_problem(std::string problem);

    IndexSources sources_;
    std::size_t handles_;
    PostingCacheLimits posting_cache_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Snapshot> current_;
    std::string disk_problem_;  // guarded by mutex_
    std::mutex refresh_mutex_;  // one rebuild at a time
    std::jthread watcher_;
};

}  // namespace dateline::search

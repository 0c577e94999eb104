#include "search/index.h"

#include "core/schema.h"
#include "search/shard_facet_counting.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <stop_token>

namespace dateline::search {
namespace {

constexpr auto kRemoteHandleIdleLimit = std::chrono::seconds(30);

std::vector<ShardLocation> locate_shards(const IndexSources& sources) {
    std::vector<ShardLocation> shards;
    for (const auto& database : sources.databases) {
        auto listed = resolve_shards(database);
        shards.insert(shards.end(), listed.begin(), listed.end());
    }
    for (const auto& remote : sources.remotes) shards.push_back({{}, remote});
    if (shards.empty()) throw std::runtime_error("no database given");
    return shards;
}

Xapian::Database open_shard(const ShardLocation& shard) {
    if (shard.remote) {
        try {
            return Xapian::Remote::open(shard.remote->host, shard.remote->port);
        } catch (const Xapian::Error& e) {
            throw std::runtime_error(shard.to_string() + ": cannot reach the shard (is xapian-tcpsrv serving it?): " +
                                     e.get_description());
        }
    }
    try {
        return Xapian::Database(shard.path.string());
    } catch (const Xapian::DatabaseModifiedError&) {
        throw;  // the indexer committed twice while the tables opened: try again, not an error
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw std::runtime_error(shard.path.string() + ": no Dateline database here (run dateline-index --db " +
                                 shard.path.string() + " first)");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(shard.path.string() + ": cannot open database: " + e.get_description());
    }
}

// Xapian's remote backend does not report revisions, so remote shards are read by the one
// dateline-index keeps in their metadata.
Xapian::rev revision_of(const Xapian::Database& shard, const ShardLocation& location) {
    if (!location.remote) return shard.get_revision();
    const std::string recorded = shard.get_metadata(std::string(schema::kRevisionKey));
    try {
        return recorded.empty() ? 0 : static_cast<Xapian::rev>(std::stoull(recorded));
    } catch (const std::exception&) {
        throw std::runtime_error(location.to_string() + ": unreadable revision \"" + recorded + "\"");
    }
}

// A remote shard's UUID is not needed: its revision is dateline-index's own count.
std::string uuid_of(const Xapian::Database& shard, const ShardLocation& location) {
    return location.remote ? std::string() : shard.get_uuid();
}

std::string join_identities(const std::vector<std::string>& uuids, const std::vector<Xapian::rev>& revisions) {
    std::string out;
    for (std::size_t i = 0; i < revisions.size(); ++i) out += uuids[i] + '@' + std::to_string(revisions[i]) + ';';
    return out;
}

std::string join_revisions(const std::vector<Xapian::rev>& revisions) {
    std::string out;
    for (const auto rev : revisions) {
        if (!out.empty()) out.push_back('.');
        out += std::to_string(rev);
    }
    return out;
}

}  // namespace

Snapshot::Lease::Lease(std::shared_ptr<const Snapshot> owner, std::unique_ptr<ShardedDatabase> handle)
    : owner_(std::move(owner)), handle_(std::move(handle)), exceptions_at_start_(std::uncaught_exceptions()) {}

Snapshot::Lease::~Lease() {
    if (!owner_ || !handle_) return;
    const std::lock_guard lock(owner_->pool_mutex_);
    if (std::uncaught_exceptions() > exceptions_at_start_) {
        // A remote shard's server that failed one connection has most likely dropped them
        // all (a restart, or its idle timeout): reconnect rather than fail on each in turn.
        if (owner_->has_remote_shards_) owner_->pool_.clear();
        return;
    }
    owner_->pool_.push_back({std::move(handle_), std::chrono::steady_clock::now()});
}

std::shared_ptr<const Snapshot> Snapshot::open(const IndexSources& sources, std::size_t handles,
                                               PostingCacheLimits posting_cache) {
    std::shared_ptr<Snapshot> snapshot(new Snapshot(posting_cache));
    snapshot->shards_ = locate_shards(sources);
    auto handle = std::make_unique<ShardedDatabase>();
    for (const auto& location : snapshot->shards_) {
        Xapian::Database shard = open_shard(location);
        const std::string format = shard.get_metadata(std::string(schema::kFormatKey));
        if (format != schema::kFormatVersion)
            throw std::runtime_error(location.to_string() + ": database format \"" + format + "\" is not the supported " +
                                     std::string(schema::kFormatVersion) + " (rebuild it with dateline-index --full)");
        snapshot->shard_revisions_.push_back(revision_of(shard, location));
        snapshot->shard_uuids_.push_back(uuid_of(shard, location));
        snapshot->last_update_ = std::max(snapshot->last_update_, shard.get_metadata(std::string(schema::kLastUpdateKey)));
        handle->combined.add_database(shard);
        handle->shards.push_back(std::move(shard));
    }
    snapshot->revision_ = join_revisions(snapshot->shard_revisions_);
    snapshot->identity_ = join_identities(snapshot->shard_uuids_, snapshot->shard_revisions_);
    const auto opened = std::chrono::steady_clock::now();
    for (std::size_t more = 1; more < handles; ++more) {
        try {
            snapshot->pool_.push_back({snapshot->open_handle(), opened});
        } catch (const StaleSnapshot&) {
            break;  // the indexer committed meanwhile; the handles opened so far will do
        } catch (const Xapian::DatabaseModifiedError&) {
            break;
        }
    }
    Xapian::Database& combined = handle->combined;
    snapshot->doc_count_ = combined.get_doccount();
    snapshot->has_remote_shards_ = std::any_of(snapshot->shards_.begin(), snapshot->shards_.end(),
                                               [](const auto& shard) { return shard.is_remote(); });
    // Remote documents cannot be streamed here cheaply: count their values where they live.
    snapshot->facets_ = snapshot->has_remote_shards_ ? FacetStore::from_value_counts(count_all_facet_values(combined))
                                                     : FacetStore::build(combined);
    snapshot->stems_ = StemExpansion(combined);
    snapshot->pool_.push_back({std::move(handle), opened});
    return snapshot;
}

std::unique_ptr<ShardedDatabase> Snapshot::open_handle() const {
    auto handle = std::make_unique<ShardedDatabase>();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        Xapian::Database shard = open_shard(shards_[i]);
        const Xapian::rev revision = revision_of(shard, shards_[i]);
        if (revision != shard_revisions_[i])
            throw StaleSnapshot(shards_[i].to_string() + ": revision " + std::to_string(revision) + " now, snapshot has " +
                                std::to_string(shard_revisions_[i]));
        if (uuid_of(shard, shards_[i]) != shard_uuids_[i])
            throw StaleSnapshot(shards_[i].to_string() + ": another database now (a new UUID)");
        handle->combined.add_database(shard);
        handle->shards.push_back(std::move(shard));
    }
    return handle;
}

Snapshot::Lease Snapshot::acquire() const {
    {
        const std::lock_guard lock(pool_mutex_);
        while (!pool_.empty()) {
            PooledHandle pooled = std::move(pool_.back());
            pool_.pop_back();
            // xapian-tcpsrv closes connections idle for 60 s by default (--idle-timeout):
            // a handle idle for half that is closed here rather than found dead mid-request.
            if (has_remote_shards_ && std::chrono::steady_clock::now() - pooled.returned > kRemoteHandleIdleLimit)
                continue;
            return Lease(shared_from_this(), std::move(pooled.handle));
        }
    }
    return Lease(shared_from_this(), open_handle());
}

std::string Snapshot::disk_identity(const IndexSources& sources) {
    std::vector<Xapian::rev> revisions;
    std::vector<std::string> uuids;
    for (const auto& location : locate_shards(sources)) {
        const Xapian::Database shard = open_shard(location);
        revisions.push_back(revision_of(shard, location));
        uuids.push_back(uuid_of(shard, location));
    }
    return join_identities(uuids, revisions);
}

Index::Index(std::vector<std::filesystem::path> databases, std::chrono::milliseconds poll_interval)
    : Index(IndexSources{std::move(databases), {}}, poll_interval) {}

Index::Index(IndexSources sources, std::chrono::milliseconds poll_interval, std::size_t handles,
             PostingCacheLimits posting_cache)
    : sources_(std::move(sources)), handles_(std::max<std::size_t>(handles, 1)), posting_cache_(posting_cache),
      current_(Snapshot::open(sources_, handles_, posting_cache_)) {
    if (poll_interval.count() <= 0) return;
    watcher_ = std::jthread([this, poll_interval](std::stop_token stop) {
        std::mutex sleep_mutex;
        std::condition_variable_any wake;
        while (!stop.stop_requested()) {
            std::unique_lock lock(sleep_mutex);
            if (wake.wait_for(lock, stop, poll_interval, [] { return false; })) break;
            if (!stop.stop_requested()) refresh();
        }
    });
}

Index::~Index() = default;  // the jthread member requests stop and joins

std::shared_ptr<const Snapshot> Index::current() const {
    const std::lock_guard lock(mutex_);
    return current_;
}

bool Index::refresh() {
    const std::lock_guard rebuilding(refresh_mutex_);
    return refresh_locked();
}

void Index::replace_stale(const std::shared_ptr<const Snapshot>& stale) {
    const std::lock_guard rebuilding(refresh_mutex_);
    if (current() == stale) refresh_locked();
}

std::string Index::disk_problem() const {
    const std::lock_guard lock(mutex_);
    return disk_problem_;
}

void Index::set_disk_problem(std::string problem) {
    const std::lock_guard lock(mutex_);
    disk_problem_ = std::move(problem);
}

bool Index::refresh_locked() {
    try {
        if (Snapshot::disk_identity(sources_) == current()->identity()) {
            set_disk_problem({});
            return false;
        }
        auto fresh = Snapshot::open(sources_, handles_, posting_cache_);
        const std::lock_guard lock(mutex_);
        current_ = std::move(fresh);
        disk_problem_.clear();
        return true;
    } catch (const Xapian::DatabaseModifiedError&) {
        // A writer mid-commit: keep serving the old revision and try again at the next poll.
        return false;
    } catch (const std::exception& e) {
        // A shard moved, deleted or unreadable: keep serving the old revision (its tables
        // stay open), say why in /api/health, and try again at the next poll.
        set_disk_problem(e.what());
        return false;
    } catch (const Xapian::Error& e) {
        set_disk_problem(e.get_description());
        return false;
    }
}

}  // namespace dateline::search

#include "search/index.h"

#include "schema.h"

#include <condition_variable>
#include <stop_token>

namespace dateline::search {
namespace {

Xapian::Database open_shard(const std::filesystem::path& path) {
    try {
        return Xapian::Database(path.string());
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw std::runtime_error(path.string() + ": no Dateline database here (run dateline-index --db " +
                                 path.string() + " first)");
    } catch (const Xapian::Error& e) {
        throw std::runtime_error(path.string() + ": cannot open database: " + e.get_description());
    }
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

Snapshot::Lease::Lease(std::shared_ptr<const Snapshot> owner, std::unique_ptr<Xapian::Database> db)
    : owner_(std::move(owner)), db_(std::move(db)) {}

Snapshot::Lease::~Lease() {
    if (!owner_ || !db_) return;
    const std::lock_guard lock(owner_->pool_mutex_);
    owner_->pool_.push_back(std::move(db_));
}

std::shared_ptr<const Snapshot> Snapshot::open(const std::vector<std::filesystem::path>& shards) {
    if (shards.empty()) throw std::runtime_error("no database given");
    std::shared_ptr<Snapshot> snapshot(new Snapshot());
    snapshot->shards_ = shards;
    auto combined = std::make_unique<Xapian::Database>();
    for (const auto& path : shards) {
        Xapian::Database shard = open_shard(path);
        const std::string format = shard.get_metadata(std::string(schema::kFormatKey));
        if (format != schema::kFormatVersion)
            throw std::runtime_error(path.string() + ": database format \"" + format + "\" is not the supported " +
                                     std::string(schema::kFormatVersion) + " (rebuild it with dateline-index --full)");
        snapshot->shard_revisions_.push_back(shard.get_revision());
        if (snapshot->last_update_.empty() || shard.get_metadata(std::string(schema::kLastUpdateKey)) > snapshot->last_update_)
            snapshot->last_update_ = shard.get_metadata(std::string(schema::kLastUpdateKey));
        combined->add_database(shard);
    }
    snapshot->revision_ = join_revisions(snapshot->shard_revisions_);
    snapshot->doc_count_ = combined->get_doccount();
    snapshot->facets_ = FacetStore::build(*combined);
    snapshot->pool_.push_back(std::move(combined));
    return snapshot;
}

std::unique_ptr<Xapian::Database> Snapshot::open_handle() const {
    auto combined = std::make_unique<Xapian::Database>();
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        Xapian::Database shard = open_shard(shards_[i]);
        if (shard.get_revision() != shard_revisions_[i])
            throw StaleSnapshot(shards_[i].string() + ": revision " + std::to_string(shard.get_revision()) +
                                " on disk, snapshot has " + std::to_string(shard_revisions_[i]));
        combined->add_database(shard);
    }
    return combined;
}

Snapshot::Lease Snapshot::acquire() const {
    {
        const std::lock_guard lock(pool_mutex_);
        if (!pool_.empty()) {
            auto db = std::move(pool_.back());
            pool_.pop_back();
            return Lease(shared_from_this(), std::move(db));
        }
    }
    return Lease(shared_from_this(), open_handle());
}

std::string Snapshot::disk_revision(const std::vector<std::filesystem::path>& shards) {
    std::vector<Xapian::rev> revisions;
    for (const auto& path : shards) revisions.push_back(open_shard(path).get_revision());
    return join_revisions(revisions);
}

Index::Index(std::vector<std::filesystem::path> shards, std::chrono::milliseconds poll_interval)
    : shards_(std::move(shards)), current_(Snapshot::open(shards_)) {
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
    try {
        if (Snapshot::disk_revision(shards_) == current()->revision()) return false;
        auto fresh = Snapshot::open(shards_);
        const std::lock_guard lock(mutex_);
        current_ = std::move(fresh);
        return true;
    } catch (const std::exception&) {
        // A writer mid-commit or a shard briefly unreadable: keep serving the old revision
        // and try again at the next poll.
        return false;
    } catch (const Xapian::Error&) {
        return false;
    }
}

}  // namespace dateline::search

// Snapshots while the indexer commits: a snapshot stays readable until the indexer's next
// commit but one, so it opens its handles up front, and requests that find it stale share
// one rebuild instead of each building another.
#include "search/index.h"
#include "core/shard_layout.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <optional>
#include <vector>

using namespace dateline;
using namespace dateline::search;

namespace {

// One commit, as the indexer's, of one more document.
void commit_one_document(const std::filesystem::path& db) {
    const auto shards = resolve_shards(db);
    REQUIRE(shards.size() == 1);
    Xapian::WritableDatabase writer(shards.front().path.string(), Xapian::DB_OPEN);
    writer.add_document(Xapian::Document());
    writer.commit();
}

}  // namespace

TEST_SUITE("snapshots") {
    TEST_CASE("a snapshot opens a handle per searching thread up front, still usable after a commit") {
        const testing::TempDir dir;
        testing::write_synthetic_corpus(dir / "in.jsonl", 20, 1);
        testing::build_index(dir / "db", {dir / "in.jsonl"});
        const Index index(IndexSources{{dir / "db"}, {}}, std::chrono::milliseconds{0}, 3);
        const auto snapshot = index.current();
        commit_one_document(dir / "db");

        std::vector<Snapshot::Lease> leases;  // held at once, as by three concurrent searches
        for (int i = 0; i < 3; ++i) {
            leases.push_back(snapshot->acquire());
            CHECK(leases.back().db().get_doccount() == 20);
        }
        // A fourth would open the revision now on disk, which is not the snapshot's.
        CHECK_THROWS_AS(snapshot->acquire(), StaleSnapshot);
    }

    TEST_CASE("requests that found a snapshot stale take the one built meanwhile") {
        const testing::TempDir dir;
        testing::write_synthetic_corpus(dir / "in.jsonl", 20, 1);
        testing::build_index(dir / "db", {dir / "in.jsonl"});
        Index index(IndexSources{{dir / "db"}, {}});
        const auto stale = index.current();

        commit_one_document(dir / "db");
        index.replace_stale(stale);
        const auto fresh = index.current();
        CHECK(fresh != stale);
        CHECK(fresh->doc_count() == 21);

        // A second request that saw `stale` takes `fresh`, though the disk has moved on again.
        commit_one_document(dir / "db");
        index.replace_stale(stale);
        CHECK(index.current() == fresh);
        // The watcher (refresh) or a request that saw `fresh` builds the next one.
        index.replace_stale(fresh);
        CHECK(index.current()->doc_count() == 22);
    }
}

// The indexer is killed with SIGKILL at random moments; the database must always open and
// answer, and the run after the last kill must leave the index a clean build would.
#include "core/schema.h"
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fstream>
#include <map>
#include <random>
#include <thread>

using namespace dateline;
using dateline::testing::TempDir;

namespace {

// Every boolean term with its frequency: ids, facets, dates, inputs. Equal maps mean the
// same documents with the same facet counts, whatever their docids.
std::map<std::string, Xapian::doccount> boolean_terms(const std::filesystem::path& db) {
    const Xapian::Database database(db.string());
    std::map<std::string, Xapian::doccount> out;
    for (auto it = database.allterms_begin(); it != database.allterms_end(); ++it) {
        const std::string term = *it;
        if (!term.empty() && std::isupper(static_cast<unsigned char>(term[0])) && term[0] != 'S')
            out[term] = it.get_termfreq();
    }
    return out;
}

// Each document's story, by id: the kSlotCluster value (the XK terms are boolean terms).
std::map<std::string, std::string> stories(const std::filesystem::path& db) {
    const Xapian::Database database(db.string());
    std::map<std::string, std::string> out;
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
        const auto doc = database.get_document(*it);
        out[nlohmann::json::parse(doc.get_data())["id"]] = doc.get_value(schema::kSlotCluster);
    }
    return out;
}

void write_corpus(const std::filesystem::path& dir) {
    // 3,000 documents: 20 JSONL files of 120 and 600 small text files, which differ in a
    // number only: one story of 600 articles, whose head must be the same after kills.
    for (int f = 0; f < 20; ++f) testing::write_synthetic_corpus(dir / ("feed-" + std::to_string(f) + ".jsonl"), 120, 100 + f,
                                        "feed" + std::to_string(f) + "-");
    for (int i = 0; i < 600; ++i) {
        std::filesystem::create_directories(dir / "txt" / std::to_string(i % 10));
        std::ofstream(dir / "txt" / std::to_string(i % 10) / ("note-" + std::to_string(i) + ".txt"))
            << "Note " << i << "\n\nThe talks in Kyiv resumed, officials in Moscow said on day " << i << ".\n";
    }
}

// The indexer's arguments; `layout` adds options such as --shards.
std::vector<std::string> indexer_args(const std::filesystem::path& db, const std::filesystem::path& corpus,
                                      const std::vector<std::string>& layout) {
    std::vector<std::string> args{"--db", db.string(), "--batch-size", "100", "--quiet"};
    args.insert(args.end(), layout.begin(), layout.end());
    args.push_back(corpus.string());
    return args;
}

int run_indexer(const std::filesystem::path& db, const std::filesystem::path& corpus,
                const std::vector<std::string>& layout) {
    testing::ChildProcess indexer(DATELINE_INDEX_BIN, indexer_args(db, corpus, layout));
    return indexer.stop(0, 120000);  // signal 0: just wait for it
}

// Kills runs that build the database with `layout` (extra indexer options) at random
// moments; `marker` is the file that exists once the database does.
void check_recovery_after_kills(const std::vector<std::string>& layout, const std::string& marker) {
    const TempDir dir;
    write_corpus(dir / "corpus");
    const auto clean_started = std::chrono::steady_clock::now();
    REQUIRE(run_indexer(dir / "clean", dir / "corpus", layout) == 0);
    // Kills land within the time a whole build takes, however fast this machine and layout.
    const auto build_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                               clean_started).count();
    const auto expected = boolean_terms(dir / "clean");
    const auto expected_stories = stories(dir / "clean");
    REQUIRE(Xapian::Database((dir / "clean").string()).get_doccount() == 3000);

    std::mt19937 random(20261122);
    int interrupted = 0;
    for (int round = 0; round < 8; ++round) {
        testing::ChildProcess indexer(DATELINE_INDEX_BIN, indexer_args(dir / "crashed", dir / "corpus", layout));
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + random() % std::max<long long>(build_ms * 2 / 3, 1)));
        if (indexer.stop(SIGKILL) == 128 + SIGKILL) {
            ++interrupted;
        } else {
            // It finished first (this machine got faster): start over, so later kills land mid-build.
            std::filesystem::remove_all(dir / "crashed");
            continue;
        }
        if (!std::filesystem::exists(dir / "crashed" / marker)) continue;  // killed before the database existed
        // Whatever was committed last opens and answers.
        const Xapian::Database db((dir / "crashed").string());
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query("talk"));
        CHECK_NOTHROW(enquire.get_mset(0, 10));
    }
    CHECK(interrupted > 0);
    REQUIRE(run_indexer(dir / "crashed", dir / "corpus", layout) == 0);
    CHECK(boolean_terms(dir / "crashed") == expected);
    CHECK(stories(dir / "crashed") == expected_stories);
    CHECK(Xapian::Database((dir / "crashed").string()).get_metadata(std::string(schema::kClustersPendingKey)).empty());
    CHECK(Xapian::Database((dir / "crashed").string()).get_doccount() == 3000);
}

}  // namespace

TEST_SUITE("crash safety") {
    TEST_CASE("killing the indexer at random moments never corrupts the index, and the next run finishes it") {
        check_recovery_after_kills({}, "iamglass");
    }

    TEST_CASE("a sharded database survives kills too: shards commit before the records that say a file is done") {
        check_recovery_after_kills({"--shards", "2"}, std::string(schema::kStubFile));
    }
}

// Story clusters kept by dateline-index (story_clusters.h): incremental runs that add copies,
// change and delete heads, and a run cut short before its cluster pass.
#include "extract/extractor.h"
#include "indexing_run.h"
#include "near_duplicates.h"
#include "core/schema.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <map>

using namespace dateline;
using namespace dateline::index;
using dateline::testing::TempDir;
using dateline::testing::write_file;

namespace {

const std::string kStory =
    "The Bundesbank left credit policies unchanged after today's regular meeting of its council, a spokesman said. "
    "The discount rate remains at 3.0 pct, and the Lombard emergency financing rate at 5.0 pct. Money market "
    "dealers had expected no change, citing the stability of the mark against the dollar.";
const std::string kOther =
    "Oil prices rose on the spot market as traders reacted to reports that OPEC members were keeping to their "
    "output quotas. North Sea Brent for May loading traded at 18.20 dlrs a barrel, up 30 cents from Friday.";

std::string article(const std::string& id, const std::string& date, const std::string& title, const std::string& body) {
    return nlohmann::json({{"id", id}, {"date", date}, {"title", title}, {"body", body}}).dump() + "\n";
}

void bump_mtime(const std::filesystem::path& path) {
    std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
}

RunSummary run(const std::filesystem::path& db, const std::filesystem::path& input) {
    static const extract::Extractor extractor{testing::data_dir()};
    RunOptions options;
    options.db = db;
    options.inputs = {input};
    options.batch_size = 2;
    return index_inputs(options, extractor, [](InputProblem&&) {});
}

// id -> "alone", "head", or "copy of <head id>", with every document's XK term checked
// against its role.
std::map<std::string, std::string> stories(const std::filesystem::path& db_path) {
    const Xapian::Database db(db_path.string());
    std::map<std::string, std::string> ids_by_cluster_head;  // cluster id -> head id
    std::map<std::string, std::pair<std::string, schema::ClusterValue>> read;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const auto doc = db.get_document(*it);
        const std::string id = nlohmann::json::parse(doc.get_data())["id"];
        const auto story = schema::parse_cluster_value(doc.get_value(schema::kSlotCluster));
        auto term = doc.termlist_begin();
        term.skip_to(std::string(schema::kClusterPrefix));
        const bool has_term = term != doc.termlist_end() && *term == schema::cluster_term(story.cluster_id);
        CHECK(has_term == (story.role != schema::StoryRole::alone));
        if (story.role != schema::StoryRole::copy) {
            CHECK(story.cluster_id == cluster_id_of(id));
            ids_by_cluster_head[story.cluster_id] = id;
        }
        read[id] = {id, story};
    }
    std::map<std::string, std::string> out;
    for (const auto& [id, entry] : read) {
        const auto& story = entry.second;
        out[id] = story.role == schema::StoryRole::alone  ? "alone"
                  : story.role == schema::StoryRole::head ? "head"
                                                          : "copy of " + ids_by_cluster_head[story.cluster_id];
    }
    CHECK(db.get_metadata(std::string(schema::kClustersPendingKey)).empty());
    return out;
}

}  // namespace

TEST_SUITE("story clusters") {
    TEST_CASE("a new copy joins its story, and changing or deleting the head hands the story to the next article") {
        const TempDir dir;
        const auto in = dir / "in";
        write_file(in / "a.jsonl", article("A", "2024-01-02", "BUNDESBANK LEAVES POLICIES UNCHANGED", kStory));
        write_file(in / "b.jsonl", article("B", "2024-01-03", "UPDATE 1-Bundesbank keeps rates", kStory + " (Corrects rate)"));
        write_file(in / "c.jsonl", article("C", "2024-01-02", "OIL PRICES RISE", kOther));
        run(dir / "db", in);
        CHECK(stories(dir / "db") ==
              std::map<std::string, std::string>{{"A", "head"}, {"B", "copy of A"}, {"C", "alone"}});

        // An earlier take arrives: it heads the story.
        write_file(in / "d.jsonl", article("D", "2024-01-01", "BUNDESBANK MEETS", "BONN, Jan 1 - " + kStory));
        run(dir / "db", in);
        CHECK(stories(dir / "db") ==
              std::map<std::string, std::string>{{"A", "copy of D"}, {"B", "copy of D"}, {"C", "alone"}, {"D", "head"}});

        // The head's text changes into another story: the next earliest article heads it.
        write_file(in / "d.jsonl", article("D", "2024-01-01", "COFFEE", "Coffee quotas were discussed in London at length today."));
        bump_mtime(in / "d.jsonl");
        run(dir / "db", in);
        CHECK(stories(dir / "db") ==
              std::map<std::string, std::string>{{"A", "head"}, {"B", "copy of A"}, {"C", "alone"}, {"D", "alone"}});

        // The head is deleted: its last copy is alone again.
        std::filesystem::remove(in / "a.jsonl");
        const auto deleted = run(dir / "db", in);
        CHECK(deleted.deleted == 1);
        CHECK(stories(dir / "db") == std::map<std::string, std::string>{{"B", "alone"}, {"C", "alone"}, {"D", "alone"}});
        CHECK(Xapian::Database((dir / "db").string()).get_termfreq(schema::cluster_term(cluster_id_of("A"))) == 0);
    }

    TEST_CASE("a run cut short before its cluster pass is finished by the next, which changes nothing else") {
        const TempDir dir;
        const auto in = dir / "in";
        write_file(in / "a.jsonl", article("A", "2024-01-02", "BUNDESBANK", kStory) +
                                       article("B", "2024-01-03", "BUNDESBANK AGAIN", kStory + " Reuter"));
        run(dir / "db", in);
        const auto expected = stories(dir / "db");
        REQUIRE(expected.at("B") == "copy of A");
        {
            // What a killed run leaves: B rewritten as the builder writes it (alone, no term),
            // and the pending key committed with it.
            Xapian::WritableDatabase db((dir / "db").string());
            const Xapian::docid b = *db.postlist_begin(schema::id_term("B"));
            Xapian::Document doc = db.get_document(b);
            doc.remove_term(schema::cluster_term(cluster_id_of("A")));
            doc.add_value(schema::kSlotCluster, schema::cluster_value({cluster_id_of("B"), schema::StoryRole::alone}));
            db.replace_document(b, doc);
            db.set_metadata(std::string(schema::kClustersPendingKey), "1");
            db.commit();
        }
        const auto again = run(dir / "db", in);
        CHECK(again.updated == 0);
        CHECK(stories(dir / "db") == expected);
    }
}

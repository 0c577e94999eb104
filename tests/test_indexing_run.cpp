#include "extract/extractor.h"
#include "index_writer.h"
#include "indexing_run.h"
#include "run_lock.h"
#include "core/schema.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cctype>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <tuple>
#include <thread>

using namespace dateline;
using namespace dateline::index;
using dateline::testing::TempDir;

namespace {

using dateline::testing::write_file;

// A file rewritten within the same clock tick keeps its mtime; make the change visible.
void bump_mtime(const std::filesystem::path& path) {
    std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
}

// What a run did to the documents, compared as one so that a failure shows all four counts.
struct Changes {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t deleted = 0;
    std::size_t unchanged = 0;
    bool operator==(const Changes&) const = default;
};

Changes changes_of(const RunSummary& run) { return {run.added, run.updated, run.deleted, run.unchanged}; }

std::ostream& operator<<(std::ostream& out, const Changes& c) {
    return out << "{added " << c.added << ", updated " << c.updated << ", deleted " << c.deleted << ", unchanged "
               << c.unchanged << "}";
}

std::string record(const std::string& id, const std::string& title) {
    return R"({"id":")" + id + R"(","title":")" + title + R"(","body":"Talks in Kyiv."})" + "\n";
}

struct Indexer {
    const extract::Extractor extractor{testing::data_dir()};
    std::vector<std::string> problems;

    RunSummary run(const std::filesystem::path& db, const std::vector<std::filesystem::path>& inputs, bool full = false) {
        RunOptions options;
        options.db = db;
        options.inputs = inputs;
        options.full = full;
        options.batch_size = 7;
        return index_inputs(options, extractor, [&](InputProblem&& p) { problems.push_back(p.where + ": " + p.reason); });
    }
};

std::map<std::string, std::string> titles(const std::filesystem::path& db) {
    const Xapian::Database database(db.string());
    std::map<std::string, std::string> out;
    for (auto it = database.postlist_begin(""); it != database.postlist_end(""); ++it) {
        const std::string data = database.get_document(*it).get_data();
        const auto json = nlohmann::json::parse(data);
        out[json["id"]] = json["title"];
    }
    return out;
}

// The spelling table, word -> frequency, and what it should be: every unprefixed term with
// the number of documents holding it.
std::pair<std::map<std::string, Xapian::doccount>, std::map<std::string, Xapian::doccount>> spelling_and_words(
    const std::filesystem::path& db) {
    const Xapian::Database database(db.string());
    std::map<std::string, Xapian::doccount> spelling, words;
    for (auto it = database.spellings_begin(); it != database.spellings_end(); ++it) spelling[*it] = it.get_termfreq();
    for (auto it = database.allterms_begin(); it != database.allterms_end(); ++it)
        if (!std::isupper(static_cast<unsigned char>((*it)[0]))) words[*it] = it.get_termfreq();
    return {spelling, words};
}

}  // namespace

TEST_SUITE("spelling data") {
    TEST_CASE("the spelling table lists the index's words with their document counts, and forgets deleted ones") {
        const TempDir dir;
        write_file(dir / "in" / "a.jsonl", record("a1", "Ceasefire talks") + record("a2", "Grain corridor"));
        write_file(dir / "in" / "b.txt", "Zaporizhzhia\n\nInspectors visited the plant.");
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        auto [spelling, words] = spelling_and_words(dir / "db");
        CHECK(spelling == words);
        CHECK(spelling.at("talks") == 2);  // a1's title and body, a2's body: two documents
        CHECK(spelling.at("zaporizhzhia") == 1);

        // b.txt gone: its words leave the table; a.jsonl's stay.
        std::filesystem::remove(dir / "in" / "b.txt");
        indexer.run(dir / "db", {dir / "in"});
        std::tie(spelling, words) = spelling_and_words(dir / "db");
        CHECK(spelling == words);
        CHECK(spelling.count("zaporizhzhia") == 0);
        CHECK(spelling.at("ceasefire") == 1);
        CHECK(Xapian::Database((dir / "db").string()).get_spelling_suggestion("ceasfire") == "ceasefire");
    }

    TEST_CASE("a large sync is committed in slices, and one cut short is finished by the next run") {
        const TempDir dir;
        const auto db = dir / "db";
        const auto pending = [&] {
            return Xapian::Database(db.string()).get_metadata(std::string(schema::kSpellingPendingKey));
        };
        {
            index::IndexWriter writer(db, {0, 1}, 1000);
            for (int i = 0; i < 25; ++i) {
                const std::string id_term = schema::id_term("d" + std::to_string(i));
                Xapian::Document doc;
                doc.add_term("word" + std::to_string(i));
                doc.add_boolean_term(id_term);
                writer.write(doc, id_term);
            }
            const Xapian::rev before = writer.database().get_revision();
            writer.sync_spelling(10);
            CHECK(writer.database().get_revision() == before + 2);  // after words 10 and 20
            CHECK(pending() == "1");
            writer.commit();  // the last five words
        }
        auto [spelling, words] = spelling_and_words(db);
        CHECK(spelling.size() == 25);
        CHECK(spelling == words);
        CHECK(pending().empty());

        // A sync killed after a slice: the key still set, a word not yet in the table. The next
        // run changes no document, and finishes the table all the same.
        {
            Xapian::WritableDatabase killed(db.string());
            killed.remove_spelling("word3", 1);
            killed.set_metadata(std::string(schema::kSpellingPendingKey), "1");
            killed.commit();
        }
        {
            index::IndexWriter writer(db, {0, 1}, 1000);
            writer.sync_spelling();
            writer.commit();
        }
        std::tie(spelling, words) = spelling_and_words(db);
        CHECK(spelling == words);
        CHECK(pending().empty());
    }
}

TEST_SUITE("incremental indexing") {
    TEST_CASE("a second run over unchanged inputs reads nothing and changes nothing") {
        const TempDir dir;
        write_file(dir / "in" / "a.txt", "Alpha\n\nText.");
        write_file(dir / "in" / "b.jsonl", record("b1", "B1") + record("b2", "B2"));
        Indexer indexer;
        const auto first = indexer.run(dir / "db", {dir / "in"});
        CHECK(first.added == 3);
        const auto revision = Xapian::Database((dir / "db").string()).get_revision();
        const auto second = indexer.run(dir / "db", {dir / "in"});
        CHECK(second.documents == 0);
        CHECK(changes_of(second) == Changes{.unchanged = 3});
        // Only the run's own bookkeeping is committed: no document changed.
        CHECK(titles(dir / "db").size() == 3);
        CHECK(Xapian::Database((dir / "db").string()).get_revision() == revision + 1);
    }

    TEST_CASE("changed files are reindexed and their vanished records deleted") {
        const TempDir dir;
        write_file(dir / "in" / "b.jsonl", record("b1", "B1") + record("b2", "B2"));
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        write_file(dir / "in" / "b.jsonl", record("b1", "B1 again") + record("b3", "B3"));
        bump_mtime(dir / "in" / "b.jsonl");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(changes_of(run) == Changes{.added = 1, .updated = 1, .deleted = 1});
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"b1", "B1 again"}, {"b3", "B3"}});
    }

    TEST_CASE("a changed file rewrites only its changed articles, unless --full") {
        const TempDir dir;
        const auto feed = [](const std::string& changed_suffix) {
            std::string out;
            for (int i = 0; i < 70; ++i) {
                const std::string title = "R" + std::to_string(i);
                out += record("r" + std::to_string(i), i % 7 == 3 ? title + changed_suffix : title);
            }
            return out;
        };
        write_file(dir / "in" / "feed.jsonl", feed(""));
        Indexer indexer;  // batches of 7
        indexer.run(dir / "db", {dir / "in"});
        const auto revision = Xapian::Database((dir / "db").string()).get_revision();

        // Every seventh article changed, and one new: the other 60 are read again as they were.
        write_file(dir / "in" / "feed.jsonl", feed(" changed") + record("r70", "R70"));
        bump_mtime(dir / "in" / "feed.jsonl");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(run.documents == 71);
        CHECK(changes_of(run) == Changes{.added = 1, .updated = 10, .unchanged = 60});
        CHECK(titles(dir / "db").at("r3") == "R3 changed");
        CHECK(titles(dir / "db").at("r4") == "R4");
        CHECK(titles(dir / "db").size() == 71);
        // Commits follow the 11 changes, not the 71 articles read (a batch of 7 holding one
        // change each would be 10 commits); the server rebuilds its snapshot at each.
        CHECK(Xapian::Database((dir / "db").string()).get_revision() <= revision + 4);

        // --full rewrites every article (after new extraction data, say).
        const auto full = indexer.run(dir / "db", {dir / "in"}, /*full=*/true);
        CHECK(full.updated == 71);
        CHECK(full.unchanged == 0);
    }

    TEST_CASE("an article moved to another file is rewritten, and stays when its old file goes") {
        // Were the file not part of the digest, y would be taken as unchanged, keep b as its
        // source, and go with b's other articles.
        const TempDir dir;
        write_file(dir / "in" / "a.jsonl", record("x", "X"));
        write_file(dir / "in" / "b.jsonl", record("y", "Y"));
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        write_file(dir / "in" / "a.jsonl", record("x", "X") + record("y", "Y"));  // the same y, now from a
        write_file(dir / "in" / "b.jsonl", record("z", "Z"));
        bump_mtime(dir / "in" / "a.jsonl");
        bump_mtime(dir / "in" / "b.jsonl");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(changes_of(run) == Changes{.added = 1, .updated = 1, .unchanged = 1});
        std::filesystem::remove(dir / "in" / "b.jsonl");
        CHECK(indexer.run(dir / "db", {dir / "in"}).deleted == 1);
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"x", "X"}, {"y", "Y"}});
    }

    TEST_CASE("a file touched but not changed is not reindexed") {
        const TempDir dir;
        write_file(dir / "in" / "a.txt", "Alpha\n\nText.");
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        bump_mtime(dir / "in" / "a.txt");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(run.documents == 0);
        CHECK(run.unchanged == 1);
    }

    TEST_CASE("documents of files removed from a directory input are deleted") {
        const TempDir dir;
        write_file(dir / "in" / "a.txt", "Alpha\n\nText.");
        write_file(dir / "in" / "sub" / "b.txt", "Beta\n\nText.");
        write_file(dir / "other" / "c.txt", "Gamma\n\nText.");
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in", dir / "other"});
        std::filesystem::remove_all(dir / "in" / "sub");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(run.deleted == 1);
        // Inputs not named in this run are left alone unless --full.
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"a.txt", "Alpha"}, {"c.txt", "Gamma"}});
        CHECK(indexer.run(dir / "db", {dir / "in"}, /*full=*/true).deleted == 1);
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"a.txt", "Alpha"}});
    }

    TEST_CASE("a file with a bad record keeps its old documents until it is fixed") {
        const TempDir dir;
        write_file(dir / "in" / "b.jsonl", record("b1", "B1") + record("b2", "B2"));
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        write_file(dir / "in" / "b.jsonl", record("b1", "B1 new") + "{broken\n");
        bump_mtime(dir / "in" / "b.jsonl");
        const auto bad = indexer.run(dir / "db", {dir / "in"});
        CHECK(bad.skipped == 1);
        CHECK(bad.deleted == 0);
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"b1", "B1 new"}, {"b2", "B2"}});
        REQUIRE(indexer.problems.size() == 1);
        CHECK(indexer.problems[0] == (dir / "in" / "b.jsonl").string() + ":2: malformed JSON");
        write_file(dir / "in" / "b.jsonl", record("b1", "B1 new"));
        bump_mtime(dir / "in" / "b.jsonl");
        CHECK(indexer.run(dir / "db", {dir / "in"}).deleted == 1);  // retried and now clean
    }

    TEST_CASE("a file that changes or vanishes while it is read is reported, keeps its old documents, and is read again") {
        const TempDir dir;
        const auto file = dir / "in" / "c.jsonl";
        write_file(file, record("c1", "C1") + record("c2", "C2"));
        write_file(dir / "in" / "other.jsonl", record("o1", "O1"));
        Indexer indexer;
        indexer.run(dir / "db", {dir / "in"});
        write_file(file, record("c1", "C1 new") + record("c2", "C2 new") + record("c3", "C3"));
        bump_mtime(file);

        // The run reads c.jsonl; after its first article, the file is changed under it (or
        // deleted): the only moment a test can choose deterministically.
        const auto run_with_interference = [&](const std::function<void()>& interfere) {
            RunOptions options;
            options.db = dir / "db";
            options.inputs = {dir / "in"};
            bool done = false;
            options.on_progress = [&](const Progress& progress) {
                if (!done && progress.documents == 1) {
                    done = true;
                    interfere();
                }
            };
            return index_inputs(options, indexer.extractor,
                                [&](InputProblem&& p) { indexer.problems.push_back(p.where + ": " + p.reason); });
        };

        SUBCASE("changed") {
            const auto torn = run_with_interference([&] {
                std::ofstream(file, std::ios::app) << record("c4", "C4");
                bump_mtime(file);
            });
            CHECK(torn.skipped == 1);
            CHECK(torn.deleted == 0);
            REQUIRE(indexer.problems.size() == 1);
            CHECK(indexer.problems[0] == file.string() + ": changed while it was read; it is read again at the next run");
            CHECK(titles(dir / "db").at("o1") == "O1");
            const auto again = indexer.run(dir / "db", {dir / "in"});
            CHECK(again.skipped == 0);
            CHECK(titles(dir / "db") == std::map<std::string, std::string>{
                                            {"c1", "C1 new"}, {"c2", "C2 new"}, {"c3", "C3"}, {"c4", "C4"}, {"o1", "O1"}});
        }
        SUBCASE("vanished") {
            const auto torn = run_with_interference([&] { std::filesystem::remove(file); });
            CHECK(torn.skipped == 1);
            CHECK(torn.deleted == 0);
            REQUIRE(indexer.problems.size() == 1);
            CHECK(indexer.problems[0] == file.string() + ": vanished while it was read; its documents go at the next run");
            CHECK(titles(dir / "db").count("c2") == 1);  // nothing lost in the run that met it
            const auto again = indexer.run(dir / "db", {dir / "in"});
            CHECK(again.skipped == 0);
            CHECK(titles(dir / "db") == std::map<std::string, std::string>{{"o1", "O1"}});
        }
    }

    TEST_CASE("feeds and web archives reindex as JSONL does: removed items deleted, unchanged ones not rewritten") {
        const auto item = [](const std::string& guid, const std::string& title) {
            return "<item><guid>" + guid + "</guid><title>" + title + "</title><description>Talks in Kyiv.</description></item>";
        };
        const auto feed = [](const std::string& items) { return "<rss><channel><title>F</title>" + items + "</channel></rss>"; };
        const auto page = [](const std::string& uri, const std::string& title) {
            const std::string block = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<title>" + title +
                                      "</title><p>Talks in Kyiv.</p>";
            return "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri +
                   "\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " +
                   std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
        };
        const TempDir dir;
        write_file(dir / "in" / "news.rss", feed(item("a", "A") + item("b", "B") + item("c", "C")));
        write_file(dir / "in" / "site.warc", page("https://x/p", "P") + page("https://x/q", "Q"));
        Indexer indexer;
        CHECK(changes_of(indexer.run(dir / "db", {dir / "in"})) == Changes{.added = 5});

        write_file(dir / "in" / "news.rss", feed(item("a", "A") + item("c", "C changed") + item("d", "D")));
        write_file(dir / "in" / "site.warc", page("https://x/q", "Q"));
        bump_mtime(dir / "in" / "news.rss");
        bump_mtime(dir / "in" / "site.warc");
        const auto run = indexer.run(dir / "db", {dir / "in"});
        CHECK(indexer.problems.empty());
        CHECK(changes_of(run) == Changes{.added = 1, .updated = 1, .deleted = 2, .unchanged = 2});
        CHECK(titles(dir / "db") == std::map<std::string, std::string>{
                                        {"a", "A"}, {"c", "C changed"}, {"d", "D"}, {"https://x/q", "Q"}});
        CHECK(changes_of(indexer.run(dir / "db", {dir / "in"})) == Changes{.unchanged = 4});
    }

    TEST_CASE("a feed that turns malformed keeps every document it had, and is read again once fixed") {
        std::string items;
        for (int i = 0; i < 30; ++i)
            items += "<item><guid>i" + std::to_string(i) + "</guid><title>Item " + std::to_string(i) +
                     "</title><description>Talks in Kyiv.</description></item>\n";
        const auto feed = [](const std::string& body) { return "<rss><channel><title>F</title>\n" + body + "</channel></rss>"; };
        const TempDir dir;
        write_file(dir / "in" / "news.rss", feed(items));
        Indexer indexer;
        CHECK(indexer.run(dir / "db", {dir / "in"}).added == 30);
        write_file(dir / "in" / "news.rss", feed("<item><guid>new</guid><title>New</title></item>\n<item><guid>x</title>"));
        bump_mtime(dir / "in" / "news.rss");
        const auto bad = indexer.run(dir / "db", {dir / "in"});
        CHECK(bad.skipped == 1);
        CHECK(bad.deleted == 0);
        REQUIRE(indexer.problems.size() == 1);
        CHECK(indexer.problems[0].starts_with((dir / "in" / "news.rss").string() + ":3: malformed XML: "));
        CHECK(titles(dir / "db").size() == 30);
        write_file(dir / "in" / "news.rss", feed("<item><guid>new</guid><title>New</title></item>"));
        bump_mtime(dir / "in" / "news.rss");
        const auto fixed = indexer.run(dir / "db", {dir / "in"});
        CHECK(changes_of(fixed) == Changes{.added = 1, .deleted = 30});
    }

    TEST_CASE("a wire item's located and subject countries are indexed beside those its text names") {
        const TempDir dir;
        Indexer indexer;
        indexer.run(dir / "db", {testing::source_dir() / "tests" / "fixtures" / "formats" / "newsml.xml"});
        const Xapian::Database db((dir / "db").string());
        REQUIRE(db.get_doccount() == 1);
        const auto stored = nlohmann::json::parse(db.get_document(*db.postlist_begin("")).get_data());
        // UA (located) and PL (subject) from the metadata, RU from the text ("offered Russia").
        CHECK(stored["countries"] == nlohmann::json{"UA", "PL", "RU"});
        CHECK(db.get_termfreq(schema::country_term("PL")) == 1);
    }

    TEST_CASE("a second writer is refused while a run holds the database") {
        const TempDir dir;
        const RunLock held(dir / "db", false);
        CHECK_THROWS_AS(RunLock(dir / "db", false), DatabaseBusy);
        Indexer indexer;
        write_file(dir / "in" / "a.txt", "Alpha");
        CHECK_THROWS_WITH_AS(indexer.run(dir / "db", {dir / "in"}),
                             ((dir / "db").string() + ": another dateline-index is writing this database (use --wait to queue)").c_str(),
                             DatabaseBusy);
    }
}

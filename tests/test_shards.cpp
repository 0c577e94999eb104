// Sharded databases: the indexer routes each document to one shard for good, and a search
// over local shards, or over remote ones served by the stock xapian-tcpsrv, answers exactly
// what the single database answers: the same results and every facet count.
#include "database_layout.h"
#include "extract/extractor.h"
#include "indexing_run.h"
#include "core/schema.h"
#include "core/shard_layout.h"
#include "shard_workers.h"
#include "support/process.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace dateline;
using dateline::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

index::RunSummary index_into(const fs::path& db, const std::vector<fs::path>& inputs, unsigned shards,
                             bool full = false) {
    static const extract::Extractor extractor(testing::data_dir());
    index::RunOptions options;
    options.db = db;
    options.inputs = inputs;
    options.shards = shards;
    options.full = full;
    options.batch_size = 300;
    std::vector<std::string> problems;
    const auto summary = index::index_inputs(options, extractor, [&](index::InputProblem&& problem) {
        problems.push_back(problem.where + ": " + problem.reason);
    });
    REQUIRE(problems.empty());
    return summary;
}

std::string record(const std::string& id, const std::string& title, const std::vector<std::string>& speakers = {},
                   const std::vector<std::string>& countries = {}, const std::string& date = "") {
    json doc = {{"id", id}, {"title", title}, {"body", title + ". Talks went on, officials said."},
                {"speakers", speakers}, {"countries", countries}};
    if (!date.empty()) doc["date"] = date;
    return doc.dump() + "\n";
}

// Documents with more speakers and countries than there are facet slots, and speakers
// spelled two ways, next to the synthetic corpus of tests/support.
void write_awkward_documents(const fs::path& file) {
    const std::vector<std::string> crowd = {"Mira Zorin",    "Tomas Vale",  "Ilse Brandt", "Oren Kadmi",
                                            "Pavla Novak",   "Ruth Adeyemi", "Sami Laine",  "Teo Marchetti",
                                            "Ugo Ferrante", "Vera Stoica", "Wim Dekker",  "Anna Kovalenko"};
    const std::vector<std::string> world = {"UA", "RU", "US", "DE", "FR", "CN", "TR", "GB", "IT", "ES"};
    std::string out;
    for (int i = 0; i < 5; ++i)
        out += record("crowd-" + std::to_string(i), "Crowded overflowword summit " + std::to_string(i), crowd, world,
                      i == 4 ? "" : "2020-03-0" + std::to_string(i + 1));
    // One key, two spellings: the label is the commoner one ("Grace Okafor" from the corpus).
    for (int i = 0; i < 3; ++i) out += record("accent-" + std::to_string(i), "Accented talks", {"Grace Okafór"}, {"PL"});
    out += record("tie-0", "Tied spelling", {"Zed Quill"}, {"JP"}, "2021-12-31");
    out += record("tie-1", "Tied spelling", {"Zéd Quill"}, {"JP"}, "2019-01-01");
    testing::write_file(file, out);
}

fs::path find_in_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    for (std::string_view dirs = path ? path : ""; !dirs.empty();) {
        const auto colon = dirs.find(':');
        const fs::path candidate = fs::path(std::string(dirs.substr(0, colon))) / program;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        if (colon == std::string_view::npos) break;
        dirs.remove_prefix(colon + 1);
    }
    return {};
}

unsigned short free_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    close(fd);
    return ntohs(address.sin_port);
}

// The stock xapian-tcpsrv serving one shard on a free loopback port, stopped at scope end.
struct TcpShardServer {
    TcpShardServer(const fs::path& program, const fs::path& shard, unsigned short fixed_port = 0,
                   const std::vector<std::string>& options = {})
        : port(fixed_port != 0 ? fixed_port : free_loopback_port()),
          process(program.string(), [&] {
              std::vector<std::string> args{"--quiet", "--interface", "127.0.0.1", "--port", std::to_string(port)};
              args.insert(args.end(), options.begin(), options.end());
              args.push_back(shard.string());
              return args;
          }()) {
        // --quiet prints nothing to wait for: it is up when it answers.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (true) {
            try {
                Xapian::Remote::open("127.0.0.1", port).get_doccount();
                return;
            } catch (const Xapian::NetworkError&) {
                if (std::chrono::steady_clock::now() > deadline)
                    FAIL("xapian-tcpsrv did not start on port " << port << ": " << process.stderr_text());
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
    }
    std::string address() const { return "127.0.0.1:" + std::to_string(port); }

    unsigned short port;
    testing::ChildProcess process;
};

json get_json(unsigned short port, const std::string& target) {
    const auto response = testing::http_request(port, target);
    INFO(target << " -> " << response.body);
    REQUIRE(response.status == 200);
    return json::parse(response.body);
}

json without(json response, std::initializer_list<const char*> keys) {
    for (const char* key : keys) response.erase(key);
    return response;
}

// What orders a hit: its date and score for date sorts, its score for relevance. Scores
// are rounded: the shards' statistics add up to the single database's, not always to the bit.
std::string order_key(const json& hit, bool by_date) {
    char score[32];
    std::snprintf(score, sizeof score, "%.9g", hit["score"].get<double>());
    return (by_date ? hit["date"].dump() + " " : std::string()) + score;
}

// The hits of `pages` pages of `target` must be the expected ones: the same order keys at
// every position and, within each run of equal keys that the window holds whole, the same
// documents (ties are ordered by docid, which differs between layouts), with the same content.
// `storyless`: the actual server has remote shards, so its hits name no story (cluster, copies).
void check_same_hits(unsigned short expected_port, unsigned short actual_port, const std::string& target, int pages,
                     bool by_date, bool storyless = false) {
    std::vector<json> expected, actual;
    for (int page = 1; page <= pages; ++page) {
        // Each response held in a local: a range-for over a member of a temporary dangles.
        const json expected_page = get_json(expected_port, target + "&page=" + std::to_string(page));
        const json actual_page = get_json(actual_port, target + "&page=" + std::to_string(page));
        for (const auto& hit : expected_page["results"]) expected.push_back(hit);
        for (const auto& hit : actual_page["results"]) actual.push_back(hit);
    }
    INFO(target);
    REQUIRE(actual.size() == expected.size());
    std::size_t run_start = 0;
    for (std::size_t i = 0; i <= expected.size(); ++i) {
        if (i < expected.size()) REQUIRE(order_key(actual[i], by_date) == order_key(expected[i], by_date));
        const bool run_ends = i == expected.size() || order_key(expected[i], by_date) != order_key(expected[run_start], by_date);
        if (!run_ends) continue;
        if (i < expected.size()) {  // a run cut by the window's end may go on differently
            std::map<std::string, json> want, got;
            for (std::size_t j = run_start; j < i; ++j) {
                want[expected[j]["id"]] = storyless ? without(expected[j], {"score", "cluster", "copies"}) : without(expected[j], {"score"});
                got[actual[j]["id"]] = storyless ? without(actual[j], {"score", "cluster", "copies"}) : without(actual[j], {"score"});
            }
            CHECK(got == want);
        }
        run_start = i;
    }
}

struct Query {
    std::string target;  // without page
    bool by_date;
};

const std::vector<Query>& queries() {
    static const std::vector<Query> list = {
        {"/api/search?q=talks&facet_size=1000", false},
        {"/api/search?q=ceasefire+sanctions&facet_size=1000", false},
        {"/api/search?q=%22grain+energy%22&facet_size=1000", false},
        {"/api/search?q=summit+OR+border&facet_size=1000&sort=-date", true},
        {"/api/search?q=&facet_size=1000", true},
        {"/api/search?q=&facet_size=1000&sort=date", true},
        {"/api/search?q=talks&speaker=Anna+Kovalenko&facet_size=1000", false},
        {"/api/search?q=&speaker=Grace+Okafor&speaker=Boris+Mendes&facet_size=1000&sort=-date", true},
        {"/api/search?q=&country=UA&country=RU&facet_size=1000", true},
        {"/api/search?q=troops&from=2020-01&to=2020-06&facet_size=1000", false},
        {"/api/search?q=troops&from=2020-02-03&to=2020-02-20&facet_size=1000&sort=date", true},
        {"/api/search?q=&undated=true&facet_size=1000", true},
        {"/api/search?q=energy&speaker=Hiro+Tanaka&country=DE&from=2019&to=2020&facet_size=1000&sort=date", true},
        {"/api/search?q=minister&country=JP&undated=true&facet_size=1000&sort=-date", true},
        {"/api/search?q=overflowword&facet_size=1000", false},
        {"/api/search?q=&speaker=Wim+Dekker&country=ES&facet_size=1000", true},
        {"/api/search?q=spelling+OR+accented&facet_size=1000&sort=-date", true},
        {"/api/search?q=nosuchwordanywhere&facet_size=1000", false},
    };
    return list;
}

}  // namespace

TEST_SUITE("shards") {
    TEST_CASE("a document lives in the shard of its id, and a reindex updates it there") {
        const TempDir dir;
        std::string feed;
        for (int i = 0; i < 60; ++i) feed += record("doc-" + std::to_string(i), "Title " + std::to_string(i));
        testing::write_file(dir / "in" / "feed.jsonl", feed);
        CHECK(index_into(dir / "db", {dir / "in"}, 2).added == 60);
        CHECK(fs::is_regular_file(dir / "db" / schema::kStubFile));

        feed = record("doc-7", "Title seven, changed");
        for (int i = 8; i < 60; ++i) feed += record("doc-" + std::to_string(i), "Title " + std::to_string(i));
        testing::write_file(dir / "in" / "feed.jsonl", feed);
        fs::last_write_time(dir / "in" / "feed.jsonl", fs::last_write_time(dir / "in" / "feed.jsonl") + std::chrono::seconds(2));
        const auto second = index_into(dir / "db", {dir / "in"}, 0);
        CHECK(second.updated == 1);     // doc-7; the other 52 are read again as they were
        CHECK(second.unchanged == 52);
        CHECK(second.added == 0);
        CHECK(second.deleted == 7);

        const Xapian::Database shards[] = {Xapian::Database((dir / "db" / "shard-0").string()),
                                           Xapian::Database((dir / "db" / "shard-1").string())};
        CHECK(shards[0].get_doccount() + shards[1].get_doccount() == 53);
        CHECK(shards[0].get_doccount() > 10);  // FNV-1a spreads the ids
        CHECK(shards[1].get_doccount() > 10);
        for (int i = 0; i < 60; ++i) {
            const std::string id = "doc-" + std::to_string(i);
            const unsigned home = schema::shard_of(id, 2);
            CAPTURE(id);
            CHECK(shards[home].get_termfreq(schema::id_term(id)) == (i < 7 ? 0 : 1));
            CHECK(shards[1 - home].get_termfreq(schema::id_term(id)) == 0);
        }
        const Xapian::Database all((dir / "db").string());
        const auto posting = all.postlist_begin(schema::id_term("doc-7"));
        REQUIRE(posting != all.postlist_end(schema::id_term("doc-7")));
        CHECK(json::parse(all.get_document(*posting).get_data())["title"] == "Title seven, changed");
    }

    TEST_CASE("a shard thread's failure reaches the run, and stops its later jobs") {
        const TempDir dir;
        std::vector<std::unique_ptr<index::IndexingShard>> shards;
        for (unsigned i = 0; i < 2; ++i)
            shards.push_back(std::make_unique<index::IndexingShard>(dir / ("shard-" + std::to_string(i)),
                                                                    index::ShardIdentity{i, 2}, 10));
        index::ShardWorkers workers(std::move(shards), 2);
        std::atomic<int> ran{0};
        workers.post(1, [](index::IndexingShard&) { throw std::runtime_error("disk full"); });
        CHECK_THROWS_WITH_AS(workers.run_on_all([&](index::IndexingShard&) { ++ran; }), "disk full", std::runtime_error);
        CHECK(ran <= 1);  // shard 1 never runs a job after its own failed
        CHECK_THROWS_WITH_AS(workers.post(0, [&](index::IndexingShard&) { ++ran; }), "disk full", std::runtime_error);
    }

    TEST_CASE("the shard count is fixed at creation, and only --full changes it") {
        const TempDir dir;
        testing::write_file(dir / "in" / "feed.jsonl", record("a", "Alpha") + record("b", "Beta") + record("c", "Gamma"));
        index_into(dir / "db", {dir / "in"}, 2);
        CHECK(index::shard_count_of(dir / "db") == 2);
        CHECK_THROWS_WITH_AS(index_into(dir / "db", {dir / "in"}, 3),
                             ((dir / "db").string() + ": the database has 2 shards and --shards asks for 3; the count is "
                                                      "fixed when a database is created (rebuild it with --full to change it)")
                                 .c_str(),
                             std::runtime_error);
        CHECK(index_into(dir / "db", {dir / "in"}, 3, /*full=*/true).added == 3);
        CHECK(index::shard_count_of(dir / "db") == 3);
        CHECK(Xapian::Database((dir / "db").string()).get_doccount() == 3);
        CHECK(index_into(dir / "db", {dir / "in"}, 1, /*full=*/true).added == 3);
        CHECK(index::shard_count_of(dir / "db") == 1);
        CHECK(fs::exists(dir / "db" / "iamglass"));
        CHECK_FALSE(fs::exists(dir / "db" / schema::kStubFile));
        CHECK_FALSE(fs::exists(dir / "db" / "shard-0"));
    }

    TEST_CASE("values past the facet slots are kept, and the document is marked for the remote count") {
        const TempDir dir;
        write_awkward_documents(dir / "in" / "awkward.jsonl");
        index_into(dir / "db", {dir / "in"}, 1);
        const Xapian::Database db((dir / "db").string());
        const auto posting = db.postlist_begin(schema::id_term("crowd-0"));
        REQUIRE(posting != db.postlist_end(schema::id_term("crowd-0")));
        const Xapian::Document doc = db.get_document(*posting);
        const auto packed = schema::decode_facets(doc.get_value(schema::kSlotFacets));
        CHECK(packed.speakers.size() == 12);
        CHECK(packed.countries.size() == 10);
        for (unsigned i = 0; i < schema::kFacetSlots; ++i) {
            CHECK(schema::parse_speaker_slot_value(doc.get_value(schema::speaker_slot(i))) == packed.speakers[i]);
            CHECK(doc.get_value(schema::country_slot(i)) == packed.countries[i]);
        }
        CHECK(db.get_termfreq(std::string(schema::kFacetOverflowTerm)) == 5);
        CHECK(db.get_termfreq(schema::id_term("accent-0")) == 1);
    }

    TEST_CASE("local and remote shards answer exactly what the single database answers") {
        const fs::path tcpsrv = find_in_path("xapian-tcpsrv");
        if (tcpsrv.empty()) {
            MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
            return;
        }
        const TempDir dir;
        testing::write_synthetic_corpus(dir / "in" / "feed-a.jsonl", 1500, 11, "a-");
        testing::write_synthetic_corpus(dir / "in" / "feed-b.jsonl", 1500, 12, "b-");
        write_awkward_documents(dir / "in" / "awkward.jsonl");
        index_into(dir / "single", {dir / "in"}, 1);
        index_into(dir / "sharded", {dir / "in"}, 2);

        const TcpShardServer shard0(tcpsrv, dir / "sharded" / "shard-0");
        const TcpShardServer shard1(tcpsrv, dir / "sharded" / "shard-1");
        // One remote shard from a stub file, the other from --remote: both ways in one go.
        testing::write_file(dir / "remote.stub", "# shard 0 of 2\nremote " + shard0.address() + "\n");
        testing::ServerProcess single((dir / "single").string());
        testing::ServerProcess local((dir / "sharded").string());
        testing::ServerProcess remote((dir / "remote.stub").string(), {"--remote", shard1.address()});

        CHECK(get_json(remote.port, "/api/health")["documents"] == get_json(single.port, "/api/health")["documents"]);
        for (const auto& query : queries()) {
            const json expected = get_json(single.port, query.target);
            CAPTURE(query.target);
            CHECK(expected["partial"] != true);
            // Facets, totals and everything but the hits and the time. Xapian serves no
            // spelling data remotely, so remote shards make no "did you mean" suggestion.
            // Shards have revisions of their own, and were written a moment apart.
            CHECK(without(get_json(local.port, query.target), {"took_ms", "results", "revision", "updated"}) ==
                  without(expected, {"took_ms", "results", "revision", "updated"}));
            // Remote shards have no column store, so no stories: they neither collapse copies
            // nor count them, and are compared with every article listed.
            const std::string every_article = query.target + "&collapse=false";
            CHECK(without(get_json(remote.port, every_article), {"took_ms", "results", "suggestion", "stories", "revision", "updated"}) ==
                  without(get_json(single.port, every_article), {"took_ms", "results", "suggestion", "stories", "revision", "updated"}));
            check_same_hits(single.port, local.port, query.target, 3, query.by_date);
            check_same_hits(single.port, remote.port, every_article, 3, query.by_date, true);
        }
        for (const std::string target : {"/api/facets/speaker?prefix=a&facet_size=1000",
                                         "/api/facets/country?q=talks&speaker=Anna+Kovalenko&facet_size=1000",
                                         "/api/doc/crowd-1"}) {
            CAPTURE(target);
            CHECK(get_json(local.port, target) == get_json(single.port, target));
            CHECK(get_json(remote.port, target) == get_json(single.port, target));
        }
        // The checks above passed for the right reasons: overflow and labels did matter.
        const json crowd = get_json(remote.port, "/api/search?q=overflowword&facet_size=1000");
        CHECK(crowd["total"] == 5);
        CHECK(crowd["facet_info"]["speaker"]["distinct"] == 12);
        CHECK(crowd["facet_info"]["country"]["distinct"] == 10);
        const json labels = get_json(remote.port, "/api/search?q=&speaker=Grace+Okafor&facet_size=5");
        const auto selected = std::find_if(labels["facets"]["speaker"].begin(), labels["facets"]["speaker"].end(),
                                           [](const json& value) { return value["selected"] == true; });
        REQUIRE(selected != labels["facets"]["speaker"].end());
        CHECK((*selected)["value"] == "Grace Okafor");  // the commoner spelling, not "Grace Okafór"
        CHECK((*selected)["count"].get<int>() > 3);
        CHECK(labels["total"] == (*selected)["count"]);
        CHECK(remote.process.stop(SIGTERM) == 0);
    }

    TEST_CASE("connections closed by xapian-tcpsrv are replaced, and a shard that is gone gives 503 until it is back") {
        const fs::path tcpsrv = find_in_path("xapian-tcpsrv");
        if (tcpsrv.empty()) {
            MESSAGE("skipped: xapian-tcpsrv is not installed (Debian package xapian-tools)");
            return;
        }
        const TempDir dir;
        testing::write_synthetic_corpus(dir / "in" / "feed.jsonl", 200, 5, "s-");
        index_into(dir / "sharded", {dir / "in"}, 2);
        // Idle connections are closed after 300 ms, as xapian-tcpsrv does after 60 s by default.
        const std::vector<std::string> impatient{"--idle-timeout", "300"};
        auto shard0 = std::make_unique<TcpShardServer>(tcpsrv, dir / "sharded" / "shard-0", 0, impatient);
        const TcpShardServer shard1(tcpsrv, dir / "sharded" / "shard-1", 0, impatient);
        testing::write_file(dir / "remote.stub", "remote " + shard0->address() + "\nremote " + shard1.address() + "\n");
        testing::ServerProcess server((dir / "remote.stub").string());
        const json first = without(get_json(server.port, "/api/search?q=talks"), {"took_ms"});

        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        CHECK(without(get_json(server.port, "/api/search?q=talks"), {"took_ms"}) == first);  // pooled connections closed

        const unsigned short port = shard0->port;
        shard0.reset();  // the listener; its connections end with the idle timeout
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        const auto down = testing::http_request(server.port, "/api/search?q=talks");
        CHECK(down.status == 503);
        CHECK(json::parse(down.body)["error"]["code"] == "index_unavailable");

        const TcpShardServer back(tcpsrv, dir / "sharded" / "shard-0", port, impatient);
        CHECK(without(get_json(server.port, "/api/search?q=talks"), {"took_ms"}) == first);
    }
}

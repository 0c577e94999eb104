// Collapsed results and count=stories against a brute force over the stored documents, on a
// generated corpus with injected copies whose facets differ from their originals'.
#include "core/schema.h"
#include "search/export.h"
#include "search/searcher.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

using namespace dateline;
using namespace dateline::search;
using dateline::testing::TempDir;
using nlohmann::json;

namespace {

// 400 synthetic articles, and 1-3 copies of 60 of them: the same text with a line added, on
// another day, with other countries and speakers.
struct CopiesIndex {
    TempDir dir;
    Vocabulary vocabulary{testing::data_dir()};
    std::size_t documents;
    Index index;
    Searcher searcher{index, vocabulary};

    static std::filesystem::path write(const TempDir& dir) {
        testing::write_synthetic_corpus(dir / "in" / "syn.jsonl", 400, 24);
        std::ifstream in(dir / "in" / "syn.jsonl");
        std::ofstream out(dir / "in" / "copies.jsonl");
        std::mt19937 random(24);
        static const char* const kCountries[] = {"UA", "RU", "US", "DE"};
        int line = 0;
        for (std::string text; std::getline(in, text); ++line) {
            if (line % 7 != 0) continue;
            const json original = json::parse(text);
            for (auto k = static_cast<unsigned>(1 + random() % 3); k > 0; --k) {
                json copy = original;
                copy["id"] = original["id"].get<std::string>() + "-copy" + std::to_string(k);
                copy["body"] = original["body"].get<std::string>() + " (Corrects a figure.)";
                copy["date"] = "2020-0" + std::to_string(1 + random() % 9) + "-1" + std::to_string(random() % 10);
                copy["countries"] = {kCountries[random() % 4]};
                copy["speakers"] = json::array({k == 1 ? "Anna Mendes" : "Boris Okafor"});
                out << copy.dump() << '\n';
            }
        }
        return dir / "in";
    }
    CopiesIndex() : documents(testing::build_index(dir / "db", {write(dir)})), index({dir / "db"}) {}
};

CopiesIndex& copies() {
    static CopiesIndex fixture;
    return fixture;
}

SearchResponse run(SearchRequest request) {
    const auto response = copies().searcher.search(request);
    if (!response) FAIL(response.error().message);
    return *response;
}

// What the stored documents say, read through Xapian alone.
struct Stored {
    std::string cluster;  // the cluster id, or the id for an article alone
    bool head = false;
    std::set<std::string> countries, speakers;
    std::string day;      // "" undated
};

std::map<std::string, Stored> stored_documents() {
    const Xapian::Database db((copies().dir / "db").string());
    std::map<std::string, Stored> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const auto doc = db.get_document(*it);
        const json data = json::parse(doc.get_data());
        const auto story = schema::parse_cluster_value(doc.get_value(schema::kSlotCluster));
        Stored s;
        s.cluster = story.role == schema::StoryRole::alone ? data["id"].get<std::string>() : story.cluster_id;
        s.head = story.role != schema::StoryRole::copy;
        for (const auto& c : data["countries"]) s.countries.insert(c.get<std::string>());
        for (const auto& p : data["speakers"]) s.speakers.insert(p.get<std::string>());
        s.day = data["date"].is_string() ? data["date"].get<std::string>() : "";
        out[data["id"]] = s;
    }
    return out;
}

std::map<std::string, std::uint32_t> facet_map(const FacetCounts& facet) {
    std::map<std::string, std::uint32_t> out;
    for (const auto& v : facet.values) out[v.value] = v.count;
    return out;
}

// Every match of `request`, in order: collapse=false, one page holding them all.
std::vector<std::string> all_matches(SearchRequest request, std::uint64_t total) {
    request.collapse = false;
    request.count_stories = false;
    request.page = 1;
    request.size = static_cast<int>(total) + 1;
    std::vector<std::string> ids;
    for (const auto& hit : run(request).results) ids.push_back(hit.id);
    return ids;
}

}  // namespace

TEST_SUITE("story clusters in search") {
    TEST_CASE("the generated corpus holds stories of several articles") {
        const auto stored = stored_documents();
        std::map<std::string, int> sizes;
        for (const auto& [id, s] : stored) ++sizes[s.cluster];
        int several = 0;
        for (const auto& [cluster, size] : sizes) several += size > 1;
        CHECK(copies().documents > 450);
        CHECK(several == 58);  // every 7th of 400 was copied
    }

    TEST_CASE("count=stories counts each story once in the total and in every facet, as a brute force does") {
        const auto stored = stored_documents();
        for (const std::string query : {"", "ceasefire", "talks OR grain"}) {
            CAPTURE(query);
            SearchRequest request;
            request.query = query;
            request.countries = {"UA", "US"};
            request.facet_size = 1000;
            const auto articles = run(request);
            request.count_stories = true;
            const auto stories = run(request);

            SearchRequest unfiltered = request;
            unfiltered.countries.clear();
            std::set<std::string> total;
            std::map<std::string, std::set<std::string>> by_country, by_speaker;
            for (const auto& id : all_matches(unfiltered, run(unfiltered).stories + 10000)) {
                const Stored& s = stored.at(id);
                const bool passes = s.countries.count("UA") || s.countries.count("US");
                for (const auto& c : s.countries) by_country[c].insert(s.cluster);  // its own filter left out
                if (!passes) continue;
                total.insert(s.cluster);
                for (const auto& p : s.speakers) by_speaker[p].insert(s.cluster);
            }
            CHECK(stories.total == total.size());
            CHECK(stories.stories == total.size());
            CHECK(articles.stories == total.size());
            CHECK(articles.total > stories.total);
            std::map<std::string, std::uint32_t> expected_countries, expected_speakers;
            for (const auto& [c, set] : by_country) expected_countries[c] = static_cast<std::uint32_t>(set.size());
            for (const auto& [p, set] : by_speaker) expected_speakers[p] = static_cast<std::uint32_t>(set.size());
            CHECK(facet_map(stories.country) == expected_countries);
            CHECK(facet_map(stories.speaker) == expected_speakers);
            // The facet value search counts as the search's facets do.
            const auto values = copies().searcher.facet_values(request, FacetName::speaker, "");
            REQUIRE(values);
            std::map<std::string, std::uint32_t> value_counts;
            for (const auto& v : values->values) value_counts[v.value] = v.count;
            CHECK(value_counts == expected_speakers);
        }
    }

    TEST_CASE("collapsed pages list each story once, by its head when it matches, with its other matches as copies") {
        const auto stored = stored_documents();
        for (const auto sort : {SortOrder::relevance, SortOrder::oldest}) {
            for (const std::string query : {"", "ceasefire", "sanctions grain"}) {
                CAPTURE(query);
                SearchRequest request;
                request.query = query;
                request.sort = sort;
                const auto first = run(request);
                const auto ranked = all_matches(request, first.total);
                // The brute force: stories in the order of their best-ranked match.
                std::map<std::string, std::vector<std::string>> members;
                std::vector<std::string> order;
                for (const auto& id : ranked) {
                    auto& list = members[stored.at(id).cluster];
                    if (list.empty()) order.push_back(stored.at(id).cluster);
                    list.push_back(id);
                }
                CHECK(first.stories == order.size());
                std::vector<std::pair<std::string, std::uint32_t>> expected, got;
                for (const auto& cluster : order) {
                    const auto& list = members[cluster];
                    std::string shown = list.front();
                    for (const auto& id : list)
                        if (stored.at(id).head) shown = id;
                    expected.emplace_back(shown, static_cast<std::uint32_t>(list.size() - 1));
                }
                request.size = 7;
                for (request.page = 1; (request.page - 1) * 7 < static_cast<int>(order.size()); ++request.page)
                    for (const auto& hit : run(request).results) got.emplace_back(hit.id, hit.copies);
                CHECK(got == expected);
            }
        }
    }

    TEST_CASE("cluster= lists one story's articles, and a document names its story, head and copies") {
        SearchRequest request;
        request.query = "";
        const auto page = run(request);
        const Hit* collapsed = nullptr;
        for (const auto& hit : page.results)
            if (hit.copies > 0) collapsed = &hit;
        REQUIRE(collapsed);
        request.cluster = collapsed->cluster;
        request.collapse = false;
        const auto story = run(request);
        CHECK(story.total == collapsed->copies + 1);
        const auto doc = copies().searcher.document(collapsed->id);
        REQUIRE(doc);
        REQUIRE(doc->story);
        CHECK(doc->story->id == collapsed->cluster);
        CHECK(doc->story->copies.size() == collapsed->copies);
        std::set<std::string> listed, found;
        for (const auto& c : doc->story->copies) listed.insert(c.id);
        for (const auto& hit : story.results)
            if (hit.id != collapsed->id) found.insert(hit.id);
        CHECK(listed == found);
    }
}

TEST_SUITE("story clusters in research outputs") {
    TEST_CASE("a timeline with count=stories counts each story once per month and in the total, as a brute force does") {
        const auto stored = stored_documents();
        const auto request = parse_timeline_request({{"count", "stories"}, {"from", "2020-01"}, {"to", "2020-09"},
                                                     {"series", "country:UA"}, {"series", "q:ceasefire"}, {"interval", "month"}});
        REQUIRE(request);
        const auto response = copies().searcher.timeline(*request);
        if (!response) FAIL(response.error().message);
        CHECK(response->count_stories);
        REQUIRE(response->periods.size() == 9);
        const SearchRequest ceasefire = *parse_search_request({{"q", "ceasefire"}, {"from", "2020-01"}, {"to", "2020-09"}});
        std::set<std::string> ceasefire_ids;
        for (const auto& id : all_matches(ceasefire, run(ceasefire).total)) ceasefire_ids.insert(id);
        std::set<std::string> ua_total, ceasefire_total;
        std::uint64_t article_all = 0, story_all = 0;
        for (const auto& period : response->periods) {
            CAPTURE(period.label);
            std::set<std::string> all, ua, with_ceasefire;
            for (const auto& [id, s] : stored) {
                if (!s.day.starts_with(period.label)) continue;
                ++article_all;
                all.insert(s.cluster);
                if (s.countries.count("UA")) ua.insert(s.cluster), ua_total.insert(s.cluster);
                if (ceasefire_ids.count(id)) with_ceasefire.insert(s.cluster), ceasefire_total.insert(s.cluster);
            }
            story_all += all.size();
            CHECK(period.all == all.size());
            CHECK(period.counts[0] == ua.size());
            CHECK(period.counts[1] == with_ceasefire.size());
        }
        CHECK(story_all < article_all);  // the copies are in these months: the test can tell
        CHECK(response->totals[0] == ua_total.size());
        CHECK(response->totals[1] == ceasefire_total.size());
        CHECK(to_json(*response).find("\"count\":\"stories\"") != std::string::npos);
    }

    TEST_CASE("a facets export with count=stories has the stories' facet counts") {
        const Params params{{"q", "talks OR grain"}, {"what", "facets"}, {"format", "jsonl"}, {"count", "stories"}};
        const auto request = parse_export_request(params);
        REQUIRE(request);
        auto stream = copies().searcher.open_export(*request);
        if (!stream) FAIL(stream.error().message);
        std::string body;
        while ((*stream)->next(body, 700)) {
        }
        std::map<std::string, std::uint32_t> countries;
        std::istringstream in(body);
        for (std::string line; std::getline(in, line);) {
            const auto j = json::parse(line);
            if (!j.contains("manifest") && j["facet"] == "country") countries[j["value"]] = j["count"];
        }
        const auto stored = stored_documents();
        SearchRequest search;
        search.query = "talks OR grain";
        std::map<std::string, std::set<std::string>> by_country;
        std::map<std::string, std::uint32_t> articles;
        for (const auto& id : all_matches(search, run(search).total))
            for (const auto& c : stored.at(id).countries) by_country[c].insert(stored.at(id).cluster), ++articles[c];
        std::map<std::string, std::uint32_t> expected;
        for (const auto& [c, set] : by_country) expected[c] = static_cast<std::uint32_t>(set.size());
        CHECK(countries == expected);
        CHECK(countries != articles);
    }
}

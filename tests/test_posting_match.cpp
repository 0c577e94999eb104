// The posting-list match (search/match/posting_match.h) answers exactly what Xapian's matcher
// answers: the same page in the same order with the same scores (to 12 decimals) and
// snippets, the same total and every facet count, for each query shape it takes, under
// filters, sorts and pages, over one database and over two local shards.
#include "extract/extractor.h"
#include "indexing_run.h"
#include "search/match/posting_match.h"
#include "search/query_builder.h"
#include "search/response_json.h"
#include "search/searcher.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace dateline;
using namespace dateline::search;
using dateline::testing::TempDir;
namespace fs = std::filesystem;

namespace {

void index_into(const fs::path& db, const std::vector<fs::path>& inputs, unsigned shards) {
    static const extract::Extractor extractor(testing::data_dir());
    index::RunOptions options;
    options.db = db;
    options.inputs = inputs;
    options.shards = shards;
    std::vector<std::string> problems;
    index::index_inputs(options, extractor, [&](index::InputProblem&& problem) { problems.push_back(problem.reason); });
    REQUIRE(problems.empty());
}

// Articles whose words share stems in several forms, each form with its own frequency, so
// that a query's stem expands into a synonym of two to four words (stem_expansion.h) and
// the shards, holding different counts of each, join them in different orders.
void write_inflected_corpus(const fs::path& file, int count, unsigned seed) {
    static const std::vector<std::vector<std::string>> kForms = {
        {"talk", "talks", "talked", "talking"}, {"negotiate", "negotiated", "negotiating"},
        {"report", "reports", "reported", "reporting"}, {"peace", "peaceful"}, {"vote", "votes", "voted"}};
    std::mt19937 random(seed);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    // Skewed towards a stem's first forms, so that their frequencies differ.
    const auto form = [&](const std::vector<std::string>& forms) { return forms[std::min(pick(forms.size()), pick(forms.size()))]; };
    std::ofstream out(file);
    for (int i = 0; i < count; ++i) {
        std::string body;
        for (int w = 0, n = 3 + static_cast<int>(pick(20)); w < n; ++w) body += form(kForms[pick(kForms.size())]) + " ";
        const nlohmann::json doc = {{"id", "inflected-" + std::to_string(i)},
                                    {"title", "Week " + std::to_string(i) + " " + form(kForms[pick(kForms.size())])},
                                    {"body", body},
                                    {"date", "2020-0" + std::to_string(1 + pick(9)) + "-1" + std::to_string(pick(10))},
                                    {"countries", {i % 3 == 0 ? "UA" : "RU"}},
                                    {"speakers", nlohmann::json::array()}};
        out << doc.dump() << '\n';
    }
}

// 1,500 synthetic articles and 600 of inflected words, as one database and as two shards.
struct Corpus {
    TempDir dir;
    Vocabulary vocabulary{testing::data_dir()};
    Corpus() {
        testing::write_synthetic_corpus(dir / "corpus.jsonl", 1500, 7);
        write_inflected_corpus(dir / "inflected.jsonl", 600, 11);
        const std::vector<fs::path> inputs = {dir / "corpus.jsonl", dir / "inflected.jsonl"};
        index_into(dir / "single", inputs, 1);
        index_into(dir / "sharded", inputs, 2);
    }
};

Corpus& corpus() {
    static Corpus fixture;
    return fixture;
}

// Every query shape of the posting-list match, and some it hands to Xapian.
const std::vector<std::string> kQueries = {
    "",                                   // browse: the column store alone
    "talks",                              // one stemmed term, of one word
    "Talks",                              // unstemmed
    "talking",                            // a stem of four words: one synonym
    "reported votes -peaceful",           // synonyms under AND and AND_NOT
    "negotiations OR peace",              // synonyms under OR
    "title:reporting",                    // a prefixed stem
    "\"talks reported\" peaceful",        // a phrase of words beside a synonym
    "ceasefire talks",                    // AND
    "grain OR energy",                    // OR
    "summit -border",                     // AND_NOT
    "NOT inflation",                      // pure NOT: match-all AND_NOT
    "\"ceasefire talks\"",                // phrase
    "\"energy summit border\"",           // longer phrase
    "grain NEAR/2 troops",                // NEAR
    "(sanctions OR budget) minister",     // nesting
    "title:report budget",                // a prefixed term
    "country:ua talks",                   // a boolean filter inside the query
    "sanctions -\"grain energy\"",        // AND_NOT a phrase
    "budg*",                              // wildcard: Xapian's matcher
    "date:2020..2020 election",           // value range: Xapian's matcher
    "nonexistentword",                    // no match
};

std::vector<Params> variants(const std::string& query) {
    return {
        {{"q", query}},
        {{"q", query}, {"country", "UA"}},
        {{"q", query}, {"country", "UA"}, {"country", "RU"}, {"from", "2020-01-01"}, {"to", "2020-12-31"}},
        {{"q", query}, {"speaker", "Anna Kovalenko"}, {"sort", "newest"}},
        {{"q", query}, {"sort", "oldest"}, {"page", "3"}, {"size", "7"}},
        {{"q", query}, {"undated", "true"}, {"facet_size", "50"}},
        {{"q", query}, {"page", "2"}, {"size", "25"}, {"sort", "newest"}},
    };
}

nlohmann::json answer(const Searcher& searcher, const Params& params) {
    const auto request = parse_search_request(params);
    REQUIRE(request);
    const auto response = searcher.search(*request);
    if (!response) FAIL(response.error().message);
    nlohmann::json out = nlohmann::json::parse(to_json(*response));
    out.erase("took_ms");
    // Sums of three or more weights may differ in the last bit with the order of addition,
    // which Xapian's optimiser chooses (ties in term frequency go either way).
    for (auto& hit : out["results"]) hit["score"] = std::round(hit["score"].get<double>() * 1e12) / 1e12;
    return out;
}

// Every posting list of the test corpora decoded into the snapshot's cache.
constexpr PostingCacheLimits kCacheEveryList{.min_postings = 1};

void check_engines_agree(const fs::path& db, const SearchLimits& limits = {},
                         PostingCacheLimits cache = PostingCacheLimits::of_megabytes(0)) {
    Index index(IndexSources{{db}, {}}, std::chrono::milliseconds{0}, 1, cache);
    const Searcher ours(index, corpus().vocabulary, limits, MatchEngine::posting_lists);
    const Searcher xapians(index, corpus().vocabulary, {}, MatchEngine::xapian);
    for (const auto& query : kQueries) {
        for (const auto& params : variants(query)) {
            CAPTURE(query);
            CAPTURE(nlohmann::json(params).dump());
            const auto a = answer(ours, params);
            const auto b = answer(xapians, params);
            CHECK(a == b);
        }
    }
}

void check_time_limit_cuts_short(const fs::path& db, SearchLimits limits = {}) {
    Index index({db});
    limits.match_time = std::chrono::microseconds(1);  // the clock is read after 256 matches
    const Searcher hurried(index, corpus().vocabulary, limits);
    const Searcher patient(index, corpus().vocabulary);
    for (const std::string query : {"talks", "\"ceasefire talks\" OR grain"}) {
        CAPTURE(query);
        const auto cut = answer(hurried, {{"q", query}});
        const auto exact = answer(patient, {{"q", query}});
        CHECK(cut["partial"] == true);
        CHECK(cut["warning"].get<std::string>().find("the search took longer than 0.001 ms: counted ") == 0);
        CHECK(cut["total"].get<int>() < exact["total"].get<int>());
        CHECK_FALSE(cut["results"].empty());
        CHECK(exact["partial"] == false);
    }
    // A browse walks the column store only: never cut short.
    CHECK(answer(hurried, {})["partial"] == false);
}

}  // namespace

TEST_SUITE("posting-list match") {
    TEST_CASE("it answers as Xapian's matcher over one database") {
        SearchLimits limits;
        SUBCASE("on the request's thread") { limits.parallel_walk_postings = std::nullopt; }
        SUBCASE("a browse or a query in two halves of the docids, on two threads") { limits.parallel_walk_postings = 0; }
        PostingCacheLimits cache = PostingCacheLimits::of_megabytes(0);
        SUBCASE("every posting list read from the snapshot's cache") { cache = kCacheEveryList; }
        check_engines_agree(corpus().dir / "single", limits, cache);
    }

    TEST_CASE("it answers as Xapian's matcher over two local shards") {
        SearchLimits limits;
        SUBCASE("walked together") { limits.parallel_walk_postings = std::nullopt; }
        SUBCASE("each on a thread") { limits.parallel_walk_postings = 0; }
        PostingCacheLimits cache = PostingCacheLimits::of_megabytes(0);
        SUBCASE("every posting list read from the snapshot's cache, each shard's own") { cache = kCacheEveryList; }
        check_engines_agree(corpus().dir / "sharded", limits, cache);
    }

    TEST_CASE("the posting cache keeps a frequent term's list once, as Xapian reads it, within its memory") {
        Index index({corpus().dir / "single"});
        const auto lease = index.current()->acquire();
        const Xapian::Database& db = lease.handle().shards.front();
        const std::string term = "talks";
        const Xapian::doccount postings = db.get_termfreq(term);
        REQUIRE(postings > 10);
        const std::size_t list_bytes = postings * sizeof(CachedPosting);

        const PostingCache cache({.min_postings = 2, .max_bytes = list_bytes});
        const auto list = cache.find_or_read(0, db, {term}, postings);
        REQUIRE(list);
        REQUIRE(list->size() == postings);
        auto it = db.postlist_begin(term);
        for (const CachedPosting& posting : *list) {
            CHECK(posting.docid == *it);
            CHECK(posting.wdf == it.get_wdf());
            ++it;
        }
        CHECK(cache.find_or_read(0, db, {term}, postings) == list);  // read once
        CHECK(cache.bytes() == list_bytes);
        // Full: another list is read from Xapian; so is one below the frequency kept.
        REQUIRE(db.get_termfreq("grain") >= 2);
        CHECK(cache.find_or_read(0, db, {"grain"}, db.get_termfreq("grain")) == nullptr);
        CHECK(cache.find_or_read(0, db, {"rare"}, 1) == nullptr);
        // Each shard's lists are its own.
        CHECK(cache.find_or_read(1, db, {term}, postings) == nullptr);
        CHECK(cache.bytes() == list_bytes);
    }

    TEST_CASE("the posting cache keeps a synonym as one list, its terms' postings merged with their wdfs summed") {
        Index index({corpus().dir / "single"});
        const auto lease = index.current()->acquire();
        const Xapian::Database& db = lease.handle().shards.front();
        const std::vector<std::string> terms{"talks", "talked", "talking"};
        Xapian::doccount postings = 0;
        std::map<Xapian::docid, Xapian::termcount> expected;  // docid -> summed wdf
        for (const std::string& term : terms) {
            REQUIRE(db.get_termfreq(term) > 1);
            postings += db.get_termfreq(term);
            for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) expected[*it] += it.get_wdf();
        }
        REQUIRE(expected.size() < postings);  // some document holds two of the terms

        const PostingCache cache({.min_postings = 2});
        const auto list = cache.find_or_read(0, db, terms, postings);
        REQUIRE(list);
        REQUIRE(list->size() == expected.size());
        auto want = expected.begin();
        for (const CachedPosting& posting : *list) {
            CHECK(posting.docid == want->first);
            CHECK(posting.wdf == want->second);
            ++want;
        }
        // The terms in another order are the same synonym; the bytes kept are the merged list's.
        CHECK(cache.find_or_read(0, db, {"talking", "talks", "talked"}, postings) == list);
        CHECK(cache.bytes() == expected.size() * sizeof(CachedPosting));
        // One of its terms alone is a list of its own.
        const auto one = cache.find_or_read(0, db, {"talks"}, db.get_termfreq("talks"));
        REQUIRE(one);
        CHECK(one->size() == db.get_termfreq("talks"));
    }

    TEST_CASE("threads asking the posting cache for one list at once all get the one list kept") {
        Index index(IndexSources{{corpus().dir / "single"}, {}}, std::chrono::milliseconds{0}, 4);
        const auto snapshot = index.current();
        const std::vector<std::string> terms{"talks", "talked", "talking"};
        const PostingCache cache({.min_postings = 2});
        std::vector<std::shared_ptr<const CachedPostingList>> lists(4);
        {
            std::vector<std::jthread> threads;
            for (std::size_t i = 0; i < lists.size(); ++i)
                threads.emplace_back([&, i] {
                    const auto lease = snapshot->acquire();  // a handle of each thread's own
                    const Xapian::Database& db = lease.handle().shards.front();
                    Xapian::doccount postings = 0;
                    for (const std::string& term : terms) postings += db.get_termfreq(term);
                    lists[i] = cache.find_or_read(0, db, terms, postings);
                });
        }
        REQUIRE(lists.front());
        for (const auto& list : lists) CHECK(list == lists.front());
        CHECK(cache.bytes() == lists.front()->size() * sizeof(CachedPosting));
    }

    TEST_CASE("facet value search counts as Xapian's matcher does") {
        Index index({corpus().dir / "single"});
        const Searcher ours(index, corpus().vocabulary, {}, MatchEngine::posting_lists);
        const Searcher xapians(index, corpus().vocabulary, {}, MatchEngine::xapian);
        for (const std::string query : {"", "talks", "\"ceasefire talks\"", "summit -border"}) {
            const auto request = parse_search_request({{"q", query}, {"country", "UA"}, {"facet_size", "100"}});
            REQUIRE(request);
            for (const auto facet : {FacetName::speaker, FacetName::country}) {
                for (const std::string prefix : {"", "a", "gr", "u"}) {
                    CAPTURE(query);
                    CAPTURE(prefix);
                    const auto a = ours.facet_values(*request, facet, prefix);
                    const auto b = xapians.facet_values(*request, facet, prefix);
                    REQUIRE(a);
                    REQUIRE(b);
                    CHECK(to_json(*a) == to_json(*b));
                }
            }
        }
    }

    TEST_CASE("a walk past the time limit answers partial counts, marked, with a page") {
        SearchLimits limits;
        SUBCASE("on the request's thread") { limits.parallel_walk_postings = std::nullopt; }
        SUBCASE("one database in two halves, or each shard, on a thread") { limits.parallel_walk_postings = 0; }
        for (const std::string database : {"single", "sharded"}) {
            CAPTURE(database);
            check_time_limit_cuts_short(corpus().dir / database, limits);
        }
    }

    TEST_CASE("a query over one database splits into two halves of the docids, the second read through a second handle") {
        Index index({corpus().dir / "single"});
        const auto snapshot = index.current();
        const auto lease = snapshot->acquire();
        const auto second = snapshot->acquire();
        const FacetStore& store = snapshot->facets();
        const FacetSelection selection;
        // A phrase's Xapian match runs in each half over that half's docids only.
        for (const std::string text : {"talks", "summit -border", "grain OR energy", "\"ceasefire talks\" OR grain",
                                       "\"ceasefire talks\"", "talks -\"grain deal\""}) {
            CAPTURE(text);
            const auto parsed = parse_query(text, lease.db(), store, corpus().vocabulary, snapshot->stems());
            REQUIRE(parsed);
            const auto match = [&](FacetCounter& counter, PostingMatchRequest request) {
                return run_posting_match(parsed->query, lease.db(), lease.handle().shards, store, counter, request);
            };
            const PostingMatchRequest one_thread{0, 20, PageOrder::relevance, {}, std::nullopt, {}};
            FacetCounter serial(store, selection);
            const PostingMatch expected = match(serial, one_thread);
            REQUIRE(serial.total() > 20);

            int asked = 0;
            PostingMatchRequest split = one_thread;
            split.parallel_walk_postings = 0;
            split.second_handle = [&] {
                ++asked;
                return std::span<const Xapian::Database>(second.handle().shards);
            };
            FacetCounter halves(store, selection);
            const PostingMatch got = match(halves, split);
            CHECK(asked == 1);
            CHECK(halves.total() == serial.total());
            CHECK(halves.speaker_counts() == serial.speaker_counts());
            CHECK(halves.country_counts() == serial.country_counts());
            CHECK(halves.day_counts() == serial.day_counts());
            REQUIRE(got.page.size() == expected.page.size());
            for (std::size_t i = 0; i < got.page.size(); ++i) {
                CHECK(got.page[i].id == expected.page[i].id);
                CHECK(got.page[i].weight == expected.page[i].weight);
            }

            // No second handle to be had: one walk, the same answer.
            split.second_handle = [] { return std::span<const Xapian::Database>(); };
            FacetCounter alone(store, selection);
            CHECK(match(alone, split).page.size() == expected.page.size());
            CHECK(alone.total() == serial.total());
        }
    }

    TEST_CASE("it takes what QueryParser makes of plain searches, and leaves the rest to Xapian") {
        Index index({corpus().dir / "single"});
        const auto snapshot = index.current();
        const auto lease = snapshot->acquire();
        const auto takes = [&](const std::string& text) {
            const auto parsed = parse_query(text, lease.db(), snapshot->facets(), corpus().vocabulary, snapshot->stems());
            REQUIRE(parsed);
            return posting_match_supports(parsed->query);
        };
        for (const std::string text : {"talks", "ceasefire talks", "grain OR energy", "summit -border", "NOT inflation",
                                       "\"ceasefire talks\"", "grain NEAR/2 troops", "title:report", "country:ua talks", ""})
            CHECK_MESSAGE(takes(text), text);
        for (const std::string text : {"budg*", "date:2020..2020 election"}) CHECK_MESSAGE(!takes(text), text);
    }

    TEST_CASE("the page holds the documents that pass every filter, best first") {
        Index index({corpus().dir / "single"});
        const Searcher searcher(index, corpus().vocabulary);
        const auto page = answer(searcher, {{"q", "ceasefire"}, {"country", "UA"}, {"size", "20"}});
        REQUIRE(page["results"].size() == 20);
        double previous = 1e300;
        for (const auto& hit : page["results"]) {
            const auto& countries = hit["countries"];
            CHECK(std::any_of(countries.begin(), countries.end(), [](const auto& c) { return c["code"] == "UA"; }));
            CHECK(hit["score"].get<double>() <= previous);
            previous = hit["score"].get<double>();
        }
    }
}

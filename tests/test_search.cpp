#include "search/searcher.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace dateline;
using namespace dateline::search;
using dateline::testing::TempDir;

namespace {

// One index per fixture, shared by the cases of a suite: building is the slow part.
struct SampleIndex {
    TempDir dir;
    std::size_t documents;
    Vocabulary vocabulary{testing::data_dir()};
    Index index;
    Searcher searcher{index, vocabulary};

    SampleIndex()
        : documents(testing::build_index(dir / "db", {testing::sample_corpus()})), index({dir / "db"}) {}
};

SampleIndex& sample() {
    static SampleIndex fixture;
    return fixture;
}

SearchResponse run(const Searcher& searcher, const Params& params) {
    const auto request = parse_search_request(params);
    REQUIRE(request);
    const auto response = searcher.search(*request);
    if (!response) FAIL(response.error().message);
    return *response;
}

const FacetValueCount* find_value(const FacetCounts& facet, const std::string& value) {
    for (const auto& v : facet.values)
        if (v.value == value) return &v;
    return nullptr;
}

std::set<std::string> ids(const SearchResponse& response) {
    std::set<std::string> out;
    for (const auto& hit : response.results) out.insert(hit.id);
    return out;
}

}  // namespace

TEST_SUITE("search on the sample corpus") {
    TEST_CASE("the sample corpus indexes all five articles") { CHECK(sample().documents == 5); }

    TEST_CASE("a word finds its articles with highlighted snippets and three facets") {
        const auto r = run(sample().searcher, {{"q", "talks"}});
        CHECK(r.total == 5);
        REQUIRE(r.results.size() == 5);
        for (const auto& hit : r.results) CHECK(hit.snippet_html.find("<mark>") != std::string::npos);
        CHECK(find_value(r.country, "UA"));
        CHECK(find_value(r.country, "RU"));
        CHECK(find_value(r.country, "US"));
        CHECK(find_value(r.country, "UA")->label == "Ukraine");
        CHECK(find_value(r.speaker, "Vladimir Putin"));
        REQUIRE(find_value(r.date, "undated"));
        CHECK(find_value(r.date, "undated")->count == 5);
    }

    TEST_CASE("Zelenskiy and Zelenskyy are one speaker across articles") {
        const auto r = run(sample().searcher, {{"facet_size", "100"}});
        int zelensky_values = 0;
        for (const auto& v : r.speaker.values)
            if (v.value.find("Zelensk") != std::string::npos) ++zelensky_values;
        CHECK(zelensky_values == 1);
        // The article without a quoted statement has no speaker.
        const auto doc = sample().searcher.document("003_6d4c5c2041faccc8.txt");
        REQUIRE(doc);
        CHECK(doc->article.speakers.empty());
    }

    TEST_CASE("a speaker filter narrows results and keeps its neighbours' counts") {
        const auto all = run(sample().searcher, {{"q", "talks"}});
        const auto putin = run(sample().searcher, {{"q", "talks"}, {"speaker", "Vladimir Putin"}});
        CHECK(putin.total == find_value(all.speaker, "Vladimir Putin")->count);
        // Disjunctive: the speaker facet under a speaker filter equals the unfiltered one.
        REQUIRE(putin.speaker.values.size() == all.speaker.values.size());
        for (std::size_t i = 0; i < all.speaker.values.size(); ++i)
            CHECK(putin.speaker.values[i].count == all.speaker.values[i].count);
        CHECK(find_value(putin.speaker, "Vladimir Putin")->selected);
    }

    TEST_CASE("query language: phrases, NOT, fields and prefixes") {
        const Searcher& s = sample().searcher;
        CHECK(run(s, {{"q", "\"peace formula\""}}).total == 1);
        CHECK(run(s, {{"q", "talks -Putin"}}).total == run(s, {{"q", "talks"}}).total - run(s, {{"q", "talks Putin"}}).total);
        CHECK(run(s, {{"q", "title:putin"}}).total == 1);
        CHECK(run(s, {{"q", "country:ukraine"}}).total == 5);
        CHECK(run(s, {{"q", "country:BY"}}).total == 1);
        CHECK(run(s, {{"q", "speaker:putin"}}).total == 1);
        CHECK(run(s, {{"q", "speaker:zelensky"}}).total == run(s, {{"q", "speaker:zelenskyy"}}).total);
        CHECK(run(s, {{"q", "negotiat*"}}).total >= 4);
        CHECK(run(s, {{"q", "(ceasefire OR sanctions) AND kremlin"}}).total >= 1);
    }

    TEST_CASE("a malformed query is answered or rejected as bad_query, never failed") {
        for (const char* text : {"talks AND (peace", "\"unclosed phrase", "AND OR NOT", "title:", "-", "*", "((((",
                                 "date:2025..", "date:..", "date:nonsense..2020", "mentioned:2020..", "NOT talks",
                                 "speaker:", "country:", "+-+-", "talks\"\"\"", "\xe2\x80\x9cpeace\xe2\x80\x9d"}) {
            CAPTURE(text);
            const auto request = parse_search_request({{"q", text}});
            REQUIRE(request);
            const auto r = sample().searcher.search(*request);
            if (!r) CHECK(r.error().code == ErrorCode::bad_query);
        }
        CHECK(run(sample().searcher, {{"q", "talks AND (peace"}}).total > 0);
    }

    TEST_CASE("an unknown country in the query is a bad_query error") {
        const auto request = parse_search_request({{"q", "country:atlantis"}});
        const auto r = sample().searcher.search(*request);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == ErrorCode::bad_query);
        CHECK(r.error().message.find("atlantis") != std::string::npos);
    }

    TEST_CASE("a misspelt word gets a suggestion from the index's spelling data") {
        CHECK(run(sample().searcher, {{"q", "ceasfire"}}).suggestion == "ceasefire");
    }

    TEST_CASE("documents are found by id, unknown ids are not_found") {
        const auto doc = sample().searcher.document("004_ccc3e7e1ea919f7c.txt");
        REQUIRE(doc);
        CHECK(doc->article.title == "Putin Expresses Willingness for Peace Talks with Ukraine for the First Time");
        REQUIRE_FALSE(doc->countries.empty());
        CHECK_FALSE(doc->countries[0].label.empty());
        const auto missing = sample().searcher.document("nope");
        REQUIRE_FALSE(missing);
        CHECK(missing.error().code == ErrorCode::not_found);
    }
}

namespace {

struct SyntheticDoc {
    std::string id;
    std::optional<std::string> date;
    std::vector<std::string> countries, speakers;
};

struct SyntheticIndex {
    TempDir dir;
    std::vector<SyntheticDoc> docs;
    Vocabulary vocabulary{testing::data_dir()};
    std::optional<Index> index;
    std::optional<Searcher> searcher;

    SyntheticIndex() {
        testing::write_synthetic_corpus(dir / "corpus.jsonl", 3000, 7);
        std::ifstream in(dir / "corpus.jsonl");
        for (std::string line; std::getline(in, line);) {
            const auto j = nlohmann::json::parse(line);
            SyntheticDoc doc{j["id"], std::nullopt, j["countries"], j["speakers"]};
            if (j.contains("date")) doc.date = j["date"].get<std::string>();
            docs.push_back(std::move(doc));
        }
        testing::build_index(dir / "db", {dir / "corpus.jsonl"});
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
        searcher.emplace(*index, vocabulary);
    }
};

SyntheticIndex& synthetic() {
    static SyntheticIndex fixture;
    return fixture;
}

bool has_any(const std::vector<std::string>& values, const std::vector<std::string>& wanted) {
    if (wanted.empty()) return true;
    for (const auto& v : values)
        if (std::find(wanted.begin(), wanted.end(), v) != wanted.end()) return true;
    return false;
}

}  // namespace

TEST_SUITE("facet counts on a generated corpus") {
    TEST_CASE("browse counts equal a brute-force count of the documents, disjunctively") {
        const auto& s = synthetic();
        const std::vector<std::string> speakers{"Anna Kovalenko", "Grace Okafor"};
        const std::vector<std::string> countries{"UA"};
        const auto r = run(*s.searcher, {{"speaker", speakers[0]}, {"speaker", speakers[1]}, {"country", "UA"},
                                         {"from", "2020"}, {"to", "2020"}, {"facet_size", "1000"}});
        std::map<std::string, std::uint32_t> speaker_counts, country_counts;
        std::uint64_t total = 0;
        for (const auto& d : s.docs) {
            const bool in_date = d.date && d.date->starts_with("2020");
            const bool sp = has_any(d.speakers, speakers), co = has_any(d.countries, countries);
            if (sp && co && in_date) ++total;
            if (co && in_date)
                for (const auto& v : d.speakers) ++speaker_counts[v];
            if (sp && in_date)
                for (const auto& v : d.countries) ++country_counts[v];
        }
        CHECK(r.total == total);
        CHECK(r.total > 0);
        for (const auto& [name, count] : speaker_counts) {
            const auto& value = name;  // CAPTURE's lambda cannot capture a structured binding in clang < 16
            CAPTURE(value);
            REQUIRE(find_value(r.speaker, value));
            CHECK(find_value(r.speaker, value)->count == count);
        }
        for (const auto& [name, count] : country_counts) {
            const auto& value = name;  // CAPTURE's lambda cannot capture a structured binding in clang < 16
            CAPTURE(value);
            REQUIRE(find_value(r.country, value));
            CHECK(find_value(r.country, value)->count == count);
        }
        CHECK(r.speaker.distinct == speaker_counts.size());
    }

    TEST_CASE("every facet count equals the total of the query that selects that value") {
        const Searcher& s = *synthetic().searcher;
        const Params base{{"q", "ceasefire"}, {"country", "US"}, {"country", "DE"}, {"facet_size", "1000"}};
        const auto r = run(s, base);
        for (const auto& v : r.country.values) {
            Params p{{"q", "ceasefire"}, {"country", v.value}};
            CHECK(run(s, p).total == v.count);
        }
        for (const auto& v : r.speaker.values) {
            Params p = base;
            p.emplace_back("speaker", v.value);
            CHECK(run(s, p).total == v.count);
        }
        std::uint64_t dated = 0;
        for (const auto& v : r.date.values) {
            Params p = base;
            if (v.value == "undated") p.emplace_back("undated", "true");
            else p.insert(p.end(), {{"from", v.value}, {"to", v.value}});
            CHECK(run(s, p).total == v.count);
            dated += v.count;
        }
        CHECK(dated == r.total);  // with no date filter, the buckets partition the results
    }

    TEST_CASE("the date histogram picks its bucket size from the span of the results") {
        const Searcher& s = *synthetic().searcher;
        CHECK(to_string(run(s, {}).date_granularity) == std::string("month"));
        CHECK(to_string(run(s, {{"from", "2020-03"}, {"to", "2020-03"}}).date_granularity) == std::string("day"));
    }

    TEST_CASE("date sorts are monotonic, with undated documents last either way") {
        const Searcher& s = *synthetic().searcher;
        for (const char* sort : {"date", "-date"}) {
            CAPTURE(sort);
            const auto r = run(s, {{"q", "talks"}, {"sort", sort}, {"size", "100"}, {"page", "1"}});
            const auto last_page = run(s, {{"q", "talks"}, {"sort", sort}, {"size", "100"},
                                           {"page", std::to_string((r.total + 99) / 100)}});
            CHECK_FALSE(last_page.results.back().date);  // undated at the very end
            std::optional<std::string> previous;
            for (const auto& hit : r.results) {
                if (!hit.date) continue;
                if (previous) CHECK((sort[0] == '-' ? *hit.date <= *previous : *hit.date >= *previous));
                previous = hit.date;
            }
        }
    }

    TEST_CASE("pages partition the results with a stable total") {
        const Searcher& s = *synthetic().searcher;
        const auto p1 = run(s, {{"q", "summit"}, {"size", "50"}, {"page", "1"}});
        const auto p2 = run(s, {{"q", "summit"}, {"size", "50"}, {"page", "2"}});
        CHECK(p1.total == p2.total);
        std::set<std::string> both = ids(p1);
        for (const auto& id : ids(p2)) CHECK(both.insert(id).second);
        CHECK(run(s, {{"q", "summit"}, {"page", "10000"}}).results.empty());
    }

    TEST_CASE("an empty query browses newest first") {
        const auto r = run(*synthetic().searcher, {{"size", "20"}});
        CHECK(r.total == synthetic().docs.size());
        CHECK(r.sort == "-date");
        for (std::size_t i = 1; i < r.results.size(); ++i) CHECK(*r.results[i].date <= *r.results[i - 1].date);
    }
}

TEST_SUITE("facet value search") {
    TEST_CASE("a prefix finds speakers by any word, under the current query and filters") {
        const Searcher& s = *synthetic().searcher;
        const auto request = parse_search_request({{"q", "summit"}, {"country", "UA"}, {"facet_size", "100"}});
        const auto found = s.facet_values(*request, FacetName::speaker, "okaf");
        REQUIRE(found);
        REQUIRE_FALSE(found->values.empty());
        const auto full = run(s, {{"q", "summit"}, {"country", "UA"}, {"facet_size", "100"}});
        for (const auto& v : found->values) {
            CAPTURE(v.value);
            CHECK(v.value.find("Okafor") != std::string::npos);
            REQUIRE(find_value(full.speaker, v.value));
            CHECK(find_value(full.speaker, v.value)->count == v.count);
        }
        const auto by_first_name = s.facet_values(*request, FacetName::speaker, "GRA");
        REQUIRE(by_first_name);
        for (const auto& v : by_first_name->values) CHECK(v.value.starts_with("Grace "));
    }

    TEST_CASE("a prefix finds countries by name or code, with labels") {
        const Searcher& s = sample().searcher;
        const auto request = parse_search_request({});
        const auto ukr = s.facet_values(*request, FacetName::country, "ukr");
        REQUIRE(ukr);
        REQUIRE(ukr->values.size() == 1);
        CHECK(ukr->values[0].value == "UA");
        CHECK(ukr->values[0].label == "Ukraine");
        CHECK(s.facet_values(*request, FacetName::country, "us")->values.at(0).value == "US");
        CHECK(s.facet_values(*request, FacetName::country, "zzz")->values.empty());
    }
}

TEST_SUITE("search limits") {
    TEST_CASE("a match past the time limit answers partial counts, marked and explained") {
        auto& s = synthetic();
        // One microsecond: past it by the first reading of the clock, at the 256th match. The
        // wildcards send the query to Xapian's matcher, which a match spy stops.
        SearchLimits limits;
        limits.match_time = std::chrono::microseconds(1);
        limits.max_wildcard_expansion = 10000;
        const Searcher hurried(*s.index, s.vocabulary, limits);
        const Params broad{{"q", "1* OR 2* OR 3* OR 4* OR 5* OR 6* OR 7* OR 8* OR 9* OR talks"}};
        const auto cut = run(hurried, broad);
        REQUIRE(cut.partial);
        CHECK(cut.warning.find("the search took longer than 0.001 ms: counted 255 of about ") != std::string::npos);
        CHECK(cut.total == 255);
        CHECK_FALSE(cut.results.empty());  // the page is still ranked and served

        limits.match_time = std::chrono::microseconds(0);  // no limit
        const auto exact = run(Searcher(*s.index, s.vocabulary, limits), broad);
        CHECK_FALSE(exact.partial);
        CHECK(exact.warning.empty());
        CHECK(exact.total == s.docs.size());

        // A browse walks the column store, not a match: it is always complete.
        CHECK_FALSE(run(hurried, {}).partial);
    }

    TEST_CASE("a wildcard past its expansion limit searches its most frequent words, with a warning") {
        auto& s = synthetic();
        SearchLimits limits;
        limits.max_wildcard_expansion = 2;
        const Searcher capped(*s.index, s.vocabulary, limits);
        // Titles are "Report N on ...": "1*" expands to 1, 10-19, 100-199, 1000-1999.
        const auto r = run(capped, {{"q", "1*"}});
        CHECK(r.warning.find("a wildcard matches more than 2 words") != std::string::npos);
        CHECK(r.total > 0);
        CHECK_FALSE(r.partial);
        limits.max_wildcard_expansion = 10000;
        const auto full = run(Searcher(*s.index, s.vocabulary, limits), {{"q", "1*"}});
        CHECK(full.warning.empty());
        CHECK(full.total > r.total);
        // Within the limit, nothing to say.
        CHECK(run(capped, {{"q", "ceasefir*"}}).warning.empty());
    }
}

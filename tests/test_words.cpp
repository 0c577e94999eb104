// How the query reads words, on a generated corpus of accents, capitals and possessives:
// a capital or an accent never shrinks a result, the text is marked as written, the word
// being typed is a prefix, "did you mean" leads somewhere, and a user's mistakes read plainly.
#include "search/searcher.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

using namespace dateline;
using namespace dateline::search;
using dateline::testing::TempDir;

namespace {

// A word as the corpus writes it: every form of it that an article may hold.
struct Entity {
    std::string name;
    std::vector<std::string> forms;
};

const std::vector<Entity>& entities() {
    static const std::vector<Entity> all{
        {"zurich", {"Zürich", "Zurich", "ZÜRICH", "Zürich's", "zurich"}},
        {"erdogan", {"Erdoğan", "Erdogan", "Erdoğan's", "ERDOĞAN"}},
        {"opec", {"OPEC", "OPEC's", "Opec", "opec"}},
        {"strasse", {"Straße", "Strasse", "straße"}},
        {"kobenhavn", {"København", "Kobenhavn"}},
        {"lodz", {"Łódź", "Lodz"}},
        {"istanbul", {"İstanbul", "Istanbul", "istanbul"}},
        {"caesar", {"Cæsar", "Caesar"}},
        {"hillary", {"Hillary", "Hillary's", "hillary"}},
        {"kuwait", {"Kuwait", "Kuwait's"}},
    };
    return all;
}

const char* const kFiller[] = {"oil", "prices", "bankers", "minister", "talks", "said", "market", "rose", "vote", "week"};
const char* const kCountries[] = {"US", "GB", "TR", "RU", "CH"};

struct Article {
    std::string id, body;
    std::vector<std::string> forms;     // the entity forms in its body
    std::set<std::string> entities;     // their entities' names
};

// 200 articles of filler words, each with one form of about a third of the entities.
struct WordsIndex {
    TempDir dir;
    std::vector<Article> articles;
    Vocabulary vocabulary{testing::data_dir()};
    std::optional<Index> index;
    std::optional<Searcher> searcher;

    WordsIndex() {
        std::mt19937 random(28);
        const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
        std::ofstream out(dir / "words.jsonl");
        for (int i = 0; i < 200; ++i) {
            Article a;
            a.id = "w-" + std::to_string(i);
            for (int w = 0; w < 8; ++w) a.body += std::string(kFiller[pick(std::size(kFiller))]) + " ";
            for (const Entity& e : entities()) {
                if (pick(3) != 0) continue;
                const std::string& form = e.forms[pick(e.forms.size())];
                a.body += form + " " + kFiller[pick(std::size(kFiller))] + ". ";
                a.forms.push_back(form);
                a.entities.insert(e.name);
            }
            nlohmann::json doc{{"id", a.id}, {"title", "Dispatch " + std::to_string(i)}, {"body", a.body},
                               {"date", "2016-05-" + std::to_string(10 + i % 18)},
                               {"countries", {kCountries[pick(std::size(kCountries))]}},
                               {"speakers", nlohmann::json::array()}};
            out << doc.dump() << '\n';
            articles.push_back(std::move(a));
        }
        out.close();
        testing::build_index(dir / "db", {dir / "words.jsonl"});
        index.emplace(std::vector<std::filesystem::path>{dir / "db"});
        searcher.emplace(*index, vocabulary);
    }

    std::uint64_t holding(const std::string& entity) const {
        return static_cast<std::uint64_t>(std::count_if(articles.begin(), articles.end(),
                                                        [&](const Article& a) { return a.entities.contains(entity); }));
    }
    const Article& article(const std::string& id) const {
        return *std::find_if(articles.begin(), articles.end(), [&](const Article& a) { return a.id == id; });
    }
};

WordsIndex& corpus() {
    static WordsIndex fixture;
    return fixture;
}

SearchResponse run(const Params& params) {
    const auto request = parse_search_request(params);
    REQUIRE(request);
    const auto response = corpus().searcher->search(*request);
    if (!response) FAIL(response.error().message);
    return *response;
}

std::uint64_t count(const std::string& q, bool typing = false) {
    Params params{{"q", q}, {"size", "0"}};
    if (typing) params.emplace_back("typing", "true");
    return run(params).total;
}

Error error_of(const Params& params) {
    const auto request = parse_search_request(params);
    if (!request) return request.error();
    const auto response = corpus().searcher->search(*request);
    REQUIRE_FALSE(response);
    return response.error();
}

// Upper-cases the ASCII letters of a word: "zurich" -> "ZURICH".
std::string upper(std::string word) {
    for (char& c : word)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return word;
}

}  // namespace

TEST_SUITE("words: capitals and accents") {
    TEST_CASE("every form of a word finds every article holding any form of it") {
        for (const Entity& e : entities()) {
            const std::uint64_t expected = corpus().holding(e.name);
            REQUIRE(expected > 0);
            for (const std::string& form : e.forms) {
                CAPTURE(form);
                CHECK(count(form) == expected);
            }
            CHECK(count(e.name) == expected);
        }
    }

    TEST_CASE("no result count shrinks when a word is typed with a capital or an accent") {
        for (const Entity& e : entities()) {
            const std::string lower = e.name;
            std::string capitalised = lower;
            capitalised[0] = static_cast<char>(capitalised[0] - 'a' + 'A');
            CAPTURE(lower);
            CHECK(count(lower) <= count(capitalised));
            CHECK(count(lower) <= count(upper(lower)));
            for (const std::string& form : e.forms) {
                CAPTURE(form);
                CHECK(count(form + " oil") == count(lower + " oil"));  // folded == accented, beside another word
            }
        }
        CHECK(count("Hillary Zürich") == count("hillary zurich"));
        CHECK(count("OPEC OR Erdoğan") == count("opec OR erdogan"));
    }

    TEST_CASE("a quoted word is matched as written but for case and accents") {
        // The articles with the word "zurich" itself, in any case or accent, not "Zürich's".
        const std::set<std::string> forms{"Zürich", "Zurich", "ZÜRICH", "zurich"};
        const auto zurich = static_cast<std::uint64_t>(std::count_if(
            corpus().articles.begin(), corpus().articles.end(), [&](const Article& a) {
                return std::any_of(a.forms.begin(), a.forms.end(), [&](const std::string& f) { return forms.contains(f); });
            }));
        const auto exact = [&](const std::string&) { return zurich; };
        CHECK(count("\"zurich\"") == exact("zurich"));
        CHECK(count("\"Zürich\"") == exact("zurich"));
        CHECK(count("\"ZÜRICH\"") == exact("zurich"));
        CHECK(count("\"zurich\"") < count("zurich"));  // "Zürich's" is another word, as written
        CHECK(count("\"Zürich's\"") == count("\"zurich's\""));
    }

    TEST_CASE("the text is marked as written whichever way the query spells the word") {
        for (const std::string q : {"zurich", "Zürich", "ZURICH", "zürich's"}) {
            CAPTURE(q);
            const auto r = run({{"q", q}, {"size", "100"}});
            REQUIRE(r.results.size() == corpus().holding("zurich"));
            for (const Hit& hit : r.results) {
                for (const std::string& form : corpus().article(hit.id).forms) {
                    if (std::find(entities()[0].forms.begin(), entities()[0].forms.end(), form) == entities()[0].forms.end())
                        continue;
                    CAPTURE(form);
                    CHECK(hit.snippet_html.find("<mark>" + form + "</mark>") != std::string::npos);
                }
            }
        }
    }

    TEST_CASE("accents are folded in fields and wildcards too") {
        CHECK(count("title:Dispatch") == corpus().articles.size());
        CHECK(count("zür*") == count("zur*"));
        CHECK(count("zür*") == corpus().holding("zurich"));
        CHECK(count("ERDOĞAN*") == corpus().holding("erdogan"));
    }
}

TEST_SUITE("words: search as you type") {
    TEST_CASE("the word being typed is a prefix as well as a word") {
        struct Case {
            const char* q;
            std::uint64_t expected;
        };
        const std::uint64_t kuwait = corpus().holding("kuwait");
        const Case cases[] = {
            {"kuw", kuwait},               // a prefix of the last word
            {"Kuw", kuwait},               // a capital changes nothing
            {"kuwait", kuwait},            // a whole word is still a word
            {"zür", corpus().holding("zurich")},
            {"kuw ", 0},                   // a space ends the word: no such word
            {"\"kuw", 0},                  // inside a phrase, words are words
            {"\"kuw\"", 0},                // a closing quote ends it too
            {"oil kuw", count("oil kuwait")},
        };
        for (const Case& c : cases) {
            CAPTURE(c.q);
            CHECK(count(c.q, true) == c.expected);
        }
        CHECK(count("kuw") == 0);  // without typing=true, a word is a word
    }

    TEST_CASE("the word being typed is marked and offered no spelling correction") {
        const auto r = run({{"q", "kuw"}, {"typing", "true"}, {"size", "100"}});
        REQUIRE_FALSE(r.results.empty());
        for (const Hit& hit : r.results) CHECK(hit.snippet_html.find("<mark>Kuwait") != std::string::npos);
        for (const char* q : {"kuw", "zu", "oil ku", "Erdo", "\"zur", "\"oil zur", "title:zur"}) {
            CAPTURE(q);
            CHECK(run({{"q", q}, {"typing", "true"}}).suggestion.empty());
        }
        // The words before it are still corrected.
        CHECK(run({{"q", "zurch kuw"}, {"typing", "true"}}).suggestion == "zurich kuw");
    }
}

TEST_SUITE("words: did you mean") {
    TEST_CASE("a suggestion is offered only when it finds more, and changes only words") {
        std::string long_query;
        for (int i = 0; i < 120; ++i) long_query += std::string(kFiller[i % std::size(kFiller)]) + (i == 60 ? "x " : " ");
        const std::string queries[] = {"zurch", "erdogn oil", "\"unterminated zurch", "\"zurch banker\"", long_query,
                                       "vote note zurch", "opec zzzzqqq"};
        for (const std::string& q : queries) {
            CAPTURE(q);
            const auto r = run({{"q", q}});
            if (r.suggestion.empty()) continue;
            CHECK(count(r.suggestion) > r.total);
            CHECK(std::count(r.suggestion.begin(), r.suggestion.end(), '"') == std::count(q.begin(), q.end(), '"'));
        }
        const auto misspelt = run({{"q", "zurch"}});
        CHECK(misspelt.total == 0);
        CHECK(misspelt.suggestion == "zurich");
        CHECK(run({{"q", "opec zzzzqqq"}}).suggestion.empty());  // nothing to correct it to that finds anything
    }
}

TEST_SUITE("words: a user's mistakes") {
    TEST_CASE("errors and warnings speak plainly") {
        const Error country = error_of({{"q", "country:atlantis"}});
        CHECK(country.code == ErrorCode::bad_query);
        CHECK(country.message == "Unknown country 'atlantis' \u2014 try a name or an ISO code, such as Ukraine or UA");
        const Error long_query = error_of({{"q", std::string(5000, 'a')}});
        CHECK(long_query.code == ErrorCode::bad_param);
        CHECK(long_query.message == "The query is too long: at most 4096 bytes, this one has 5000");
        const Error typing = error_of({{"q", "oil"}, {"typing", "yes"}});
        CHECK(typing.code == ErrorCode::bad_param);
        CHECK(typing.message == "parameter 'typing': expected true or false, got \"yes\"");

        struct Case {
            const char* q;
            const char* warning;
        };
        const Case cases[] = {
            {"oil OR", "Read as plain words: 'OR' needs words on both sides"},
            {"oil AND", "Read as plain words: 'AND' needs words on both sides"},
            {"oil XOR", "Read as plain words: 'XOR' needs words on both sides"},
            {"oil prices", ""},
        };
        for (const Case& c : cases) {
            CAPTURE(c.q);
            CHECK(run({{"q", c.q}}).warning == c.warning);
        }
    }
}

TEST_SUITE("words: everyday country names") {
    TEST_CASE("the country facet's value search knows the names the query language knows") {
        const auto request = parse_search_request({});
        REQUIRE(request);
        struct Case {
            const char* prefix;
            const char* code;
        };
        const Case cases[] = {{"usa", "US"},     {"us", "US"},     {"USA", "US"},     {"uk", "GB"},
                              {"britain", "GB"}, {"brit", "GB"},   {"turk", "TR"},    {"turkey", "TR"},
                              {"türk", "TR"},    {"TÜRKİYE", "TR"}, {"swiss", "CH"},  {"switz", "CH"}};
        for (const Case& c : cases) {
            CAPTURE(c.prefix);
            const auto found = corpus().searcher->facet_values(*request, FacetName::country, c.prefix);
            REQUIRE(found);
            REQUIRE_FALSE(found->values.empty());
            CHECK(found->values.front().value == c.code);
        }
        CHECK(corpus().searcher->facet_values(*request, FacetName::country, "par")->values.empty());  // Paris is no country
    }
}

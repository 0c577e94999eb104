// The index holds words only; a query's stems are expanded into the words that share them
// (search/stem_expansion.h), so that a search matches what Xapian's stem terms matched: every
// form of an unquoted word, capitalised or not, and only the word itself when quoted.
#include "search/index.h"
#include "search/query_builder.h"
#include "search/stem_expansion.h"
#include "search/vocabulary.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>
#include <stdexcept>
#include <string>

using namespace dateline;
using namespace dateline::search;

namespace {

struct InflectedIndex {
    testing::TempDir dir;
    Vocabulary vocabulary{testing::data_dir()};
    std::unique_ptr<Index> index;

    InflectedIndex() {
        const auto article = [](const std::string& id, const std::string& title, const std::string& body) {
            return nlohmann::json{{"id", id}, {"title", title}, {"body", body}, {"date", "2022-03-01"},
                                  {"countries", {"UA"}}, {"speakers", nlohmann::json::array()}}
                       .dump() +
                   "\n";
        };
        testing::write_file(dir / "in.jsonl", article("began", "Day one", "The talks began at noon.") +
                                                  article("talked", "Day two", "They talked for hours.") +
                                                  article("talking", "Day three", "Talking points were shared.") +
                                                  article("talk", "Talks resume", "A talk was given.") +
                                                  article("peace", "Day five", "The peace talks went on.") +
                                                  article("peaceful", "Day six", "A peaceful protest."));
        testing::build_index(dir / "db", {dir / "in.jsonl"});
        index = std::make_unique<Index>(std::vector<std::filesystem::path>{dir / "db"});
    }

    // The ids of the articles `text` matches.
    std::set<std::string> matches(const std::string& text) const {
        const auto snapshot = index->current();
        const auto lease = snapshot->acquire();
        const auto parsed = parse_query(text, lease.db(), snapshot->facets(), vocabulary, snapshot->stems());
        REQUIRE(parsed);
        Xapian::Enquire enquire(lease.db());
        enquire.set_query(parsed->query);
        std::set<std::string> ids;
        const Xapian::MSet mset = enquire.get_mset(0, 100);
        for (auto item = mset.begin(); item != mset.end(); ++item)
            ids.insert(nlohmann::json::parse(item.get_document().get_data()).at("id").get<std::string>());
        return ids;
    }
};

using Ids = std::set<std::string>;

}  // namespace

TEST_SUITE("stem expansion") {
    TEST_CASE("an unquoted lower-case word matches every form of its stem, as stem terms did") {
        const InflectedIndex fixture;
        CHECK(fixture.matches("talks") == Ids{"began", "talked", "talking", "talk", "peace"});
        CHECK(fixture.matches("talked") == fixture.matches("talks"));
        CHECK(fixture.matches("peaceful") == Ids{"peace", "peaceful"});
        CHECK(fixture.matches("peaceful talking") == Ids{"peace"});
        CHECK(fixture.matches("title:talk") == Ids{"talk"});  // "Talks resume"
    }

    TEST_CASE("a capitalised word matches every form of its stem, as its lower case does") {
        const InflectedIndex fixture;
        CHECK(fixture.matches("Talks") == fixture.matches("talks"));
        CHECK(fixture.matches("TALKED") == Ids{"began", "talked", "talking", "talk", "peace"});
        CHECK(fixture.matches("title:Talk") == fixture.matches("title:talk"));
        CHECK(fixture.matches("Peaceful Talking") == Ids{"peace"});
        CHECK(fixture.matches("Zebras").empty());
    }

    TEST_CASE("quoted words and wildcards match words as written") {
        const InflectedIndex fixture;
        CHECK(fixture.matches("\"Talks\"") == Ids{"began", "talk", "peace"});  // the word "talks", in title or body
        CHECK(fixture.matches("\"peace talks\"") == Ids{"peace"});
        CHECK(fixture.matches("\"peaceful talks\"").empty());
        CHECK(fixture.matches("talki*") == Ids{"talking"});
    }

    TEST_CASE("a word no article has matches nothing") {
        const InflectedIndex fixture;
        CHECK(fixture.matches("zebras").empty());
        CHECK(fixture.matches("zebras OR talking") == fixture.matches("talks"));
    }

    TEST_CASE("expand() rebuilds only what holds a stem term") {
        const InflectedIndex fixture;
        const StemExpansion& stems = fixture.index->current()->stems();
        const Xapian::Query talk = stems.expand(Xapian::Query("Ztalk"));
        CHECK(talk.get_type() == Xapian::Query::OP_SYNONYM);
        CHECK(talk.get_num_subqueries() == 4);  // talk, talked, talking, talks
        // One word: the word itself, which Xapian weighs as the synonym of one term.
        CHECK(stems.expand(Xapian::Query("Zbegan")).get_description() == Xapian::Query("began").get_description());
        CHECK(stems.expand(Xapian::Query("Zzebra")).get_description() == Xapian::Query("Zzebra").get_description());
        const Xapian::Query words(Xapian::Query::OP_PHRASE, Xapian::Query("peace"), Xapian::Query("talks"));
        CHECK(stems.expand(words).get_description() == words.get_description());
        // A scale factor cannot be read back from a Xapian 1.4 query: refused, not dropped.
        CHECK_THROWS_AS((void)stems.expand(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Ztalk"), 2.0)),
                        std::logic_error);
        CHECK(StemExpansion().expand(Xapian::Query("Ztalk")).get_description() ==
              Xapian::Query("Ztalk").get_description());
    }

    TEST_CASE("a stem weighs in the highlighter as the documents of its words") {
        const InflectedIndex fixture;
        const StemExpansion& stems = fixture.index->current()->stems();
        CHECK(stems.frequency("Ztalk") == 6);  // talks 3, talked 1, talking 1, talk 1
        CHECK(stems.frequency("ZStalk") == 1);
        CHECK(stems.frequency("Zzebra") == 0);
    }
}

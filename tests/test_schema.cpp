#include "core/fnv1a.h"
#include "core/schema.h"

#include <doctest/doctest.h>

namespace schema = dateline::schema;

TEST_SUITE("schema") {
    TEST_CASE("packed facets round-trip") {
        schema::FacetValues facets;
        facets.date = dateline::PartialDate{2025, 4, 21};
        facets.countries = {"UA", "RU", "US"};
        facets.speakers = {{"volodymyr zelensk", "Volodymyr Zelenskyy"}, {"vladimir putin", "Vladimir Putin"}};
        CHECK(schema::decode_facets(schema::encode_facets(facets)) == facets);
        CHECK(schema::decode_facets(schema::encode_facets({})) == schema::FacetValues{});
    }

    TEST_CASE("truncated or padded packed facets are a format error, not a crash") {
        schema::FacetValues facets;
        facets.countries = {"UA"};
        facets.speakers = {{"key", "Name"}};
        const std::string packed = schema::encode_facets(facets);
        for (std::size_t cut = 0; cut < packed.size(); ++cut)
            CHECK_THROWS_AS(schema::decode_facets(packed.substr(0, cut)), schema::FormatError);
        CHECK_THROWS_AS(schema::decode_facets(packed + "x"), schema::FormatError);
    }

    TEST_CASE("terms are spelled with their registered prefixes") {
        CHECK(schema::id_term("a/b.txt") == "Qa/b.txt");
        CHECK(schema::country_term("UA") == "XCua");
        CHECK(schema::day_term({2025, 4, 21}) == "D20250421");
        CHECK(schema::month_term(2025, 4) == "M202504");
        CHECK(schema::year_term(2025) == "Y2025");
        CHECK(schema::mentioned_terms({2022, 2, 24}) == std::vector<std::string>{"XM2022", "XM202202", "XM20220224"});
        CHECK(schema::mentioned_terms({2022, 0, 0}) == std::vector<std::string>{"XM2022"});
        CHECK(schema::date_value(std::nullopt).empty());
        CHECK(schema::date_value(dateline::PartialDate{2025, 4, 1}) == "20250401");
        CHECK(schema::parse_date_value("20250401") == dateline::PartialDate{2025, 4, 1});
        CHECK(schema::parse_date_value("") == std::nullopt);
        CHECK_THROWS_AS(schema::parse_date_value("2025041"), schema::FormatError);
        CHECK_THROWS_AS(schema::parse_date_value("20250230"), schema::FormatError);
        CHECK_THROWS_AS(schema::parse_date_value("2025-4-1"), schema::FormatError);
    }

    TEST_CASE("documents are routed to shards by FNV-1a 64 of their id, the same on every platform") {
        CHECK(dateline::fnv1a64("") == 0xcbf29ce484222325ull);
        CHECK(dateline::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
        CHECK(dateline::fnv1a64("foobar") == 0x85944171f73967e8ull);
        CHECK(schema::shard_of("a", 2) == 0xaf63dc4c8601ec8cull % 2);
        CHECK(schema::shard_of("foobar", 7) == 0x85944171f73967e8ull % 7);
        CHECK(schema::shard_of("anything", 1) == 0);
        CHECK(schema::shard_directory(3) == "shard-3");
    }

    TEST_CASE("a speaker slot carries the key and the name, whatever bytes they hold") {
        for (const schema::SpeakerValue& speaker : {schema::SpeakerValue{"vladimir putin", "Vladimir Putin"},
                                                   schema::SpeakerValue{"a\x1f\nb", std::string("N\0ame", 5)},
                                                   schema::SpeakerValue{"", ""}})
            CHECK(schema::parse_speaker_slot_value(schema::speaker_slot_value(speaker)) == speaker);
        CHECK_THROWS_AS(schema::parse_speaker_slot_value("\x05\x00ab"), schema::FormatError);
        CHECK(schema::speaker_slot(0) == schema::kSlotFirstSpeaker);
        CHECK(schema::country_slot(schema::kFacetSlots - 1) < schema::kSlotFirstCountry + schema::kFacetSlots);
        CHECK(schema::date_undated_last_value(std::nullopt) == "~");
        CHECK(schema::date_undated_last_value(dateline::PartialDate{2025, 4, 1}) == "20250401");
    }

    TEST_CASE("a very long id still gives a unique term within Xapian's limit") {
        const std::string a(400, 'a');
        std::string b = a;
        b.back() = 'b';
        CHECK(schema::id_term(a).size() <= schema::kMaxTermBytes);
        CHECK(schema::id_term(a) != schema::id_term(b));
    }
}

// Folding of Latin letters: what the index's words, speaker keys and value search share.
#include "core/text_folding.h"

#include <doctest/doctest.h>

#include <string>

using namespace dateline;

TEST_SUITE("text folding") {
    TEST_CASE("unaccent drops the marks of Latin letters, keeping case and everything else") {
        const struct {
            const char* text;
            const char* unaccented;
        } cases[] = {
            {"Zürich's", "Zurich's"},     {"ERDOĞAN", "ERDOGAN"},     {"Łódź", "Lodz"},
            {"İstanbul ılık", "Istanbul ilik"}, {"Straße", "Strasse"}, {"Cæsar Æsir", "Caesar AEsir"},
            {"Œuvre cœur", "OEuvre coeur"}, {"Þór", "THor"},          {"København", "Kobenhavn"},
            {"Đorđe", "Dorde"},           {"Ștefan Țiriac", "Stefan Tiriac"},
            {"Зеленський", "Зеленський"}, {"Ελλάδα", "Ελλάδα"},       {"Hà Nội ơ", "Ha Nội ơ"},
            {"U.S. 3×4", "U.S. 3×4"},     {"Russia’s", "Russia’s"},   {"\xff bad", "\xff bad"},
        };
        for (const auto& c : cases) {
            CAPTURE(c.text);
            CHECK(unaccent(c.text) == c.unaccented);
        }
    }

    TEST_CASE("the lookup fold lower-cases what unaccent gives") {
        for (const char* text : {"Zürich's", "ERDOĞAN", "Łódź", "Straße", "Cæsar", "Œuvre", "Ÿves Ĺudo Žižek"}) {
            CAPTURE(text);
            std::string lower = unaccent(text);
            for (char& c : lower)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            CHECK(fold(text) == lower);
        }
    }

    TEST_CASE("capitals of Latin Extended-A are told from small letters in every pairing") {
        CHECK(is_upper_latin(U'Ł'));
        CHECK_FALSE(is_upper_latin(U'ł'));
        CHECK(is_upper_latin(U'Ĺ'));
        CHECK(is_upper_latin(U'Ž'));
        CHECK_FALSE(is_upper_latin(U'ž'));
        CHECK(is_upper_latin(U'Ÿ'));
        CHECK(is_upper_latin(U'Ğ'));
        CHECK_FALSE(is_upper_latin(U'ğ'));
        CHECK_FALSE(is_upper_latin(U'ĸ'));
        CHECK_FALSE(is_upper_latin(U'ŉ'));
        CHECK_FALSE(is_upper_latin(U'ſ'));
        CHECK(is_upper_latin(U'Ș'));
        CHECK_FALSE(is_upper_latin(U'ț'));
    }
}

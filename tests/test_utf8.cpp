#include "core/utf8.h"

#include <doctest/doctest.h>

#include <string>

TEST_SUITE("utf8") {
    TEST_CASE("clean UTF-8 passes") {
        for (const char* text : {"", "plain", "Zelens\xca\xb9kyi", "\xe2\x80\x9cquoted\xe2\x80\x9d", "\xf0\x9f\x87\xba\xf0\x9f\x87\xa6"})
            CHECK_FALSE(dateline::find_invalid_utf8(text));
    }

    TEST_CASE("faults are found at their offset") {
        const struct {
            std::string text;
            std::size_t offset;
        } cases[] = {
            {std::string("ab\xff", 3), 2},                 // invalid lead byte
            {std::string("a\xc3", 2), 1},                  // truncated sequence
            {std::string("\xc0\xaf", 2), 0},               // overlong '/'
            {std::string("x\xed\xa0\x80", 4), 1},          // surrogate
            {std::string("ok\0no", 5), 2},                 // NUL
            {std::string("\xf4\x90\x80\x80", 4), 0},       // past U+10FFFF
        };
        for (const auto& c : cases) {
            const auto fault = dateline::find_invalid_utf8(c.text);
            REQUIRE(fault);
            CHECK(*fault == c.offset);
        }
    }

    TEST_CASE("one character decodes with its length, a fault to nothing") {
        using namespace std::string_literals;
        const auto e_acute = dateline::decode_utf8("caf\xC3\xA9", 3);
        REQUIRE(e_acute);
        CHECK(e_acute->code == U'\u00E9');
        CHECK(e_acute->length == 2);
        const auto emoji = dateline::decode_utf8("\xF0\x9F\x98\x80", 0);
        REQUIRE(emoji);
        CHECK(emoji->code == U'\U0001F600');
        CHECK(emoji->length == 4);
        CHECK(dateline::decode_utf8("a\0"s, 1)->code == U'\0');  // NUL is a character; only find_invalid_utf8 refuses it
        CHECK_FALSE(dateline::decode_utf8("\xE2\x82", 0));       // cut short
        CHECK_FALSE(dateline::decode_utf8("\xC0\xAF", 0));       // overlong
        CHECK_FALSE(dateline::decode_utf8("\xED\xA0\x80", 0));  // surrogate
        CHECK_FALSE(dateline::decode_utf8("\x80", 0));           // a continuation byte alone
    }
}

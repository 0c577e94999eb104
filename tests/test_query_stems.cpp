// QueryStems rules out words that cannot stem to a query stem; it must never rule out one
// that does.
#include "search/query_stems.h"
#include "support/sample_index.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace dateline;

namespace {

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Every word of the bundled sample as TermGenerator reads it (lower-cased), and the English
// stemmer's irregular words.
std::set<std::string> sample_words() {
    Xapian::Document doc;
    Xapian::TermGenerator words;
    words.set_document(doc);
    for (const auto& file : std::filesystem::directory_iterator(testing::sample_corpus()))
        words.index_text(read_file(file.path()));
    std::set<std::string> out(doc.termlist_begin(), doc.termlist_end());
    for (const char* w : {"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early", "only",
                          "singly", "sky", "news", "hoping", "generously", "'tis", "yelled", "ies", "a"})
        out.insert(w);
    return out;
}

}  // namespace

TEST_SUITE("query stems") {
    TEST_CASE("a word whose English stem is a query stem could match") {
        const Xapian::Stem english("english");
        const std::set<std::string> words = sample_words();
        REQUIRE(words.size() > 1000);
        for (const auto& word : words) {
            CAPTURE(word);
            CHECK(search::QueryStems(Xapian::Query("Z" + english(word))).could_match(word));
        }
    }

    TEST_CASE("a word of another first letter, or shorter than every stem, could not") {
        const search::QueryStems stems(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Ztalk"), Xapian::Query("Zpeac")));
        CHECK(stems.could_match("talks"));
        CHECK(stems.could_match("peaceful"));
        CHECK_FALSE(stems.could_match("ukraine"));
        CHECK_FALSE(stems.could_match("tal"));
        CHECK_FALSE(search::QueryStems(Xapian::Query("talks")).could_match("talks"));  // no stemmed term
        CHECK_FALSE(search::QueryStems(Xapian::Query("XCua")).could_match("ua"));
    }
}

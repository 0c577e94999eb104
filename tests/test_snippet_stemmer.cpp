// The snippet stemmer skips words that cannot stem to a query stem; its snippets must be
// exactly those of the plain English stemmer.
#include "search/snippet_stemmer.h"
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

// Every word of the bundled sample as snippets see it (TermGenerator's words, lower-cased),
// and the English stemmer's irregular words.
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

Xapian::Query stemmed(const std::string& stem) { return Xapian::Query("Z" + stem); }

}  // namespace

TEST_SUITE("snippet stemmer") {
    TEST_CASE("a word whose English stem is a query stem is stemmed as the English stemmer stems it") {
        const Xapian::Stem english("english");
        const std::set<std::string> words = sample_words();
        REQUIRE(words.size() > 1000);
        for (const auto& word : words) {
            CAPTURE(word);
            const std::string stem = english(word);
            Xapian::Stem for_query = search::snippet_stemmer(stemmed(stem));
            CHECK(for_query(word) == stem);
        }
    }

    TEST_CASE("other words are not stemmed") {
        const Xapian::Query query(Xapian::Query::OP_OR, stemmed("talk"), Xapian::Query("Zpeac"));
        Xapian::Stem for_query = search::snippet_stemmer(query);
        CHECK(for_query("talks") == "talk");
        CHECK(for_query("peaceful") == "peac");
        CHECK(for_query("ukraine").empty());  // first letter of no query stem
        CHECK(for_query("tal").empty());      // shorter than every stem it could be
        Xapian::Stem without_stems = search::snippet_stemmer(Xapian::Query("talks"));
        CHECK(without_stems("talks").empty());
        CHECK(search::QueryStems(Xapian::Query("XCua")).could_match("ua") == false);
    }

    TEST_CASE("snippets over the sample are those of the English stemmer") {
        testing::TempDir dir;
        testing::build_index(dir / "db", {testing::sample_corpus()});
        Xapian::Database db((dir / "db").string());
        Xapian::QueryParser parser;
        parser.set_stemmer(Xapian::Stem("english"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_database(db);
        std::size_t marked = 0;
        for (const char* text : {"talks", "peace negotiations", "\"security guarantees\"", "said OR says",
                                 "ceasefire NOT moscow", "Zelenskiy", "territorial concessions"}) {
            CAPTURE(text);
            const Xapian::Query query = parser.parse_query(text);
            Xapian::Enquire enquire(db);
            enquire.set_query(query);
            const Xapian::MSet mset = enquire.get_mset(0, 10);
            const Xapian::Stem english("english");
            const Xapian::Stem for_query = search::snippet_stemmer(query);
            for (auto item = mset.begin(); item != mset.end(); ++item) {
                const std::string text_of_doc = item.get_document().get_data();
                const auto expected = mset.snippet(text_of_doc, 300, english, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                                   "<mark>", "</mark>", "...");
                CHECK(mset.snippet(text_of_doc, 300, for_query, Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>",
                                   "</mark>", "...") == expected);
                if (expected.find("<mark>") != std::string::npos) ++marked;
            }
        }
        CHECK(marked > 10);  // the comparison saw highlighted words, stemmed ones among them
    }
}

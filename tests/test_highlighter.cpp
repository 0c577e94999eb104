// Highlighting: which words are marked, which passage is chosen, and how it is cut.
#include "search/highlighter.h"
#include "search/query_builder.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

using dateline::search::Highlighter;
using dateline::search::wildcard_prefixes;

namespace {

const std::string kEllipsis = "\xE2\x80\xA6";

// Term frequencies of a pretend index of 1000 documents: a word is rare unless listed.
Highlighter highlighter(const Xapian::Query& query, std::map<std::string, Xapian::doccount> frequencies = {},
                        std::vector<std::string> wildcards = {}) {
    return Highlighter(query, std::move(wildcards),
                       [frequencies](const std::string& term) {
                           const auto it = frequencies.find(term);
                           return it == frequencies.end() ? Xapian::doccount{5} : it->second;
                       },
                       1000);
}

Xapian::Query parse(const std::string& text) {
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_prefix("title", "S");
    return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
}

}  // namespace

TEST_SUITE("highlighter") {
    TEST_CASE("query words are marked whatever their case, stemmed words by their stem") {
        CHECK(highlighter(parse("talks")).whole("Peace TALKS resume; more talks.") ==
              "Peace <mark>TALKS</mark> resume; more <mark>talks</mark>.");
        CHECK(highlighter(parse("talk")).whole("They talked and talks went on") ==
              "They <mark>talked</mark> and <mark>talks</mark> went on");
        CHECK(highlighter(parse("Zelenskiy")).whole("Zelenskiy said; zelenskiy's aide") ==
              "<mark>Zelenskiy</mark> said; zelenskiy's aide");  // a capitalised query word is not stemmed
        CHECK(highlighter(parse("Russia's")).whole("Russia’s army") == "<mark>Russia’s</mark> army");
        CHECK(highlighter(parse("U.S.")).whole("The U.S. said") == "The <mark>U.S</mark>. said");
        // Words are compared unaccented, as the index holds them and parse_query() reads them.
        CHECK(highlighter(parse("uber")).whole("Über alles; uber") == "<mark>Über</mark> alles; <mark>uber</mark>");
        CHECK(highlighter(parse("zurich")).whole("Zürich, ZÜRICH") == "<mark>Zürich</mark>, <mark>ZÜRICH</mark>");
        CHECK(highlighter(parse("strasse")).whole("Straße") == "<mark>Straße</mark>");
        CHECK(highlighter(parse("3.5")).whole("rose 3.5 pct, not 3 or 5") == "rose <mark>3.5</mark> pct, not 3 or 5");
    }

    TEST_CASE("a phrase is marked as one where its words follow each other, and nowhere else") {
        const auto h = highlighter(parse("\"security guarantees\""));
        CHECK(h.whole("Security guarantees, not security or guarantees alone; security  guarantees") ==
              "<mark>Security guarantees</mark>, not security or guarantees alone; <mark>security  guarantees</mark>");
    }

    TEST_CASE("matches are the byte ranges that whole() marks, a phrase as one range") {
        using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
        CHECK(highlighter(parse("talks")).matches("Peace TALKS resume; more talks.") == Ranges{{6, 11}, {25, 30}});
        CHECK(highlighter(parse("\"security guarantees\"")).matches("No; security  guarantees, security") ==
              Ranges{{4, 24}});
        CHECK(highlighter(parse("uber")).matches("Das Über") == Ranges{{4, 9}});  // UTF-8 bytes, not characters
    }

    TEST_CASE("fields, filters and wildcards") {
        CHECK(highlighter(parse("title:peace")).whole("peace") == "peace");  // a title term is not a body word
        CHECK(highlighter(parse("ceasefire NOT moscow")).whole("ceasefire in Moscow") == "<mark>ceasefire</mark> in <mark>Moscow</mark>");
        CHECK(highlighter(parse("negot*"), {}, {"negot"}).whole("negotiators negotiated") ==
              "<mark>negotiators</mark> <mark>negotiated</mark>");
        CHECK(wildcard_prefixes("negot* AND title:peac* (Zel*)") == std::vector<std::string>{"negot", "zel"});
        CHECK(wildcard_prefixes("a * b").empty());
    }

    TEST_CASE("text is escaped for HTML, marks included") {
        CHECK(highlighter(parse("rates")).whole("<b>rates</b> & \"fees\"") ==
              "&lt;b&gt;<mark>rates</mark>&lt;/b&gt; &amp; \"fees\"");
        // A byte that is no UTF-8 reads as one character and is passed on as it was.
        CHECK(highlighter(parse("rates")).whole("caf\xC3\xA9 \xFFrates\xE2\x82 rates") ==
              "caf\xC3\xA9 \xFFrates\xE2\x82 <mark>rates</mark>");
    }

    TEST_CASE("the passage is the part of the text where the query's distinct words weigh most") {
        std::string text = "Opening words of the article. ";
        for (int i = 0; i < 20; ++i) text += "Filler sentence number " + std::to_string(i) + " about markets. ";
        text += "Here talks and peace meet in one sentence. ";
        for (int i = 0; i < 20; ++i) text += "More filler " + std::to_string(i) + " with talks only. ";
        const auto h = highlighter(parse("talks OR peace"));
        const std::string p = h.passage(text, 120);
        CAPTURE(p);
        CHECK(p.starts_with(kEllipsis + "Here <mark>talks</mark> and <mark>peace</mark> meet"));  // from its sentence's start
        CHECK(p.ends_with(kEllipsis));
        CHECK(p.size() <= 120 + 2 * kEllipsis.size() + 4 * std::string("<mark></mark>").size());
    }

    TEST_CASE("a passage inside a long sentence has context on both sides of its words") {
        std::string text;
        for (int i = 0; i < 40; ++i) text += (i == 20 ? std::string("target") : "w" + std::to_string(i)) + " ";
        const std::string p = highlighter(parse("target")).passage(text, 60);
        CAPTURE(p);
        const auto mark = p.find("<mark>target</mark>");
        REQUIRE(mark != std::string::npos);
        CHECK(p.starts_with(kEllipsis + "w1"));     // some words before it...
        CHECK(mark > kEllipsis.size() + 15);
        CHECK(p.find("w23") != std::string::npos);  // ...and some after
        CHECK(p.ends_with(kEllipsis));
    }

    TEST_CASE("a rare word outweighs a common one repeated") {
        const std::string text = "the market the market the market fell. " + std::string(200, 'x') +
                                 " then the ceasefire came.";
        const auto h = highlighter(parse("market OR ceasefire"), {{"Zmarket", 900}, {"Zceasefir", 3}});
        CHECK(h.passage(text, 60).find("<mark>ceasefire</mark>") != std::string::npos);
    }

    TEST_CASE("without a query word the passage is the text's start; short texts stay whole") {
        const std::string text = "First sentence here. Second sentence follows and goes on for quite a while longer.";
        const auto h = highlighter(parse("absent"));
        CHECK(h.passage(text, 40) == "First sentence here. Second sentence" + kEllipsis);
        CHECK(h.passage(text, 1000) == text);
        CHECK(h.passage("", 40).empty());
        CHECK(h.passage(std::string(50, ' ') + "a b.", 10) == "a b.");  // never more than asked, blanks included
        CHECK(highlighter(Xapian::Query(std::string())).passage("Browse: no words to mark.", 100) ==
              "Browse: no words to mark.");
    }

    TEST_CASE("a passage never cuts a word or a UTF-8 character, even one longer than the passage") {
        const std::string text = "Ζελένσκι είπε ότι οι συνομιλίες συνεχίζονται " + std::string(100, 'a') + " end";
        const auto h = highlighter(parse("end"));
        const std::string p = h.passage(text, 30);
        CHECK(p == kEllipsis + "<mark>end</mark>");
        const std::string q = highlighter(parse("absent")).passage(text, 12);
        CHECK(q == "Ζελένσκι" + kEllipsis);
        CHECK(highlighter(parse("absent")).passage(std::string(50, 'a') + " b", 10) == std::string(50, 'a') + kEllipsis);
    }
}

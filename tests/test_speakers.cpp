// Speaker extraction: quote shapes, reported speech, titles, pronouns, merging and keys.
#include "core/data_files.h"
#include "extract/extractor.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using dateline::extract::Extractor;

const Extractor& extractor() {
    static const Extractor e(dateline::default_data_dir());
    return e;
}

std::vector<std::string> speakers_of(const std::string& body, const std::string& title = "") {
    dateline::index::Article a;
    a.title = title;
    a.body = body;
    extractor().extract(a);
    return a.speakers;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : " | ") + v;
    return out;
}

struct Case {
    const char* text;
    std::vector<std::string> expected;
};

}  // namespace

TEST_SUITE("speakers") {

TEST_CASE("direct and reported speech in every common shape names the speaker") {
    const std::vector<Case> cases = {
        {"\"We will win,\" John Smith said.", {"John Smith"}},
        {"John Smith said: \"We will win.\"", {"John Smith"}},
        {"\"We will win,\" said John Smith, the minister of defence.", {"John Smith"}},
        {"John Smith stated, \u201cWe will win.\u201d", {"John Smith"}},
        {"\u201cWe will win,\u201d said Sen. Ted Cruz.", {"Ted Cruz"}},
        {"Mary Jones said that the talks failed.", {"Mary Jones"}},
        {"Mary Jones told reporters the talks failed.", {"Mary Jones"}},
        {"Mary Jones announced a new plan on Monday.", {"Mary Jones"}},
        {"The talks failed, according to Mary Jones.", {"Mary Jones"}},
        {"Ukrainian President Volodymyr Zelenskyy said the offer stands.", {"Volodymyr Zelenskyy"}},
        {"Prime Minister Jane Doe said the offer stands.", {"Jane Doe"}},
        {"Gov. Chris Christie said he would run.", {"Chris Christie"}},
        {"Rustem Umerov, Secretary of the National Security and Defense Council, said talks "
         "could start.", {"Rustem Umerov"}},
        {"Debbie Walsh, director of the Center for American Women, said Clinton gains.", {"Debbie Walsh"}},
        {"Sen. Marco Rubio (R-Fla.) said the plan fails.", {"Marco Rubio"}},
        {"The announcement was confirmed by Ukrainian President Volodymyr Zelenskyy.",
         {"Volodymyr Zelenskyy"}},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        const auto got = speakers_of(text);
        CHECK(doctest::toString(got.size()) == doctest::toString(c.expected.size()));
        CHECK(got == c.expected);
    }
}

TEST_CASE("a quote spanning paragraphs is attributed with its evidence") {
    dateline::index::Article a;
    a.body = "\u201cWe stand ready.\n\n\u201cWe will not give up,\u201d John Smith said.";
    extractor().extract(a);
    REQUIRE(a.speakers == std::vector<std::string>{"John Smith"});
    REQUIRE(a.attributions.size() == 1);
    const auto& at = a.attributions[0];
    CHECK(at.cue == "said");
    CHECK(at.text == "We will not give up,");
    CHECK(a.body.substr(at.begin, at.end - at.begin) == "We will not give up,");
    CHECK(a.body.substr(at.cue_begin, 4) == "said");
}

TEST_CASE("headline attributions count") {
    CHECK(speakers_of("The senator spoke.", "Trump Says He Will Win") == std::vector<std::string>{});
    CHECK(speakers_of("Donald Trump spoke at a rally.", "Trump Says He Will Win") ==
          std::vector<std::string>{"Donald Trump"});
}

TEST_CASE("organisations, media and places are never speakers") {
    const std::vector<const char*> texts = {
        "the U.S. State Department said on Monday it would respond.",
        "Reuters said the figures were revised.",
        "The Associated Press reported the result, according to the Associated Press.",
        "Moscow said the talks were over.",
        "The Kremlin said the talks were over.",
        "New York said it would sue.",
        "The Trump campaign said it raised $5 million.",
    };
    for (const char* t : texts) {
        CAPTURE(t);
        CHECK(speakers_of(t).empty());
    }
}

TEST_CASE("roles before a name are not part of it") {
    const std::vector<Case> cases = {
        {"Journalist Jorge Ramos said the question stands.", {"Jorge Ramos"}},
        {"Filmmaker Jack Marino said the group dissolved.", {"Jack Marino"}},
        {"Public Advocate Trish James said the law failed.", {"Trish James"}},
        {"Top Clinton aide Huma Abedin said the plan holds.", {"Huma Abedin"}},
        {"Comedian Sarah Silverman told the crowd to vote.", {"Sarah Silverman"}},
        {"Jorge Ramos said the question stands.", {"Jorge Ramos"}},
        // A title or place word right after a known first name is a surname.
        {"Matthew Prince, chief executive of CloudFlare, said that activists objected.", {"Matthew Prince"}},
        {"Mary Bishop said the plan fails.", {"Mary Bishop"}},
        {"David French said the plan fails.", {"David French"}},
        {"Prince Charles said the plan fails.", {"Charles"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(speakers_of(c.text) == c.expected);
    }
}

TEST_CASE("a name followed by its state or organisation ends before \"of\"") {
    const std::vector<Case> cases = {
        {"\"We should act,\" said Sen. Jeff Merkley of Oregon.", {"Jeff Merkley"}},
        {"Sen. Jeff Merkley of Oregon said the plan fails.", {"Jeff Merkley"}},
        {"King Hussein of Jordan said the plan fails.", {"Hussein"}},
        {"\"This is extreme,\" said David French of the National Retail Federation.", {"David French"}},
        {"John Smith of the National Retail Federation said the plan fails.", {"John Smith"}},
        {"Secretary of State John Kerry said the plan fails.", {"John Kerry"}},
        {"The Bank of America said the plan fails.", {}},
        {"Officials of the National Retail Federation said the plan fails.", {}},
        {"Friends of Ukraine said the plan fails.", {}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(speakers_of(c.text) == c.expected);
    }
}

TEST_CASE("places, programmes and records after a preposition are not speakers") {
    const std::vector<Case> cases = {
        {"People in Fort Pierce said the mosque was quiet.", {}},
        {"Doug Andres, a spokesman for House Speaker Paul Ryan, told the Post that no briefing took place.",
         {"Doug Andres"}},
        {"\"Most Americans are against this,\" Khizr Khan said on Capital Download.", {"Khizr Khan"}},
        {"The rule failed, according to FEC records.", {}},
        {"The rule failed, according to the Las Vegas Sun.", {}},
        {"The rule failed, according to John Smith.", {"John Smith"}},
        {"The rule failed, according to Sen. John Smith, who voted no.", {"John Smith"}},
        {"John Smith spoke at a Martin Luther King Jr. celebration. \"Things are picking up,\" he said.",
         {"John Smith"}},
        {"In Iowa, Ted Cruz said he would win.", {"Ted Cruz"}},
        // After an inverted verb, a name after "the" is its object or an organisation.
        {"John Smith, a former governor, described the DLC during an interview as a failure.", {"John Smith"}},
        {"\"We won,\" said the DLC.", {}},
        {"\"We won,\" said the Rev. Al Sharpton.", {"Al Sharpton"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(speakers_of(c.text) == c.expected);
    }
}

TEST_CASE("capitalised headline words and organisation names are not speakers") {
    struct HeadlineCase {
        const char* title;
        const char* body;
        std::vector<std::string> expected;
    };
    const std::vector<HeadlineCase> cases = {
        {"Maybe Trump Says He Will Win", "Donald Trump spoke at a rally.", {"Donald Trump"}},
        {"Once Rubio Says He Will Win", "Marco Rubio spoke at a rally.", {"Marco Rubio"}},
        {"Would Cruz Say He Will Win?", "Ted Cruz spoke at a rally.", {}},
        {"", "The Bureau of Labor Statistics said jobs grew.", {}},
        {"", "The U.S. Geological Survey reported a quake.", {}},
        {"", "Phyllis Schlafly's Eagle Forum said it would fight.", {}},
        {"", "The New Yorker reported the story first.", {}},
        {"", "Marco Rubio said he would fight.", {"Marco Rubio"}},
        // Headline words glued to a name are not part of it, a first name or a pairing the body writes is.
        {"Rival Hillary Clinton Says She Will Win", "Hillary Clinton spoke at a rally.", {"Hillary Clinton"}},
        {"Accused Trump Says He Will Win", "Donald Trump spoke at a rally.", {"Donald Trump"}},
        {"Xi Jinping Says China Will Grow", "Xi Jinping spoke in Beijing.", {"Xi Jinping"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.title);
        CAPTURE(c.body);
        CHECK(speakers_of(c.body, c.title) == c.expected);
    }
}

TEST_CASE("generic plurals, company-name fragments and office words are never speakers") {
    const std::vector<Case> cases = {
        {"Bankers said rates would rise.", {}},
        {"Dealers said the dollar fell. Economists said it would recover.", {}},
        {"Capital Markets said the issue was priced.", {}},
        {"First Bancorp said it filed with the SEC.", {}},
        {"Salomon Brothers Inc said the bonds were sold.", {}},
        {"Chancellor of the Exchequer Nigel Lawson said the budget holds.", {"Nigel Lawson"}},
        {"British Chancellor of the Exchequer Nigel Lawson said the budget holds.", {"Nigel Lawson"}},
        {"Secretary of Commerce Malcolm Baldrige said exports rose.", {"Malcolm Baldrige"}},
        {"Canal Commission Administrator Dennis McAuliffe said the canal reopened.", {"Dennis McAuliffe"}},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        CHECK(joined(speakers_of(text)) == joined(c.expected));
    }
}

TEST_CASE("a word that implies a country can name a person too") {
    dateline::index::Article a;
    a.body = "WASHINGTON, March 3 - President Reagan said the talks would go on.";
    extractor().extract(a);
    CHECK(a.speakers == std::vector<std::string>{"Reagan"});
    CHECK(std::find(a.countries.begin(), a.countries.end(), "US") != a.countries.end());
    CHECK(speakers_of("Ronald Reagan said the talks would go on.") == std::vector<std::string>{"Ronald Reagan"});
}

TEST_CASE("a source the article shows to be an organisation is an organisation, not a speaker") {
    struct OrgCase {
        const char* body;
        std::vector<std::string> speakers;
        std::vector<std::string> organizations;
    };
    const std::vector<OrgCase> cases = {
        {"Iomega Corp lost money. Iomega said the auditors objected.", {}, {"Iomega"}},
        {"<Conoco Inc> raised prices. Conoco said the increase holds.", {}, {"Conoco"}},
        {"Shares of American Express Co rose. The card business grew, American Express said.", {},
         {"American Express"}},
        {"Salomon Brothers Inc priced the issue. The bonds sold well, Salomon said.", {}, {"Salomon Brothers"}},
        // Named after a person: the person still speaks.
        {"Donald Trump spoke. Trump University closed. Trump said the case was a fraud.", {"Donald Trump"}, {}},
        {"Muhammad Ali spoke. The Muhammad Ali Center opened. Ali said he was proud.", {"Muhammad Ali"}, {}},
        {"Henry Ford met Ford Motor Co. \"We win,\" Mr. Ford said.", {"Henry Ford"}, {}},
        // Named as the source before a cue, after "according to", or through a representative.
        {"Texaco Inc said it would raise prices.", {}, {"Texaco"}},
        {"The Bank of England said it had invited an early round.", {}, {"Bank of England"}},
        {"The rate rose, according to the National Retail Federation.", {}, {"National Retail Federation"}},
        {"The plan failed, a Cyclops spokeswoman said.", {}, {"Cyclops"}},
        {"Commerce Ministry officials said exports rose.", {}, {"Commerce Ministry"}},
        {"Ford Motor Co <F> said its car sales rose.", {}, {"Ford Motor"}},
        {"The U.S. Commerce Department said exports rose.", {}, {"U.S. Commerce Department"}},
        // Metonyms stay countries; a person's affiliation is not a source; a bare "the Bank" is vague.
        {"The Kremlin said the talks were over.", {}, {}},
        {"Japan said it would cut tariffs.", {}, {}},
        {"Byron Nimocks of E.F. Hutton Group said shares fell.", {"Byron Nimocks"}, {}},
        {"The Bank said rates would stay.", {}, {}},
        {"HOUSTON, March 3 - Cyclops Corp has agreed to a merger. The deal closes in May, the company said.", {},
         {"Cyclops"}},
        {"Prices rose. The deal closes in May, the company said.", {}, {}},
    };
    for (const auto& c : cases) {
        const std::string body = c.body;
        CAPTURE(body);
        dateline::index::Article a;
        a.body = c.body;
        extractor().extract(a);
        CHECK(joined(a.speakers) == joined(c.speakers));
        CHECK(joined(a.organizations) == joined(c.organizations));
    }
}

TEST_CASE("a pronoun resolves only to a compatible antecedent") {
    SUBCASE("a pronoun with no antecedent is left out") {
        CHECK(speakers_of("He said the plan would fail.").empty());
    }
    SUBCASE("a single named person is the antecedent") {
        CHECK(speakers_of("Hillary Clinton arrived in Iowa. She said the plan would fail.") ==
              std::vector<std::string>{"Hillary Clinton"});
    }
    SUBCASE("an incompatible gender is not") {
        CHECK(speakers_of("Hillary Clinton arrived in Iowa. He said the plan would fail.").empty());
    }
}

TEST_CASE("name variants in one article merge into the fullest form") {
    const auto s = speakers_of(
        "Ukrainian President Volodymyr Zelenskyy visited Kyiv. \"We are ready,\" Zelenskyy said. "
        "President Zelenskyy added that talks could start.");
    CHECK(s == std::vector<std::string>{"Volodymyr Zelenskyy"});
}

TEST_CASE("speaker_key collapses titles, diacritics and transliteration variants") {
    using dateline::speaker_key;
    CHECK(speaker_key("Volodymyr Zelenskyy") == speaker_key("Volodymyr Zelenskiy"));
    CHECK(speaker_key("Volodymyr Zelenskyy") == speaker_key("volodymyr zelensky"));
    CHECK(speaker_key("President Volodymyr Zelenskyy") == speaker_key("Volodymyr Zelenskyy"));
    CHECK(speaker_key("Zelenskyy") == "zelensk");
    CHECK(speaker_key("Recep Tayyip Erdoğan") == speaker_key("Recep Tayyip Erdogan"));
    CHECK(speaker_key("Robert P. Casey Jr.") == speaker_key("Robert P. Casey"));
    CHECK(speaker_key("Hillary Clinton") != speaker_key("Bill Clinton"));
    CHECK_FALSE(speaker_key("X").empty());
}

TEST_CASE("the alias file gives one display name across documents") {
    CHECK(extractor().canonical_speaker("Vladimir  Zelensky") == "Volodymyr Zelenskyy");
    CHECK(extractor().canonical_speaker("Hillary Rodham Clinton") == "Hillary Clinton");
    CHECK(extractor().canonical_speaker(" Jane  Doe ") == "Jane Doe");
}

TEST_CASE("explicit speakers are canonicalised, never dropped") {
    dateline::index::Article a;
    a.body = "John Smith said hello.";
    a.speakers = {"Hillary Rodham Clinton", "Nobody Known"};
    a.speakers_given = true;
    extractor().extract(a);
    CHECK(a.speakers == std::vector<std::string>{"Hillary Clinton", "Nobody Known"});
}

TEST_CASE("mis-encoded text does not break extraction") {
    CHECK_NOTHROW(speakers_of("Miguel Bas\xC3\x83\xC2\x83\xC3\x82\xC2\xA1" "ez said \xE2\x80\x9Chello\xE2\x80" " and \xC3"));
}

TEST_CASE("a bad data file is reported with file and line") {
    const auto dir = std::filesystem::temp_directory_path() / "dateline_extract_bad";
    std::filesystem::create_directories(dir);
    const auto file = dir / "bad.tsv";
    {
        std::ofstream out(file);
        out << "# comment\nok\tUS\n\ttoo\tmany\tfields\n";
    }
    CHECK_THROWS_WITH_AS(dateline::read_data_file(file, 2, 3),
                         (file.string() + ":3: expected 2..3 tab-separated fields, got 4").c_str(), std::runtime_error);
    CHECK_THROWS_WITH_AS(dateline::read_data_file(dir / "missing.tsv", 1, 1),
                         ((dir / "missing.tsv").string() + ": cannot open").c_str(), std::runtime_error);
    std::filesystem::remove_all(dir);
}

}  // TEST_SUITE

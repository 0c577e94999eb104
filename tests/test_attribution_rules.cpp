// Attribution rules: each cue shape of indexer/extract/attribution_rules.cpp by its own table.
#include "extract/attribution_rules.h"
#include "extract/extractor.h"
#include "core/iso_countries.h"
#include "extract/speaker_mentions.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace {

using namespace dateline;
using namespace dateline::extract;

struct Lexicons {
    NameLexicon names = NameLexicon::load(default_data_dir());
    IsoCountries iso = IsoCountries::load();
    CountryGazetteer places = CountryGazetteer::load(iso, default_data_dir());
};

const Lexicons& lexicons() {
    static const Lexicons l;
    return l;
}

// "rule: Name" for every attribution the rules make in a one-field body.
std::vector<std::string> attributions_of(const std::string& body) {
    const Lexicons& l = lexicons();
    const std::vector<Token> tokens = tokenize(body);
    const std::vector<Field> fields = {{"body", body, &tokens, false}};
    const auto mentions = find_mentions(l.names, l.places, fields);
    std::vector<std::string> out;
    for (const Attributed& a : find_attributions(l.names, l.places, fields, mentions))
        out.push_back(std::string(a.rule) + ": " + display_name(body, tokens, a.mention));
    return out;
}

struct RuleCase {
    const char* text;
    std::vector<std::string> expected;  // "rule: Name", in order
};

// One table per rule: what it attributes, and the shapes it must leave alone.
const std::map<std::string, std::vector<RuleCase>>& rule_tables() {
    static const std::map<std::string, std::vector<RuleCase>> tables = {
        {"gerund_subject",
         {{"Trump attacked Clinton, saying the plan fails.", {"gerund_subject: Trump"}},
          {"Mary Jones left early, adding that talks failed.", {"gerund_subject: Mary Jones"}},
          {"Trump attacked Clinton saying the plan fails.", {}},
          {"The group left early, saying talks failed.", {}}}},
        {"according_to",
         {{"The talks failed, according to Mary Jones.", {"according_to: Mary Jones"}},
          {"The rule failed, according to Sen. John Smith, who voted no.", {"according_to: John Smith"}},
          {"The rule failed, according to FEC records.", {}},
          {"The rule failed, according to the Las Vegas Sun.", {}}}},
        {"passive_by",
         {{"The announcement was confirmed by Ukrainian President Volodymyr Zelenskyy.",
           {"passive_by: Volodymyr Zelenskyy"}},
          {"The figure was confirmed by officials.", {}}}},
        {"inverted_after_quote",
         {{"\"We will win,\" said John Smith.", {"inverted_after_quote: John Smith"}},
          {"\u201cWe will win,\u201d said Sen. Ted Cruz.", {"inverted_after_quote: Ted Cruz"}},
          {"\"We won,\" said the Rev. Al Sharpton.", {"inverted_after_quote: Al Sharpton"}},
          {"\"We won,\" said the DLC.", {}}}},
        {"no_subject_slot",
         {{"Trump's spokesman said the plan fails.", {}},
          {"Said the plan fails.", {}}}},
        {"subject_name",
         {{"Mary Jones said that the talks failed.", {"subject_name: Mary Jones"}},
          {"Clinton also said the plan fails.", {"subject_name: Clinton"}},
          {"Sen. Marco Rubio (R-Fla.) said the plan fails.", {"subject_name: Marco Rubio"}},
          {"People in Fort Pierce said the mosque was quiet.", {}},
          {"The Trump campaign said it raised $5 million.", {}}}},
        {"subject_of_organisation",
         {{"John Smith of the National Retail Federation said the plan fails.",
           {"subject_of_organisation: John Smith"}},
          {"Officials of the National Retail Federation said the plan fails.", {}}}},
        {"subject_relative_who",
         {{"He met Mary Jones, who said the plan fails.", {"subject_relative_who: Mary Jones"}},
          {"He met the group, who said the plan fails.", {}}}},
        {"subject_appositive",
         {{"Debbie Walsh, director of the Center for American Women, said Clinton gains.",
           {"subject_appositive: Debbie Walsh"}},
          {"The director, James Comey, said the plan fails.", {"subject_appositive: James Comey"}},
          {"The director, a former judge, said the plan fails.", {}}}},
        {"subject_the_title",
         {{"President John Smith visited Kyiv. The president said the plan fails.",
           {"subject_the_title: John Smith"}},
          {"President John Smith met President Jane Doe. The president said the plan fails.", {}}}},
        {"subject_pronoun",
         {{"Hillary Clinton arrived in Iowa. She said the plan would fail.", {"subject_pronoun: Hillary Clinton"}},
          {"Hillary Clinton arrived in Iowa. He said the plan would fail.", {}},
          {"He said the plan would fail.", {}}}},
    };
    return tables;
}

}  // namespace

TEST_SUITE("attribution rules") {

TEST_CASE("every rule of the table has a table of cases, and each case holds") {
    for (const AttributionRule& rule : attribution_rules()) {
        const std::string name(rule.name);
        CAPTURE(name);
        const auto table = rule_tables().find(name);
        REQUIRE_MESSAGE(table != rule_tables().end(), "no test table for rule " << name);
        for (const RuleCase& c : table->second) {
            CAPTURE(c.text);
            CHECK(attributions_of(c.text) == c.expected);
        }
    }
    CHECK(rule_tables().size() == attribution_rules().size());
}

TEST_CASE("rules are tried in table order: an inverted quote wins over the subject before it") {
    CHECK(attributions_of("John Smith spoke. \"We won,\" said Mary Jones.") ==
          std::vector<std::string>{"inverted_after_quote: Mary Jones"});
}

TEST_CASE("a cue is a speech verb, a gerund or \"according to\"; a title-case verb in the body is not") {
    const Lexicons& l = lexicons();
    const std::string body = "Smith Said It. Jones said so, according to him.";
    const std::vector<Token> tokens = tokenize(body);
    const Field field{"body", body, &tokens, false};
    std::vector<std::string> cues;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        if (const auto cue = cue_at(l.names, field, 1, i))
            cues.push_back(body.substr(tokens[cue->verb].begin, tokens[cue->end - 1].end - tokens[cue->verb].begin));
    CHECK(cues == std::vector<std::string>{"said", "according to"});
}

}  // TEST_SUITE

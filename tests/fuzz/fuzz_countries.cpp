// libFuzzer target: country mentions and the countries an article is about
// (CountryGazetteer::find_mentions, about_countries), and name lookups as users type them.
#include "extract/countries.h"
#include "fuzz_check.h"
#include "fuzz_extraction.h"

#include <algorithm>

using namespace dateline;

namespace {

bool is_code(const std::string& code) {
    return code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void check_mentions(const std::vector<extract::CountryMention>& mentions, const fuzz::TokenizedField& field) {
    for (const auto& m : mentions) {
        fuzz::check(is_code(m.code), "a mention names an alpha-2 code", m.code);
        fuzz::check(m.first <= m.last && m.last < field.tokens.size(), "a mention lies inside the field's tokens");
        fuzz::check(!m.alias.empty(), "a mention names its alias");
        fuzz::check(m.sentence == field.tokens[m.first].sentence, "a mention knows its sentence");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::as_text(data, size);
    const extract::CountryGazetteer& places = fuzz::extraction_data().places;
    const fuzz::TokenizedArticle article = fuzz::tokenize_article(input);

    extract::CountryMentions mentions;
    places.find_mentions(article.title.tokens, dateline::is_all_caps_text(article.title.text), false, mentions.title);
    places.find_mentions(article.body.tokens, false, true, mentions.body);
    mentions.body_sentences = article.body.tokens.empty() ? 0 : article.body.tokens.back().sentence + 1;
    check_mentions(mentions.title, article.title);
    check_mentions(mentions.body, article.body);

    const std::vector<std::string> about = extract::about_countries(mentions);
    for (const auto& code : about) {
        fuzz::check(is_code(code), "an article is about alpha-2 codes", code);
        fuzz::check(std::count(about.begin(), about.end(), code) == 1, "countries are unique", code);
        const auto named = [&](const extract::CountryMention& m) { return m.code == code; };
        fuzz::check(std::any_of(mentions.title.begin(), mentions.title.end(), named) ||
                        std::any_of(mentions.body.begin(), mentions.body.end(), named),
                    "an article is about countries it mentions", code);
    }

    // The search box's `country:` lookup takes the same text a user types.
    if (const auto code = places.names().lookup(article.title.text))
        fuzz::check(is_code(*code), "a lookup answers an alpha-2 code", *code);
    return 0;
}

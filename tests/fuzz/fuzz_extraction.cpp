#include "fuzz_extraction.h"

#include "fuzz_check.h"

namespace dateline::fuzz {
namespace {

// Tokens lie inside their text, in order, without overlap: every extractor indexes the
// text through them.
void check_tokens(const TokenizedField& field) {
    std::size_t previous_end = 0;
    for (const auto& token : field.tokens) {
        check(token.begin < token.end, "a token is not empty");
        check(token.end <= field.text.size(), "a token lies inside its text");
        check(token.begin >= previous_end, "tokens are in text order without overlap");
        check(!token.lower.empty(), "a token has a folded form");
        previous_end = token.end;
    }
}

TokenizedField tokenized(std::string_view text) {
    TokenizedField field{text, dateline::tokenize(text)};
    check_tokens(field);
    return field;
}

}  // namespace

const ExtractionData& extraction_data() {
    static const ExtractionData data = [] {
        auto iso = dateline::IsoCountries::load();
        auto places = extract::CountryGazetteer::load(iso, data_dir());
        return ExtractionData{std::move(iso), std::move(places), extract::NameLexicon::load(data_dir())};
    }();
    return data;
}

TokenizedArticle tokenize_article(std::string_view input) {
    const std::size_t newline = input.find('\n');
    const std::string_view title = input.substr(0, newline);
    const std::string_view body = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
    return {tokenized(title), tokenized(body)};
}

}  // namespace dateline::fuzz

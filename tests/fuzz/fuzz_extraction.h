// What the extractor fuzz targets share: the extraction data, loaded once per process, and
// the split of an input into the title and body fields an article has.
#pragma once

#include "extract/countries.h"
#include "core/iso_countries.h"
#include "extract/names.h"
#include "core/tokenizer.h"

#include <string_view>
#include <vector>

namespace dateline::fuzz {

struct ExtractionData {
    dateline::IsoCountries iso;
    extract::CountryGazetteer places;
    extract::NameLexicon names;
};

/// The bundled data files, loaded on first use and immutable after.
const ExtractionData& extraction_data();

/// One field of an article: its text and its tokens.
struct TokenizedField {
    std::string_view text;
    std::vector<dateline::Token> tokens;
};

/// The first line of the input is the title, the rest the body.
struct TokenizedArticle {
    TokenizedField title;
    TokenizedField body;
};
TokenizedArticle tokenize_article(std::string_view input);

}  // namespace dateline::fuzz

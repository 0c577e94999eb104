// Speakers: the named persons an article quotes or reports, with the evidence for each.
#pragma once

#include "core/article.h"
#include "extract/countries.h"
#include "extract/names.h"
#include "core/tokenizer.h"

#include <string>
#include <string_view>
#include <vector>

namespace dateline::extract {

/// One text field ready for speaker finding.
struct Field {
    std::string_view name;  // "title" or "body"
    std::string_view text;
    const std::vector<Token>* tokens;
    bool all_caps;
};

/// Finds the speakers of the fields (title first, then body) and their attributions.
/// Names are merged within the article into their fullest form; a pronoun is resolved
/// only to a single compatible antecedent, else dropped.
void find_speakers(const NameLexicon& lex, const CountryGazetteer& places,
                   const std::vector<Field>& fields, std::vector<std::string>& speakers,
                   std::vector<index::Attribution>& attributions);

}  // namespace dateline::extract

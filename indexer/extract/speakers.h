// Speakers: the named persons an article quotes or reports, with the evidence for each:
// mentions (speaker_mentions), then the cue rules (attribution_rules), then merging (speaker_merge).
#pragma once

#include "core/article.h"
#include "extract/countries.h"
#include "extract/names.h"
#include "core/tokenizer.h"
#include "extract/speaker_mentions.h"

#include <string>
#include <string_view>
#include <vector>

namespace dateline::extract {

/// Finds the speakers of the fields (title first, then body) and their attributions.
/// Names are merged within the article into their fullest form; a pronoun is resolved
/// only to a single compatible antecedent, else dropped. Attributed names the article
/// shows to be organisations go to `organizations`.
void find_speakers(const NameLexicon& lex, const CountryGazetteer& places,
                   const std::vector<Field>& fields, std::vector<std::string>& speakers,
                   std::vector<std::string>& organizations, std::vector<index::Attribution>& attributions);

}  // namespace dateline::extract

// Merging: the names the rules attributed become the article's speakers, each in the
// fullest form the article gives it, with one attribution (cue and statement) per cue.
#pragma once

#include "core/article.h"
#include "extract/attribution_rules.h"
#include "extract/names.h"
#include "extract/speaker_mentions.h"

#include <string>
#include <vector>

namespace dateline::extract {

/// Appends the speakers of `found` to `speakers` (one entry per person: surname-only and
/// partial forms merge into the fullest compatible mention, aliases applied) and one
/// attribution per person of `found` to `attributions`, naming the speaker's final form.
/// Names the article shows to be organisations go to `organizations` instead.
void merge_speakers(const NameLexicon& lex, const std::vector<Field>& fields, const std::vector<Mention>& mentions,
                    const std::vector<Attributed>& found, std::vector<std::string>& speakers,
                    std::vector<std::string>& organizations, std::vector<index::Attribution>& attributions);

/// Whether two given names can be one person's: one missing, an initial or a prefix of the other.
bool compatible_given(std::string_view a, std::string_view b);

}  // namespace dateline::extract

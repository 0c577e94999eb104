#include "extract/speakers.h"

#include "extract/attribution_rules.h"
#include "extract/speaker_merge.h"
#include "extract/speaker_mentions.h"
#include "extract/source_types.h"

namespace dateline::extract {

void find_speakers(const NameLexicon& lex, const CountryGazetteer& places, const std::vector<Field>& fields,
                   std::vector<std::string>& speakers, std::vector<std::string>& organizations,
                   std::vector<index::Attribution>& attributions) {
    const std::vector<Mention> mentions = find_mentions(lex, places, fields);
    const std::vector<Attributed> found = find_attributions(lex, places, fields, mentions);
    merge_speakers(lex, fields, mentions, found, speakers, organizations, attributions);
    find_organization_sources(lex, places, fields, organizations);
}

}  // namespace dateline::extract

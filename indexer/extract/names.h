// Person names: word lists that tell names from titles and organisations, and name keys.
#pragma once

#include "core/speaker_key.h"
#include "extract/countries.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dateline::extract {

using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

/// The word lists of the speaker rules (titles.tsv, nonperson.tsv, speech_verbs.tsv,
/// first_names.tsv, speaker_aliases.tsv, speaker_words.tsv).
struct NameLexicon {
    WordSet titles;          // folded words that introduce a name: president, sen, minister
    WordSet nonperson;       // words never part of a person's name: department, reuters, the
    WordSet org_heads;       // last words of organisation names: department, party, inc
    WordSet speech_verbs;    // folded verb forms: said, says, told, announced
    WordSet headline_verbs;  // forms that attribute only in a title: offers, rejects
    WordSet gerunds;         // ", saying ..." forms that attribute to the sentence subject
    std::unordered_map<std::string, char, StringHash, std::equal_to<>> first_names;  // 'm'/'f'
    // The closed classes of speaker_words.tsv.
    WordSet particles;               // "de", "van", "bin": lower-case parts of a name
    WordSet place_prepositions;      // "in", "at": before a place, never before the speaker
    WordSet descriptors;             // "the", "of": may stand in a role before a name
    WordSet not_descriptors;         // "there", "her": never do, whatever their ending
    std::vector<std::string> descriptor_endings;  // "ist", "al": endings of roles before a name
    WordSet clause_ends;             // "who", "in": close an inverted clause after the name
    WordSet adverbs;                 // "also", "has": between a subject and its verb
    WordSet legal_forms;             // "inc", "corp": dropped from an organisation's value
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> aliases;  // folded -> canonical

    /// Loads the files from `data_dir`; throws "file:line: reason".
    static NameLexicon load(const std::filesystem::path& data_dir);
};

}  // namespace dateline::extract

#include "extract/names.h"

#include "core/data_files.h"
#include "core/speaker_key.h"
#include "core/text_folding.h"

namespace dateline::extract {

NameLexicon NameLexicon::load(const std::filesystem::path& dir) {
    NameLexicon lex;
    const auto titles_file = dir / "titles.tsv";
    for (const auto& l : read_data_file(titles_file, 1, 2)) {
        if (l.fields.size() == 2 && l.fields[1] != "personal")
            data_error(titles_file, l.line, "unknown kind '" + l.fields[1] + "' (expected personal)");
        lex.titles.insert(fold(l.fields[0]));
    }
    const auto nonperson_file = dir / "nonperson.tsv";
    for (const auto& l : read_data_file(nonperson_file, 1, 2)) {
        const std::string w = fold(l.fields[0]);
        lex.nonperson.insert(w);
        if (l.fields.size() == 2) {
            if (l.fields[1] != "org") data_error(nonperson_file, l.line, "unknown kind '" + l.fields[1] + "'");
            lex.org_heads.insert(w);
        }
    }
    const auto verbs_file = dir / "speech_verbs.tsv";
    for (const auto& l : read_data_file(verbs_file, 1, 2)) {
        if (l.fields.size() == 1) {
            lex.speech_verbs.insert(fold(l.fields[0]));
        } else if (l.fields[1] == "headline") {
            lex.headline_verbs.insert(fold(l.fields[0]));
        } else if (l.fields[1] == "gerund") {
            lex.gerunds.insert(fold(l.fields[0]));
        } else {
            data_error(verbs_file, l.line, "unknown kind '" + l.fields[1] + "' (expected headline or gerund)");
        }
    }
    const auto names_file = dir / "first_names.tsv";
    for (const auto& l : read_data_file(names_file, 2, 2)) {
        if (l.fields[1] != "m" && l.fields[1] != "f") data_error(names_file, l.line, "gender must be m or f");
        lex.first_names.emplace(fold(l.fields[0]), l.fields[1][0]);
    }
    const auto words_file = dir / "speaker_words.tsv";
    for (const auto& l : read_data_file(words_file, 2, 2)) {
        const std::string w = fold(l.fields[0]);
        const std::string& kind = l.fields[1];
        if (kind == "particle") lex.particles.insert(w);
        else if (kind == "place_preposition") lex.place_prepositions.insert(w);
        else if (kind == "descriptor") lex.descriptors.insert(w);
        else if (kind == "not_descriptor") lex.not_descriptors.insert(w);
        else if (kind == "descriptor_ending") lex.descriptor_endings.push_back(w);
        else if (kind == "clause_end") lex.clause_ends.insert(w);
        else if (kind == "adverb") lex.adverbs.insert(w);
        else if (kind == "legal_form") lex.legal_forms.insert(w);
        else data_error(words_file, l.line, "unknown class '" + kind + "'");
    }
    for (const auto& l : read_data_file(dir / "speaker_aliases.tsv", 2, 2))
        lex.aliases.emplace(fold(normalize_space(l.fields[0])), normalize_space(l.fields[1]));
    return lex;
}

}  // namespace dateline::extract

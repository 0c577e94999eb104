#include "extract/names.h"

#include "extract/data_files.h"
#include "extract/extractor.h"
#include "extract/text_folding.h"
#include "extract/tokenizer.h"

#include <array>

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

std::string collapse_transliteration(std::string_view w) {
    std::string s;
    s.reserve(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) {
        const char c = w[i];
        const char n = i + 1 < w.size() ? w[i + 1] : '\0';
        if (c == 's' && n == 'c' && i + 2 < w.size() && w[i + 2] == 'h') {
            s += "sh";
            i += 2;
        } else if (c == 't' && n == 'c' && i + 2 < w.size() && w[i + 2] == 'h') {
            s += "ch";
            i += 2;
        } else if (c == 'k' && n == 'h') {
            s += 'h';
            ++i;
        } else if (c == 'p' && n == 'h') {
            s += 'f';
            ++i;
        } else if (c == 'c' && n == 'k') {
            s += 'k';
            ++i;
        } else if (c == 'w') {
            s += 'v';
        } else if (c == 'j') {
            s += 'y';
        } else if (c == 'q') {
            s += 'k';
        } else {
            s += c;
        }
    }
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == 'i') c = 'y';
        if (!out.empty() && out.back() == c) continue;  // doubled letters and i/y runs
        out += c;
    }
    if (out.size() > 1 && out.back() == 'y') out.pop_back();
    return out;
}

std::string normalize_space(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string speaker_key(std::string_view display_name) {
    // Titles and suffixes are fixed here rather than read from data so that the key
    // of a name never depends on configuration (it is stored in the index).
    static constexpr std::array<std::string_view, 40> drop = {
        "mr", "mrs", "ms", "miss", "dr", "sen", "senator", "rep", "gov", "governor", "president",
        "pres", "prime", "minister", "secretary", "gen", "general", "rev", "sir", "lord", "lady",
        "judge", "justice", "mayor", "chancellor", "king", "queen", "prince", "pope", "jr", "sr",
        "ii", "iii", "iv", "former", "vice", "prof", "professor", "hon", "the"};
    std::vector<std::string> words;
    for (const Token& t : tokenize(display_name)) {
        if (t.kind != TokenKind::word && t.kind != TokenKind::number) continue;
        bool title = false;
        for (auto d : drop)
            if (t.lower == d) title = true;
        if (title) {
            // Anything before a title belongs to the title ("Charlotte Mayor Jennifer Roberts").
            if (t.lower != "jr" && t.lower != "sr" && t.lower != "ii" && t.lower != "iii" && t.lower != "iv")
                words.clear();
            continue;
        }
        words.push_back(t.lower);
    }
    std::string key;
    for (const auto& w : words) {
        if (!key.empty()) key += ' ';
        key += collapse_transliteration(w);
    }
    if (key.empty()) key = fold(normalize_space(display_name));
    if (key.empty()) key = std::string(display_name);
    return key;
}

}  // namespace dateline::extract

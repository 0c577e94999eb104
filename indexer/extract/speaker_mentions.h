// Person mentions: runs of name words in a text field, titles stripped, checked against the
// word lists. The attribution rules ask for the name before or after a cue; find_mentions
// lists every person-like name of an article for merging and pronouns.
#pragma once

#include "extract/countries.h"
#include "extract/names.h"
#include "core/tokenizer.h"

#include <cstddef>
#include <optional>
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

/// A person's name in a field: its token range with titles stripped.
struct Mention {
    std::size_t first = 0;  // token range of the name proper (titles stripped)
    std::size_t last = 0;
    std::size_t field = 0;
    int sentence = 0;
    char gender = 0;  // 'm', 'f' or 0
    bool titled = false;
    bool subject = false;  // starts its sentence (after titles): the likely referent of "he"
    std::string title;     // the title word right before the name: "president"
};

/// Reads names out of one field's tokens.
class MentionReader {
public:
    MentionReader(const NameLexicon& lex, const CountryGazetteer& places, const Field& field,
                  std::size_t field_index);

    /// Whether token `i` can be part of a name run (titles included).
    bool name_token(std::size_t i) const;
    /// Whether token `i` is a title word.
    bool is_title(std::size_t i) const;
    /// The name run ending at token `last` (inclusive), read backwards.
    std::optional<Mention> mention_ending_at(std::size_t last) const;
    /// The name run starting at token `first`, read forwards over leading role words.
    std::optional<Mention> mention_starting_at(std::size_t first) const;
    /// Whether the token at `after` closes an inverted clause: '"...," said X.'
    bool ends_clause(std::size_t after) const;

    const std::vector<Token>& tokens() const { return t_; }
    std::size_t field_index() const { return index_; }

private:
    bool is_descriptor(std::string_view w) const;
    bool is_title_run(std::size_t i) const;
    std::size_t cut_affiliation(std::size_t b, std::size_t e) const;
    std::optional<Mention> make_mention(std::size_t b, std::size_t e) const;

    const NameLexicon& lex_;
    const CountryGazetteer& places_;
    const Field& f_;
    const std::vector<Token>& t_;
    std::size_t index_;
};

/// Every person-like name of the fields (runs of two or more name words, or one after a
/// personal title), in order; one gender per surname ("Barack Obama" makes "Obama" a "he").
std::vector<Mention> find_mentions(const NameLexicon& lex, const CountryGazetteer& places,
                                   const std::vector<Field>& fields);

/// A title-case headline glues its words to a name ("Rival Hillary Clinton", "Sees Reagan"):
/// a mention in the title loses leading words while a name remains, unless the word is a
/// known first name or the body writes it before the next word of the name.
void trim_headline_words(const NameLexicon& lex, const std::vector<Field>& fields, Mention& m);

/// The collapsed surname key of a mention: its last word.
std::string surname_of(const std::vector<Token>& tokens, const Mention& m);

/// The mention as written, whitespace normalised.
std::string display_name(std::string_view text, const std::vector<Token>& tokens, const Mention& m);

}  // namespace dateline::extract

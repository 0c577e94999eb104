// Attribution rules: a speech cue ("said", "according to", ", saying") and the name it
// attributes the statement to, one named rule per cue shape, tried in the order of a table.
#pragma once

#include "extract/countries.h"
#include "extract/names.h"
#include "extract/speaker_mentions.h"

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace dateline::extract {

/// A name a rule attributed a statement to, with where the cue and the name stand.
struct Attributed {
    Mention mention;
    std::size_t field = 0;
    std::size_t cue = 0;          // token index of the cue
    std::size_t cue_end = 0;      // one past the cue tokens
    bool subject_before = false;  // the name precedes the cue
    std::size_t anchor = 0;       // where the subject stands: the name, or the pronoun for it
    std::string_view rule;        // the rule's name in attribution_rules()
};

/// A speech cue found at a token.
struct Cue {
    std::size_t verb = 0;    // first token of the cue
    std::size_t end = 0;     // one past its last token
    bool according = false;  // "according to"
};

/// What a rule sees: the cue, the field, and what the article has given so far.
struct RuleInput {
    const NameLexicon& lex;
    const MentionReader& reader;
    const std::vector<Field>& fields;
    const std::vector<Mention>& mentions;       // every person-like name of the article
    const std::vector<Attributed>& found;       // attributions made before this cue
    const std::optional<Mention>& last_subject;  // the last subject a subject rule found in this field
    Cue cue;
    std::optional<std::size_t> subject_slot;  // the token right before the verb, over adverbs
};

/// A rule's answer: `claimed` ends the search for this cue, with or without a name.
struct Verdict {
    bool claimed = false;
    std::optional<Mention> name;
    bool subject_before = false;  // the name stands before the cue
    std::size_t anchor = 0;       // where: the name, the pronoun, or the gerund

    /// Not this rule's shape: the next rule is tried.
    static Verdict pass() { return {}; }
    /// This rule's shape, but no speaker.
    static Verdict stop() { return {true, std::nullopt}; }
    /// The name after the cue: 'said X', 'according to X'.
    static Verdict after_cue(const Mention& m) { return {true, m}; }
    /// The name before the cue, standing at `anchor`.
    static Verdict before_cue(const Mention& m, std::size_t anchor) { return {true, m, true, anchor}; }
};

/// One cue shape. A subject rule names the subject before the verb: its anchor is the name
/// (or the pronoun), and it becomes the field's last subject.
struct AttributionRule {
    std::string_view name;
    Verdict (*apply)(const RuleInput&);
    bool subject_rule;
};

/// The rules in the order they are tried; the first that claims a cue decides it.
std::span<const AttributionRule> attribution_rules();

/// The speech cue at token `i` of the field, if any.
std::optional<Cue> cue_at(const NameLexicon& lex, const Field& field, std::size_t field_index, std::size_t i);

/// The token right before the verb at `v`, over adverbs and auxiliaries ("Clinton also
/// said") and a parenthesis ("Sen. Marco Rubio (R-Fla.) said"); none at the field's start.
std::optional<std::size_t> subject_slot(const NameLexicon& lex, const std::vector<Token>& tokens, std::size_t v);

/// Runs the rules over every cue of the fields, in order.
std::vector<Attributed> find_attributions(const NameLexicon& lex, const CountryGazetteer& places,
                                          const std::vector<Field>& fields,
                                          const std::vector<Mention>& mentions);

}  // namespace dateline::extract

// Source types: whether an attributed name is a person or an organisation, from what the
// article itself says of the same words ("Iomega said" beside "Iomega Corp", "<Conoco Inc>").
#pragma once

#include "extract/countries.h"
#include "extract/names.h"
#include "extract/speaker_mentions.h"

#include <optional>
#include <string>
#include <vector>

namespace dateline::extract {

/// The organisation a mention names, if the article shows it is one: somewhere in the body
/// the same words are followed by an organisation word or a legal form ("Salomon" and
/// "Salomon Brothers Inc"; a name of two words or more only by a legal form, since
/// "Muhammad Ali Center" is named after a person), or stand in angle brackets; and the article names no person of
/// that surname (with a title, or in full with a known first name and no organisation word
/// after it: "Trump
/// University" beside "Donald Trump said" says nothing of Trump). The value is the fullest such form, capitalised words
/// before it included and its legal form dropped ("American Express" for "Express" beside
/// "American Express Co").
std::optional<std::string> organization_named(const NameLexicon& lex, const std::vector<Field>& fields,
                                              const std::vector<Mention>& mentions, const Mention& m);

/// Appends the organisations the fields name as the source of a statement, each once:
/// a name ending in an organisation word or legal form before a cue ("Texaco Inc said",
/// "the Commerce Department said"), after "according to", or qualifying an unnamed
/// representative ("a Cyclops spokeswoman said", "Commerce Ministry officials said"), or
/// "the company said" for the company the lead sentence names with a legal form.
/// Places stay countries ("the Kremlin said"); legal forms are dropped ("Texaco").
void find_organization_sources(const NameLexicon& lex, const CountryGazetteer& places,
                               const std::vector<Field>& fields, std::vector<std::string>& organizations);

}  // namespace dateline::extract

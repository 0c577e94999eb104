// Country mentions: ISO names plus the aliases, demonyms, capitals and rules of the data files.
#pragma once

#include "core/country_names.h"
#include "core/iso_countries.h"
#include "core/tokenizer.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace dateline::extract {

/// One place name found in a field: where it stands and which alias matched.
struct CountryMention {
    std::string code;          // alpha-2 (blocs and "never a country" entries are skipped)
    std::string_view alias;    // the folded alias, owned by the gazetteer
    std::size_t first = 0;     // token range [first, last] of the name
    std::size_t last = 0;
    int sentence = 0;          // sentence index of the field's tokens
    bool city = false;         // a city, region or landmark (flag city): "London", "the Kremlin"
    bool weak = false;         // money or a company, not a place: "Swiss francs", "U.S. dlrs",
                               // "London-based", "<British Petroleum Co PLC>"
};

/// Where the mentions of an article stand, for choosing the countries it is about.
struct CountryMentions {
    std::vector<CountryMention> title;
    std::vector<CountryMention> body;
    int body_sentences = 0;
};

/// The countries an article is about, in order of first mention. Every country named in
/// the title, the dateline or the lead sentence counts. In a short story (a wire report)
/// a country named only once after the lead, beside others, is background ("listed in
/// Luxembourg", "compared with the U.S.") and is dropped; long stories, stories without a
/// lead country and stories naming many countries keep every mention. Currency mentions
/// count only when nothing else names a country.
std::vector<std::string> about_countries(const CountryMentions& mentions);

/// The place gazetteer: the country names (core/country_names.h) read in running text, with
/// the currency words that make a mention weak. Immutable after load.
class CountryGazetteer {
public:
    /// The country names of `data_dir` (CountryNames::load) and `currencies.tsv`. Throws
    /// "file:line: reason".
    static CountryGazetteer load(const IsoCountries& iso, const std::filesystem::path& data_dir);

    /// The names, for lookups as a user types them.
    const CountryNames& names() const { return names_; }

    /// Codes of the countries mentioned in the tokens, in order of first mention.
    /// `all_caps` marks a headline without lower case, where capitals tell nothing.
    void find(const std::vector<Token>& tokens, bool all_caps, bool is_body,
              std::vector<std::string>& codes) const;

    /// Every country mention in the tokens, in text order.
    void find_mentions(const std::vector<Token>& tokens, bool all_caps, bool is_body,
                       std::vector<CountryMention>& mentions) const;

    /// True when one folded word names a place or bloc without ambiguity (not a person).
    bool is_place_word(std::string_view folded) const { return names_.is_place_word(folded); }

    /// True when tokens [first, last] spell a place or bloc name ("New York", "Middle East").
    /// `any_reading` also accepts names that may be persons ("Jordan" in "King Hussein of Jordan").
    bool is_place_phrase(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                         bool any_reading = false) const;

    /// True when tokens [first, last] spell an institution (flag `organization`): it implies
    /// its country and, as the source of a statement, is an organisation.
    bool is_institution(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const;

private:
    /// The alias tokens [first, last] spell, or null.
    const CountryAlias* phrase_alias(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const;
    /// The longest alias starting at token i that its flags allow there; `last` is its last token.
    /// `key` is scratch space, reused across calls to spare allocations.
    const std::pair<const std::string, CountryAlias>* match(const std::vector<Token>& tokens, std::size_t i,
                                                            bool all_caps, bool is_body, std::size_t& last,
                                                            std::string& key) const;

    CountryNames names_;
    std::unordered_set<std::string, StringHash, std::equal_to<>> currencies_;  // "francs", "dlrs"
    std::unordered_set<std::string, StringHash, std::equal_to<>> personal_titles_;  // "mr", "king" (titles.tsv)
};

}  // namespace dateline::extract

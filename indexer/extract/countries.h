// Country mentions: ISO names plus the aliases, demonyms, capitals and rules of the data files.
#pragma once

#include "extract/iso_countries.h"
#include "extract/tokenizer.h"

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

/// How an alias may be read as a country (flags column of the place files).
enum CountryFlag : std::uint8_t {
    flag_first_name = 1,   // also a first name: not before another capitalised word
    flag_surname = 2,      // also a surname: not after a capitalised word or a title
    flag_after_comma = 4,  // a state abbreviation: only as "City, Ga."
    flag_dateline = 8,     // an ambiguous city: only as the all-caps dateline of a story
    flag_state = 16,       // a US state or its abbreviation: "Paris, Texas" is not FR
    flag_city = 32,        // a city, region or landmark inside the country: weaker evidence
    flag_person = 64,      // also names a person ("Reagan"): implies the country, yet may be a name
    flag_organization = 128,  // an institution ("Commerce Department"): a source of statements too
};

/// The flags that restrict where an alias may be read as a place.
constexpr std::uint8_t ambiguity_flags = flag_first_name | flag_surname | flag_after_comma | flag_dateline;

struct CountryAlias {
    std::string code;  // alpha-2, or empty for "never a country" (UN, EU, NATO)
    std::uint8_t flags = 0;
};

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

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

/// The place gazetteer: immutable after load, lookups by folded token sequence.
class CountryGazetteer {
public:
    /// ISO names and common names, then `countries.tsv` and `places_us.tsv` of `data_dir`
    /// on top (a later entry replaces an earlier one). Throws "file:line: reason".
    static CountryGazetteer load(const IsoCountries& iso, const std::filesystem::path& data_dir);

    /// Codes of the countries mentioned in the tokens, in order of first mention.
    /// `all_caps` marks a headline without lower case, where capitals tell nothing.
    void find(const std::vector<Token>& tokens, bool all_caps, bool is_body,
              std::vector<std::string>& codes) const;

    /// Every country mention in the tokens, in text order.
    void find_mentions(const std::vector<Token>& tokens, bool all_caps, bool is_body,
                       std::vector<CountryMention>& mentions) const;

    /// True when one folded word names a place or bloc without ambiguity (not a person).
    bool is_place_word(std::string_view folded) const {
        const auto it = aliases_.find(folded);
        return it != aliases_.end() && (it->second.flags & (ambiguity_flags | flag_person)) == 0;
    }

    /// True when tokens [first, last] spell a place or bloc name ("New York", "Middle East").
    /// `any_reading` also accepts names that may be persons ("Jordan" in "King Hussein of Jordan").
    bool is_place_phrase(const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                         bool any_reading = false) const;

    /// True when tokens [first, last] spell an institution (flag `organization`): it implies
    /// its country and, as the source of a statement, is an organisation.
    bool is_institution(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const;

    /// The code for a name as a user types it, or nothing.
    std::optional<std::string> lookup(std::string_view name) const;

    /// The codes of the countries with a name or alias starting with `prefix` (folded):
    /// "brit" gives GB, "turk" TR. Cities, states and names that may be persons are left
    /// out ("par" is no country), and so are later words ("party" of "Labour Party");
    /// sorted, each code once.
    std::vector<std::string> codes_with_prefix(std::string_view prefix) const;

private:
    void add(const std::string& alias, CountryAlias entry);
    /// The alias tokens [first, last] spell, or null.
    const CountryAlias* phrase_alias(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const;

    std::unordered_map<std::string, CountryAlias, StringHash, std::equal_to<>> aliases_;
    /// The longest alias starting at token i that its flags allow there; `last` is its last token.
    /// `key` is scratch space, reused across calls to spare allocations.
    const std::pair<const std::string, CountryAlias>* match(const std::vector<Token>& tokens, std::size_t i,
                                                            bool all_caps, bool is_body, std::size_t& last,
                                                            std::string& key) const;

    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> codes_;  // "ua" -> "UA"
    std::unordered_set<std::string, StringHash, std::equal_to<>> currencies_;  // "francs", "dlrs"
    std::unordered_set<std::string, StringHash, std::equal_to<>> personal_titles_;  // "mr", "king" (titles.tsv)
    std::size_t max_tokens_ = 1;
};

/// The folded lookup key of a phrase: its tokens' folded forms joined by single spaces.
std::string phrase_key(std::string_view phrase);

}  // namespace dateline::extract

// Country names as users and writers spell them: the ISO 3166-1 names and the aliases,
// demonyms, capitals and US places of the data files, each with the flags that say where a
// name may be read as a country. Shared by extraction (in running text) and the server
// (`country:ukraine`, the country list's search box).
#pragma once

#include "core/iso_countries.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline {

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

/// Heterogeneous hashing, so that maps keyed by std::string are searched by string_view.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

/// The names, keyed by folded token sequence (phrase_key). Immutable after load.
class CountryNames {
public:
    using AliasMap = std::unordered_map<std::string, CountryAlias, StringHash, std::equal_to<>>;

    /// ISO names and common names, then `countries.tsv` and `places_us.tsv` of `data_dir`
    /// on top (a later entry replaces an earlier one), then the plurals of demonyms.
    /// Throws "file:line: reason".
    static CountryNames load(const IsoCountries& iso, const std::filesystem::path& data_dir);

    /// Every alias with its code and flags.
    const AliasMap& aliases() const { return aliases_; }
    /// The most tokens an alias spans.
    std::size_t max_tokens() const { return max_tokens_; }

    /// True when one folded word names a place or bloc without ambiguity (not a person).
    bool is_place_word(std::string_view folded) const {
        const auto it = aliases_.find(folded);
        return it != aliases_.end() && (it->second.flags & (ambiguity_flags | flag_person)) == 0;
    }

    /// The ISO 3166-1 alpha-2 code (upper case) for a code, a country name, a common name, a
    /// demonym or a capital as a user would type it: "UA", "ua", "ukraine", "Ukrainian",
    /// "Kyiv". Nothing for an unknown or ambiguous word.
    std::optional<std::string> lookup(std::string_view name) const;

    /// The codes of the countries with a name or alias starting with `prefix` (folded):
    /// "brit" gives GB, "turk" TR. Cities, states and names that may be persons are left
    /// out ("par" is no country), and so are later words ("party" of "Labour Party");
    /// sorted, each code once.
    std::vector<std::string> codes_with_prefix(std::string_view prefix) const;

    /// The codes of the countries a user may mean by typing `prefix` in a list of countries:
    /// lookup()'s ("us", "uk", "turk"), and from three letters on codes_with_prefix()'s
    /// ("brit"). Sorted, each code once.
    std::vector<std::string> codes_for_typed_prefix(std::string_view prefix) const;

private:
    void add(const std::string& alias, CountryAlias entry);

    AliasMap aliases_;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> codes_;  // "ua" -> "UA"
    std::size_t max_tokens_ = 1;
};

/// The folded lookup key of a phrase: its tokens' folded forms joined by single spaces.
std::string phrase_key(std::string_view phrase);

}  // namespace dateline

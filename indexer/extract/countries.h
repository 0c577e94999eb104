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
#include <vector>

namespace dateline::extract {

/// How an alias may be read as a country (flags column of the place files).
enum CountryFlag : std::uint8_t {
    flag_first_name = 1,   // also a first name: not before another capitalised word
    flag_surname = 2,      // also a surname: not after a capitalised word or a title
    flag_after_comma = 4,  // a state abbreviation: only as "City, Ga."
    flag_dateline = 8,     // an ambiguous city: only as the all-caps dateline of a story
};

struct CountryAlias {
    std::string code;  // alpha-2, or empty for "never a country" (UN, EU, NATO)
    std::uint8_t flags = 0;
};

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

    /// True when one folded word names a place or bloc without ambiguity (not a person).
    bool is_place_word(std::string_view folded) const {
        const auto it = aliases_.find(folded);
        return it != aliases_.end() && it->second.flags == 0;
    }

    /// True when tokens [first, last] spell a place or bloc name ("New York", "Middle East").
    bool is_place_phrase(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const;

    /// The code for a name as a user types it, or nothing.
    std::optional<std::string> lookup(std::string_view name) const;

private:
    void add(const std::string& alias, CountryAlias entry);

    std::unordered_map<std::string, CountryAlias, StringHash, std::equal_to<>> aliases_;
    std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> codes_;  // "ua" -> "UA"
    std::size_t max_tokens_ = 1;
};

/// The folded lookup key of a phrase: its tokens' folded forms joined by single spaces.
std::string phrase_key(std::string_view phrase);

}  // namespace dateline::extract

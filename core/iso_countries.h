// ISO 3166-1 country codes, names and flags from Debian's iso-codes data.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline {

/// /usr/share/iso-codes/json/iso_3166-1.json
std::filesystem::path default_iso_3166_path();

struct CountryInfo {
    std::string code;         // alpha-2, upper case
    std::string name;         // ISO short name: "Korea, Republic of"
    std::string common_name;  // "South Korea", or empty
    std::string flag;         // emoji flag
};

/// The ISO 3166-1 list, immutable once loaded.
class IsoCountries {
public:
    /// Reads the iso-codes JSON file. Throws std::runtime_error naming the file.
    static IsoCountries load(const std::filesystem::path& json = default_iso_3166_path());

    /// The entry for an alpha-2 code, matched case-insensitively; nullptr when unknown.
    const CountryInfo* find(std::string_view code) const;
    /// Every entry, in the file's order.
    const std::vector<CountryInfo>& all() const { return countries_; }
    /// common_name if set, else name; empty for an unknown code.
    std::string display_name(std::string_view code) const;

private:
    std::vector<CountryInfo> countries_;
    std::unordered_map<std::string, std::size_t> by_code_;
};

}  // namespace dateline

#include "core/country_names.h"

#include "core/data_files.h"
#include "core/tokenizer.h"

#include <algorithm>

namespace dateline {
namespace {

std::uint8_t parse_flags(const std::filesystem::path& file, const DataLine& l, std::size_t field) {
    std::uint8_t flags = 0;
    if (l.fields.size() <= field) return flags;
    std::string_view s = l.fields[field];
    while (!s.empty()) {
        const auto comma = s.find(',');
        const auto f = s.substr(0, comma);
        if (f == "first_name") flags |= flag_first_name;
        else if (f == "surname") flags |= flag_surname;
        else if (f == "after_comma") flags |= flag_after_comma;
        else if (f == "dateline") flags |= flag_dateline;
        else if (f == "state") flags |= flag_state;
        else if (f == "city") flags |= flag_city;
        else if (f == "person") flags |= flag_person;
        else if (f == "organization") flags |= flag_organization;
        else data_error(file, l.line, "unknown flag '" + std::string(f) + "'");
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return flags;
}

}  // namespace

std::string phrase_key(std::string_view phrase) {
    std::string key;
    for (const Token& t : tokenize(phrase)) {
        if (!key.empty()) key.push_back(' ');
        key += t.lower;
    }
    return key;
}

void CountryNames::add(const std::string& alias, CountryAlias entry) {
    std::string key = phrase_key(alias);
    if (key.empty()) return;
    const auto n = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    max_tokens_ = std::max(max_tokens_, n);
    aliases_[std::move(key)] = std::move(entry);
}

CountryNames CountryNames::load(const IsoCountries& iso, const std::filesystem::path& data_dir) {
    CountryNames g;
    // ISO names first. "Korea, Republic of" also gives "Korea" unless another entry
    // claims the same short form; parenthesised parts are dropped.
    std::unordered_map<std::string, std::string> short_forms;
    for (const CountryInfo& c : iso.all()) {
        std::string lower_code = c.code;
        for (auto& ch : lower_code) ch = static_cast<char>(ch - 'A' + 'a');
        g.codes_[lower_code] = c.code;
        std::string name = c.name;
        if (const auto paren = name.find(" ("); paren != std::string::npos) name.resize(paren);
        if (const auto comma = name.find(", "); comma != std::string::npos) {
            const std::string head = name.substr(0, comma);
            auto [it, fresh] = short_forms.emplace(head, c.code);
            if (!fresh && it->second != c.code) it->second.clear();
        } else {
            g.add(name, {c.code, 0});
        }
        if (!c.common_name.empty()) g.add(c.common_name, {c.code, 0});
    }
    for (const auto& [head, code] : short_forms)
        if (!code.empty() && !g.aliases_.contains(phrase_key(head))) g.add(head, {code, 0});

    const auto countries_file = data_dir / "countries.tsv";
    for (const DataLine& l : read_data_file(countries_file, 2, 3)) {
        std::string code = l.fields[1];
        if (code == "-") code.clear();
        else if (!iso.find(code)) data_error(countries_file, l.line, "unknown ISO code '" + code + "'");
        g.add(l.fields[0], {code, parse_flags(countries_file, l, 2)});
    }
    const auto us_file = data_dir / "places_us.tsv";
    for (const DataLine& l : read_data_file(us_file, 1, 2))
        g.add(l.fields[0], {"US", parse_flags(us_file, l, 1)});

    // Plurals of demonyms: Ukrainians, Israelis.
    std::vector<std::pair<std::string, CountryAlias>> plurals;
    for (const auto& [key, entry] : g.aliases_) {
        if (entry.code.empty() || key.find(' ') != std::string::npos || key.size() < 4) continue;
        if (key.ends_with("an") || key.ends_with("i")) plurals.emplace_back(key + "s", entry);
    }
    for (auto& [key, entry] : plurals) g.aliases_.try_emplace(std::move(key), std::move(entry));
    return g;
}

std::optional<std::string> CountryNames::lookup(std::string_view name) const {
    const std::string key = phrase_key(name);
    if (const auto c = codes_.find(key); c != codes_.end()) return c->second;
    const auto it = aliases_.find(key);
    if (it == aliases_.end() || it->second.code.empty() || (it->second.flags & ambiguity_flags) != 0) return std::nullopt;
    return it->second.code;
}

std::vector<std::string> CountryNames::codes_with_prefix(std::string_view prefix) const {
    const std::string wanted = phrase_key(prefix);
    std::vector<std::string> codes;
    if (wanted.empty()) return codes;
    constexpr std::uint8_t kNotACountryName = ambiguity_flags | flag_city | flag_state | flag_person;
    for (const auto& [alias, entry] : aliases_) {
        if (entry.code.empty() || (entry.flags & kNotACountryName) != 0) continue;
        if (alias.starts_with(wanted)) codes.push_back(entry.code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

std::vector<std::string> CountryNames::codes_for_typed_prefix(std::string_view prefix) const {
    // Two letters are a code or a whole name ("us", "uk"), not the start of "U.S.S.R.".
    constexpr std::size_t kShortestAliasPrefix = 3;
    std::vector<std::string> codes;
    if (prefix.size() >= kShortestAliasPrefix) codes = codes_with_prefix(prefix);
    if (const auto code = lookup(prefix); code && !std::binary_search(codes.begin(), codes.end(), *code))
        codes.insert(std::lower_bound(codes.begin(), codes.end(), *code), *code);
    return codes;
}

}  // namespace dateline

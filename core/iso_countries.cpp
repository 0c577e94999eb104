#include "core/iso_countries.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace dateline {

std::filesystem::path default_iso_3166_path() {
    return "/usr/share/iso-codes/json/iso_3166-1.json";
}

IsoCountries IsoCountries::load(const std::filesystem::path& json) {
    std::ifstream in(json);
    if (!in) throw std::runtime_error(json.string() + ": cannot open (install iso-codes)");
    IsoCountries out;
    try {
        const auto doc = nlohmann::json::parse(in);
        for (const auto& e : doc.at("3166-1")) {
            CountryInfo c;
            c.code = e.at("alpha_2").get<std::string>();
            c.name = e.at("name").get<std::string>();
            c.common_name = e.value("common_name", std::string());
            c.flag = e.value("flag", std::string());
            out.by_code_.emplace(c.code, out.countries_.size());
            out.countries_.push_back(std::move(c));
        }
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(json.string() + ": " + e.what());
    }
    if (out.countries_.empty()) throw std::runtime_error(json.string() + ": no countries");
    return out;
}

const CountryInfo* IsoCountries::find(std::string_view code) const {
    if (code.size() != 2) return nullptr;
    std::string key(code);
    for (auto& ch : key)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const auto it = by_code_.find(key);
    return it == by_code_.end() ? nullptr : &countries_[it->second];
}

std::string IsoCountries::display_name(std::string_view code) const {
    const CountryInfo* c = find(code);
    if (!c) return {};
    return c->common_name.empty() ? c->name : c->common_name;
}

}  // namespace dateline

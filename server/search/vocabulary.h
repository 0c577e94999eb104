// What the search layer needs to understand names: country names and labels (speaker keys
// come from core/speaker_key.h).
#pragma once

#include "core/country_names.h"
#include "core/iso_countries.h"

#include <filesystem>

namespace dateline::search {

/// Loaded once per process and shared read-only by every request.
struct Vocabulary {
    explicit Vocabulary(const std::filesystem::path& data_dir)
        : countries(IsoCountries::load()), country_names(CountryNames::load(countries, data_dir)) {}

    IsoCountries countries;       // labels and flags
    CountryNames country_names;   // lookup() for `country:ukraine`
};

}  // namespace dateline::search

// What the search layer needs to understand names: speaker keys, country names and labels.
#pragma once

#include "extract/extractor.h"
#include "extract/iso_countries.h"

#include <filesystem>

namespace dateline::search {

/// Loaded once per process and shared read-only by every request.
struct Vocabulary {
    explicit Vocabulary(const std::filesystem::path& data_dir)
        : extractor(data_dir), countries(extract::IsoCountries::load()) {}

    extract::Extractor extractor;     // country_code() for `country:ukraine`
    extract::IsoCountries countries;  // labels and flags
};

}  // namespace dateline::search

// Derives the speaker, country and date facets of an article from its text.
#pragma once

#include "core/article.h"
#include "core/install_layout.h"  // default_data_dir()
#include "core/speaker_key.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace dateline::extract {

class ExtractorData;  // gazetteers, alias tables and word lists loaded from data files

/// Extraction over immutable, loaded data: one instance serves any number of threads.
class Extractor {
public:
    /// Loads the data files in `data_dir` (see indexer/extract/data/README.md) and the
    /// ISO 3166-1 list of Debian's iso-codes. Throws std::runtime_error naming the file
    /// and line of the first bad entry.
    explicit Extractor(const std::filesystem::path& data_dir);
    ~Extractor();
    Extractor(Extractor&&) noexcept;
    Extractor& operator=(Extractor&&) noexcept;

    /// Fills in what the article does not carry explicitly: speakers and attributions
    /// (unless speakers_given), countries (unless countries_given; the ones the article
    /// already holds are kept, first, and the extracted ones added), the publication date
    /// from a dateline at the top of the text (unless date is set), and mentioned dates.
    /// Explicit speakers are canonicalised (aliases applied) but never dropped.
    void extract(index::Article& article) const;

    /// The canonical display form of a person's name: aliases applied, whitespace
    /// normalised ("Zelenskiy" variants and "Volodymyr Zelenskyy" stay distinct names,
    /// but share a speaker_key).
    std::string canonical_speaker(std::string_view name) const;

    /// The ISO 3166-1 alpha-2 code (upper case) for a code, a country name, a common
    /// name, a demonym or a capital as a user would type it: "UA", "ua", "ukraine",
    /// "Ukrainian", "Kyiv". Nothing for an unknown or ambiguous word.
    std::optional<std::string> country_code(std::string_view name) const;

    /// The codes of the countries a user may mean by typing `prefix` in a list of countries:
    /// country_code()'s ("us", "uk", "turk"), and from three letters on those with a name
    /// or alias starting with it ("brit"). Sorted, each code once.
    std::vector<std::string> country_codes_for_prefix(std::string_view prefix) const;

private:
    std::unique_ptr<const ExtractorData> data_;
};

}  // namespace dateline::extract

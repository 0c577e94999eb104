#include "extract/extractor.h"

#include "extract/countries.h"
#include "extract/dates.h"
#include "core/iso_countries.h"
#include "extract/names.h"
#include "extract/speakers.h"
#include "core/text_folding.h"
#include "core/tokenizer.h"

#include <algorithm>


namespace dateline::extract {

class ExtractorData {
public:
    explicit ExtractorData(const std::filesystem::path& dir)
        : iso(IsoCountries::load()), places(CountryGazetteer::load(iso, dir)), names(NameLexicon::load(dir)) {}

    IsoCountries iso;
    CountryGazetteer places;
    NameLexicon names;
};

Extractor::Extractor(const std::filesystem::path& data_dir)
    : data_(std::make_unique<const ExtractorData>(data_dir)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

void Extractor::extract(index::Article& article) const {
    const ExtractorData& d = *data_;
    const std::vector<Token> title = tokenize(article.title);
    const std::vector<Token> body = tokenize(article.body);
    const bool title_caps = is_all_caps_text(article.title);

    if (!article.date) article.date = find_dateline_date(body);

    if (article.speakers_given) {
        for (auto& s : article.speakers) s = canonical_speaker(s);
    } else {
        const std::vector<Field> fields = {{"title", article.title, &title, title_caps},
                                           {"body", article.body, &body, false}};
        article.speakers.clear();
        article.organizations.clear();
        article.attributions.clear();
        find_speakers(d.names, d.places, fields, article.speakers, article.organizations, article.attributions);
    }

    if (!article.countries_given) {
        CountryMentions mentions;
        d.places.find_mentions(title, title_caps, false, mentions.title);
        d.places.find_mentions(body, false, true, mentions.body);
        mentions.body_sentences = body.empty() ? 0 : body.back().sentence + 1;
        // Countries a reader found in the input's metadata (NewsML-G2's located and subject
        // concepts, NITF's event locations) stand first, the text's own beside them.
        for (auto& code : about_countries(mentions))
            if (std::find(article.countries.begin(), article.countries.end(), code) == article.countries.end())
                article.countries.push_back(std::move(code));
    }

    std::vector<PartialDate> dates;
    find_mentioned_dates(title, article.date, dates);
    find_mentioned_dates(body, article.date, dates);
    article.mentioned_dates = std::move(dates);
}

std::string Extractor::canonical_speaker(std::string_view name) const {
    std::string n = normalize_space(name);
    if (const auto it = data_->names.aliases.find(fold(n)); it != data_->names.aliases.end()) return it->second;
    return n;
}

std::optional<std::string> Extractor::country_code(std::string_view name) const {
    return data_->places.names().lookup(name);
}

std::vector<std::string> Extractor::country_codes_for_prefix(std::string_view prefix) const {
    return data_->places.names().codes_for_typed_prefix(prefix);
}

}  // namespace dateline::extract

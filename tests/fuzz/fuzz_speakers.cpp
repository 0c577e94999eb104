// libFuzzer target: speaker, organization and attribution finding (find_speakers) over a
// title line and a body.
#include "core/article.h"
#include "extract/extractor.h"
#include "extract/speakers.h"
#include "fuzz_check.h"
#include "fuzz_extraction.h"
#include "core/utf8.h"

#include <algorithm>

using namespace dateline;

namespace {

void check_attribution(const index::Attribution& a, const fuzz::TokenizedArticle& article,
                       const std::vector<std::string>& speakers, bool clean) {
    fuzz::check(a.field == "title" || a.field == "body", "an attribution names its field", a.field);
    const std::string_view text = a.field == "title" ? article.title.text : article.body.text;
    fuzz::check(a.begin <= a.end && a.end <= text.size(), "the statement lies inside its field");
    fuzz::check(a.cue_begin < text.size(), "the cue lies inside its field");
    fuzz::check(!a.cue.empty(), "an attribution has a cue");
    fuzz::check(std::find(speakers.begin(), speakers.end(), a.speaker) != speakers.end(),
                "an attribution names one of the article's speakers", a.speaker);
    if (clean) {
        fuzz::check_utf8(a.text, "attributed statement");
        fuzz::check_utf8(a.cue, "attribution cue");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = fuzz::as_text(data, size);
    const fuzz::ExtractionData& extraction = fuzz::extraction_data();
    const fuzz::TokenizedArticle article = fuzz::tokenize_article(input);
    const std::vector<extract::Field> fields = {
        {"title", article.title.text, &article.title.tokens, dateline::is_all_caps_text(article.title.text)},
        {"body", article.body.text, &article.body.tokens, false}};

    index::Article found;
    extract::find_speakers(extraction.names, extraction.places, fields, found.speakers, found.organizations,
                           found.attributions);

    // Readers pass only clean text on; for other input, surviving and staying in bounds is enough.
    const bool clean = !find_invalid_utf8(input);
    if (clean) fuzz::check_article(found);
    for (const auto& speaker : found.speakers)
        fuzz::check(!dateline::speaker_key(speaker).empty(), "a speaker has a key", speaker);
    for (const auto& a : found.attributions) check_attribution(a, article, found.speakers, clean);
    for (const auto& organization : found.organizations) {
        fuzz::check(!organization.empty(), "an organization has a name");
        if (clean) fuzz::check_utf8(organization, "organization");
        fuzz::check(std::count(found.organizations.begin(), found.organizations.end(), organization) == 1,
                    "an organization is listed once", organization);
    }
    return 0;
}

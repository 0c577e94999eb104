#include "fuzz_check.h"

#include "core/utf8.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace dateline::fuzz {
namespace {

template <typename T>
bool has_duplicates(const std::vector<T>& values) {
    for (std::size_t i = 0; i < values.size(); ++i)
        if (std::find(values.begin() + static_cast<std::ptrdiff_t>(i) + 1, values.end(), values[i]) != values.end())
            return true;
    return false;
}

}  // namespace

void fail(std::string_view what, std::string_view detail) {
    std::fprintf(stderr, "fuzz invariant broken: %.*s%s%.*s\n", static_cast<int>(what.size()), what.data(),
                 detail.empty() ? "" : ": ", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

void check_utf8(std::string_view text, std::string_view what) {
    if (const auto fault = find_invalid_utf8(text))
        fail(what, "not clean UTF-8 at byte " + std::to_string(*fault) + " of " + std::to_string(text.size()));
}

void check_partial_date(const PartialDate& date, std::string_view what) {
    const std::string iso = date.to_iso();
    switch (date.precision()) {
        case PartialDate::Precision::day: check(is_valid_day(date.year, date.month, date.day), what, iso); break;
        case PartialDate::Precision::month: check(date.year >= 1 && date.month >= 1 && date.month <= 12, what, iso); break;
        case PartialDate::Precision::year: check(date.year >= 1 && date.year <= 9999, what, iso); break;
    }
    // The ISO form is what the index and the API store: it must read back as the same date.
    check(parse_iso_date(iso) == date, what, "ISO form does not read back: " + iso);
}

void check_article(const index::Article& article) {
    check_utf8(article.id, "article id");
    check_utf8(article.title, "article title");
    check_utf8(article.body, "article body");
    check_utf8(article.url, "article url");
    check_utf8(article.source, "article source");
    if (article.date) {
        check_partial_date(*article.date, "publication date");
        check(article.date->precision() == PartialDate::Precision::day, "publication date is a whole day",
              article.date->to_iso());
    }
    for (const auto& speaker : article.speakers) {
        check(!speaker.empty(), "speaker names are not empty");
        check_utf8(speaker, "speaker name");
    }
    for (const auto& code : article.countries)
        check(code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }),
              "country codes are two capitals", code);
    for (const auto& date : article.mentioned_dates) check_partial_date(date, "mentioned date");
    check(!has_duplicates(article.speakers), "speakers are unique");
    check(!has_duplicates(article.countries), "countries are unique");
    check(!has_duplicates(article.mentioned_dates), "mentioned dates are unique");
}

std::filesystem::path data_dir() { return DATELINE_FUZZ_DATA_DIR; }

}  // namespace dateline::fuzz

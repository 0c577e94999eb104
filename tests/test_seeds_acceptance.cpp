// Acceptance: the five seed articles give exactly their hand-labelled facets.
#include "extract/extractor.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#ifndef DATELINE_SOURCE_DIR
#error "DATELINE_SOURCE_DIR must name the source tree"
#endif

namespace {

using dateline::extract::Extractor;
using dateline::speaker_key;

struct Seed {
    const char* file;
    std::set<std::string> speakers;           // by speaker_key of the expected names
    std::set<std::string> speakers_optional;
    std::set<std::string> countries;
    std::set<std::string> dates;
    std::set<std::string> dates_optional;
};

dateline::index::Article read_seed(const std::filesystem::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    dateline::index::Article a;
    const auto nl = text.find('\n');
    a.title = text.substr(0, nl);
    a.body = nl == std::string::npos ? std::string() : text.substr(nl + 1);
    return a;
}

}  // namespace

TEST_SUITE("seeds acceptance") {

TEST_CASE("every seed article gives exactly its labelled speakers, countries and dates") {
    const std::vector<Seed> seeds = {
        {"000_2427cd1eaf4df52c.txt", {"Volodymyr Zelenskiy"}, {}, {"BY", "RU", "TR", "UA"}, {}, {}},
        {"001_0c6cda8ee52cb777.txt", {"Volodymyr Zelenskyy"}, {"Rustem Umerov"}, {"RU", "UA", "US"},
         {"2022"}, {}},
        {"002_9942e433d9896480.txt", {"Volodymyr Zelenskyy"}, {"Rustem Umerov"},
         {"CN", "DE", "FR", "RU", "TR", "UA", "US"}, {"2022-02"}, {}},
        {"003_6d4c5c2041faccc8.txt", {}, {}, {"RU", "UA"}, {}, {}},
        {"004_ccc3e7e1ea919f7c.txt", {"Vladimir Putin", "Volodymyr Zelenskyy"}, {}, {"RU", "UA", "US"},
         {"2022-02"}, {"2025-04-21", "2025-04", "2020"}},
    };
    const Extractor extractor(dateline::default_data_dir());
    const std::filesystem::path dir = std::filesystem::path(DATELINE_SOURCE_DIR) / "data" / "sample";
    for (const auto& seed : seeds) {
        CAPTURE(seed.file);
        auto article = read_seed(dir / seed.file);
        extractor.extract(article);

        std::set<std::string> want;
        for (const auto& s : seed.speakers) want.insert(speaker_key(s));
        std::set<std::string> optional;
        for (const auto& s : seed.speakers_optional) optional.insert(speaker_key(s));
        std::set<std::string> got;
        for (const auto& s : article.speakers)
            if (!optional.contains(speaker_key(s))) got.insert(speaker_key(s));
        CHECK(got == want);

        const std::set<std::string> countries(article.countries.begin(), article.countries.end());
        CHECK(countries == seed.countries);

        std::set<std::string> dates;
        for (const auto& d : article.mentioned_dates)
            if (!seed.dates_optional.contains(d.to_iso())) dates.insert(d.to_iso());
        CHECK(dates == seed.dates);
        CHECK_FALSE(article.date.has_value());
    }
}

}  // TEST_SUITE

// libFuzzer target: the dateline's publication date and mentioned dates
// (find_dateline_date, find_mentioned_dates), relative to a fuzzed publication day.
#include "extract/dates.h"
#include "core/tokenizer.h"
#include "fuzz_check.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>

using namespace dateline;

namespace {

// Publication days as readers accept them: any real day of years 1 to 9999.
std::optional<PartialDate> fuzzed_publication_day(FuzzedDataProvider& input) {
    if (!input.ConsumeBool()) return std::nullopt;
    const int first = days_since_epoch({1, 1, 1});
    const int last = days_since_epoch({9999, 12, 31});
    const PartialDate day = date_from_days(input.ConsumeIntegralInRange(first, last));
    fuzz::check_partial_date(day, "publication day from days");
    fuzz::check(date_from_days(days_since_epoch(day)) == day, "days since epoch round trip", day.to_iso());
    return day;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const std::optional<PartialDate> given = fuzzed_publication_day(input);
    const std::string text = input.ConsumeRemainingBytesAsString();
    const std::vector<dateline::Token> tokens = dateline::tokenize(text);

    const std::optional<PartialDate> dateline = extract::find_dateline_date(tokens);
    if (dateline) {
        fuzz::check_partial_date(*dateline, "dateline date");
        fuzz::check(dateline->precision() == PartialDate::Precision::day, "a dateline names a day", dateline->to_iso());
    }
    // As the extractor does: the given date wins, else the dateline's.
    const std::optional<PartialDate> published = given ? given : dateline;

    std::vector<PartialDate> mentioned;
    extract::find_mentioned_dates(tokens, published, mentioned);
    for (const auto& date : mentioned) {
        fuzz::check_partial_date(date, "mentioned date");
        fuzz::check(date.year >= 1000 && date.year <= 2999, "mentioned dates are of years 1000 to 2999", date.to_iso());
        fuzz::check(std::count(mentioned.begin(), mentioned.end(), date) == 1, "mentioned dates are unique", date.to_iso());
    }
    return 0;
}

// libFuzzer target: WARC files, plain or in gzip members (parse_warc over zlib and the HTML reader).
#include "fuzz_check.h"
#include "readers/reader.h"

using namespace dateline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    index::ReaderLimits limits;
    limits.max_record_bytes = 1u << 20;
    std::size_t articles = 0;
    const index::ReadCounts counts = index::parse_warc(
        fuzz::as_text(data, size), "fuzz.warc", limits,
        [&](index::Article&& article) {
            ++articles;
            fuzz::check_article(article);
            fuzz::check(!article.id.empty() && article.id == article.url, "a page's id and url are its target URI",
                        article.id);
        },
        [&](index::InputProblem&& problem) {
            fuzz::check(problem.where.starts_with("fuzz.warc:"), "a problem names the file and record", problem.where);
            fuzz::check(!problem.reason.empty(), "a problem has a reason");
        });
    // Every record is counted once, as a page or as another record: never more than the
    // input has version lines for.
    fuzz::check(articles + counts.other_records <= size / 8 + 1, "no more records than the input can hold");
    return 0;
}

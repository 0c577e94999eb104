#include "fuzz_news_xml.h"

#include "fuzz_check.h"
#include "readers/reader.h"

namespace dateline::fuzz {

void fuzz_news_xml(const std::uint8_t* data, std::size_t size) {
    index::ReaderLimits limits;
    limits.max_record_bytes = 1u << 20;
    index::parse_news_xml(
        as_text(data, size), "fuzz.xml", "fuzz.xml", limits,
        [&](index::Article&& article) {
            check_article(article);
            check(!article.id.empty(), "an item has an id");
            check(!article.title.empty() || !article.body.empty(), "an item has a title or a body");
            check(article.title.find('\n') == std::string::npos, "the title is one line", article.title);
            for (const auto& code : article.countries)
                check(code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z',
                      "countries are upper-case ISO codes", code);
        },
        [&](index::InputProblem&& problem) {
            check(problem.where.starts_with("fuzz.xml"), "a problem names the document", problem.where);
            check(!problem.reason.empty(), "a problem has a reason");
        });
}

}  // namespace dateline::fuzz

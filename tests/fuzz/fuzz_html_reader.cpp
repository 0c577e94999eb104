// libFuzzer target: HTML articles (parse_html_document over gumbo).
#include "fuzz_check.h"
#include "readers/reader.h"
#include "core/utf8.h"

#include <stdexcept>

using namespace dateline;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content = fuzz::as_text(data, size);
    const bool clean = !find_invalid_utf8(content);
    try {
        const index::Article article = index::parse_html_document(content, "fuzz.html");
        if (!clean) return 0;  // the reader never passes such input on; surviving it is enough
        fuzz::check_article(article);
        fuzz::check(!article.title.empty() || !article.body.empty(), "an HTML article has a title or a body");
        // Titles and sources are collapsed to one line; the body is paragraphs of such lines.
        fuzz::check(article.title.find('\n') == std::string::npos, "the title is one line", article.title);
        fuzz::check(article.source.find('\n') == std::string::npos, "the source is one line", article.source);
        fuzz::check(article.body.find("\n\n\n") == std::string::npos, "paragraphs are separated by one blank line");
    } catch (const std::invalid_argument&) {
        // Rejected with a reason: a page without a title or text.
    }
    return 0;
}

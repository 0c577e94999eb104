// libFuzzer target: plain-text and Markdown articles (parse_text_document).
#include "fuzz_check.h"
#include "readers/reader.h"
#include "core/utf8.h"

#include <stdexcept>

using namespace dateline;

namespace {

// A derived title is at most 120 bytes plus "…"; a title line at most 160.
constexpr std::size_t kMaxTitleBytes = 160;

void check_text_article(const index::Article& article, std::string_view content) {
    fuzz::check_article(article);
    fuzz::check(!article.title.empty() || !article.body.empty(), "a text article has a title or a body");
    fuzz::check(article.title.size() <= kMaxTitleBytes, "the title is short", article.title);
    fuzz::check(article.title.find('\n') == std::string::npos, "the title is one line", article.title);
    // The body is the document's own text, trimmed, never rewritten.
    fuzz::check(content.find(article.body) != std::string_view::npos, "the body is a slice of the document");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content = fuzz::as_text(data, size);
    // The reader rejects unclean text before parsing; the parser must still survive it.
    const bool clean = !find_invalid_utf8(content);
    for (const bool markdown : {false, true}) {
        try {
            const index::Article article = index::parse_text_document(content, "fuzz.txt", markdown);
            if (clean) check_text_article(article, content);
        } catch (const std::invalid_argument&) {
            // Rejected with a reason: the documented outcome for an empty document.
        }
    }
    return 0;
}

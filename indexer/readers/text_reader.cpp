// Plain-text and Markdown articles: a title line (or a first paragraph) and the body.
#include "readers/reader.h"
#include "readers/text_util.h"

#include <stdexcept>

namespace dateline::index {
namespace {

constexpr std::size_t kMaxTitleLineBytes = 160;
constexpr std::size_t kMaxDerivedTitleBytes = 120;

// A headline is short and is not itself a run of sentences: "Putin Expresses Willingness
// for Peace Talks" is one; the opening paragraph of a wire story is not.
bool reads_like_title(std::string_view line) {
    if (line.size() > kMaxTitleLineBytes) return false;
    if (line.back() == '.' && !line.ends_with("...")) return false;
    return first_sentence(line).size() == line.size();
}

std::string_view strip_markdown_heading(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && line[i] == '#') ++i;
    return i > 0 ? trim(line.substr(i)) : line;
}

}  // namespace

Article parse_text_document(std::string_view content, std::string id, bool markdown) {
    if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);  // UTF-8 byte order mark
    const std::size_t start = content.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) throw std::invalid_argument("empty document");
    std::size_t line_end = content.find('\n', start);
    if (line_end == std::string_view::npos) line_end = content.size();
    std::string_view first_line = trim(content.substr(start, line_end - start));
    if (markdown) first_line = strip_markdown_heading(first_line);

    Article article;
    article.id = std::move(id);
    // An empty first line (a bare "#" heading, a line of form feeds) is no title and no text.
    if (first_line.empty() || reads_like_title(first_line)) {
        article.title = std::string(first_line);
        article.body = std::string(trim(content.substr(line_end)));
    } else {
        article.title = shorten_at_word(first_sentence(first_line), kMaxDerivedTitleBytes);
        article.body = std::string(trim(content.substr(start)));
    }
    if (article.title.empty() && article.body.empty()) throw std::invalid_argument("empty document");
    return article;
}

}  // namespace dateline::index

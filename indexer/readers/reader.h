// Turns input files into Articles: one parser per format behind one small interface.
#pragma once

#include "article.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace dateline::index {

enum class InputFormat { text, markdown, html, jsonl, unknown };

/// The format an input file is read as, from its extension (case-insensitive):
/// .txt; .md/.markdown; .html/.htm; .jsonl/.ndjson. Anything else is unknown.
InputFormat format_of(const std::filesystem::path& file);

/// Why one input, or one line of it, was not indexed. `where` is `path` or `path:line`.
struct InputProblem {
    std::string where;
    std::string reason;
};

struct ReaderLimits {
    std::size_t max_file_bytes = 64u << 20;   // whole .txt/.md/.html files
    std::size_t max_line_bytes = 16u << 20;   // one JSONL record
};

using ArticleSink = std::function<void(Article&&)>;
using ProblemSink = std::function<void(InputProblem&&)>;

/// Reads one file. `default_id` is the id of a single-document file (its path relative
/// to the input root); JSONL records carry their own. Every article goes to `on_article`;
/// every file or record that cannot be read goes to `on_problem`, and reading goes on.
void read_input_file(const std::filesystem::path& file, InputFormat format,
                     const std::string& default_id, const ReaderLimits& limits,
                     const ArticleSink& on_article, const ProblemSink& on_problem);

// The parsers, for tests and fuzzers: each takes the whole text of a document.
// They throw std::invalid_argument with a reason (no location) for input they reject.

/// Plain text or Markdown: the first non-empty line is the title when it reads like one;
/// when it is a whole paragraph, the title is its first sentence, cut at a word boundary.
Article parse_text_document(std::string_view content, std::string id, bool markdown);

/// HTML: title, main text (no scripts, navigation or boilerplate), and the publication
/// date and URL from metadata (article:published_time, <time>, JSON-LD datePublished).
Article parse_html_document(std::string_view content, std::string id);

/// One JSON Lines record as described by schemas/document.schema.json.
Article parse_jsonl_record(std::string_view line);

/// Checks that text is valid UTF-8 with no NUL byte; throws std::invalid_argument naming
/// the byte offset of the first fault.
void require_text(std::string_view content);

}  // namespace dateline::index

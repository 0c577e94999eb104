// Turns input files into Articles: one parser per format behind one small interface.
#pragma once

#include "core/article.h"

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace dateline::index {

enum class InputFormat { text, markdown, html, jsonl, xml, warc, unknown };

/// The format an input file is read as, from its extension (case-insensitive):
/// .txt; .md/.markdown; .html/.htm; .jsonl/.ndjson; .xml/.rss/.atom (by the root element:
/// an RSS or Atom feed, a NewsML-G2 item or an NITF document); .warc/.warc.gz. Anything
/// else is unknown.
InputFormat format_of(const std::filesystem::path& file);

/// The extensions format_of knows, as problems name them.
inline constexpr std::string_view kKnownExtensions =
    ".txt, .md, .html, .htm, .jsonl, .ndjson, .xml, .rss, .atom, .warc or .warc.gz";

/// Why one input, or one line of it, was not indexed. `where` is `path` or `path:line`.
struct InputProblem {
    std::string where;
    std::string reason;
};

/// Feeds and WARC files are containers like JSONL: they are streamed, whatever their size,
/// and the limit is on each record. A NewsML-G2 or NITF file is one document.
struct ReaderLimits {
    std::size_t max_file_bytes = 64u << 20;   // whole .txt/.md/.html files, NewsML-G2 and NITF
    std::size_t max_record_bytes = 16u << 20;  // one record of a container: a JSONL line, a feed item, a WARC page
};

using ArticleSink = std::function<void(Article&&)>;
using ProblemSink = std::function<void(InputProblem&&)>;

/// What a reader passed over without a problem: records of a container that are not
/// articles (a WARC file's requests, metadata, redirects, images and the like).
struct ReadCounts {
    std::size_t other_records = 0;
};

/// Reads one file. `default_id` is the id of a single-document file (its path relative
/// to the input root); JSONL records, feed items and WARC pages carry their own. Every
/// article goes to `on_article`; every file or record that cannot be read goes to
/// `on_problem` (`path`, `path:line` or `path:record N`), and reading goes on.
ReadCounts read_input_file(const std::filesystem::path& file, InputFormat format,
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

/// An XML news document, by its root element: an RSS 2.0 (`rss`) or Atom (`feed`) feed,
/// one article per item or entry, the feed's title their source; a NewsML-G2 `newsItem`
/// or an NITF document (`nitf`), one article whose located and subject countries are given
/// (extraction adds its own). `where` names the document in problems (`where:line`),
/// `default_id` is the id of an item or document without its own. Malformed XML is a
/// problem at its line; what came before it was read.
void parse_news_xml(std::string_view content, const std::string& where, const std::string& default_id,
                    const ReaderLimits& limits, const ArticleSink& on_article, const ProblemSink& on_problem);

/// A WARC file (1.0 or 1.1), plain or in gzip members: each `response` record of status
/// 200 with an HTML page is an article, its WARC-Target-URI its id and url, its WARC-Date
/// the date when the page gives none. Other records are counted; a record that lies
/// about its length, a damaged gzip member or an unreadable page is a problem at
/// `where:record N`, and reading goes on at the next record.
ReadCounts parse_warc(std::string_view content, const std::string& where, const ReaderLimits& limits,
                      const ArticleSink& on_article, const ProblemSink& on_problem);

/// Checks that text is valid UTF-8 with no NUL byte; throws std::invalid_argument naming
/// the byte offset of the first fault.
void require_text(std::string_view content);

}  // namespace dateline::index

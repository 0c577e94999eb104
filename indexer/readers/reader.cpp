#include "readers/reader.h"

#include "readers/byte_source.h"
#include "readers/warc_reader.h"
#include "readers/xml_news.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dateline::index {
namespace {

std::string lower_extension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string read_whole_file(const std::filesystem::path& file, std::size_t max_bytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) throw std::invalid_argument("cannot read: " + ec.message());
    if (size > max_bytes)
        throw std::invalid_argument("file of " + std::to_string(size) + " bytes exceeds the limit of " +
                                    std::to_string(max_bytes));
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot open for reading");
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw std::invalid_argument("read error");
    return std::move(content).str();
}

void read_jsonl_file(const std::filesystem::path& file, const ReaderLimits& limits,
                     const ArticleSink& on_article, const ProblemSink& on_problem) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        on_problem({file.string(), "cannot open for reading"});
        return;
    }
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string where = file.string() + ":" + std::to_string(number);
        if (line.size() > limits.max_record_bytes) {
            on_problem({where, "record of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                                   std::to_string(limits.max_record_bytes)});
            continue;
        }
        try {
            on_article(parse_jsonl_record(line));
        } catch (const std::invalid_argument& e) {
            on_problem({where, e.what()});
        }
    }
    if (in.bad()) on_problem({file.string(), "read error"});
}

// The root element tells a feed from a wire agency's document. A feed is streamed item by
// item, whatever its size; a NewsML-G2 or NITF document is one tree, bounded by the file limit.
void read_news_xml(XmlStream xml, std::uint64_t size, const std::string& where, const std::string& default_id,
                   const ReaderLimits& limits, const ArticleSink& on_article, const ProblemSink& on_problem) {
    try {
        if (!xml.next_element()) throw std::invalid_argument("no root element");
        const std::string root(xml.local_name());
        if (root == "rss" || root == "feed") {
            read_feed(xml, where, limits, on_article, on_problem);
        } else if (root == "newsItem" || root == "nitf") {
            if (size > limits.max_file_bytes)
                throw std::invalid_argument("document of " + std::to_string(size) + " bytes exceeds the limit of " +
                                            std::to_string(limits.max_file_bytes));
            const xmlNode* node = xml.expand();
            on_article(root == "nitf" ? read_nitf(node, default_id) : read_newsml_item(node, default_id));
        } else {
            throw std::invalid_argument("XML root element <" + root +
                                        "> is none of rss, feed (Atom), newsItem (NewsML-G2) and nitf");
        }
    } catch (const XmlError& e) {
        on_problem({where + ":" + std::to_string(e.line()), e.what()});
    } catch (const std::invalid_argument& e) {
        on_problem({where, e.what()});
    }
}

bool is_warc_gz(const std::filesystem::path& file) {
    return lower_extension(file) == ".gz" && lower_extension(file.stem()) == ".warc";
}

}  // namespace

InputFormat format_of(const std::filesystem::path& file) {
    const std::string ext = lower_extension(file);
    if (ext == ".txt") return InputFormat::text;
    if (ext == ".md" || ext == ".markdown") return InputFormat::markdown;
    if (ext == ".html" || ext == ".htm") return InputFormat::html;
    if (ext == ".jsonl" || ext == ".ndjson") return InputFormat::jsonl;
    if (ext == ".xml" || ext == ".rss" || ext == ".atom") return InputFormat::xml;
    if (ext == ".warc" || is_warc_gz(file)) return InputFormat::warc;
    return InputFormat::unknown;
}

void parse_news_xml(std::string_view content, const std::string& where, const std::string& default_id,
                    const ReaderLimits& limits, const ArticleSink& on_article, const ProblemSink& on_problem) {
    try {
        read_news_xml(XmlStream::from_memory(content), content.size(), where, default_id, limits, on_article, on_problem);
    } catch (const std::invalid_argument& e) {
        on_problem({where, e.what()});
    }
}

void require_text(std::string_view content) {
    const auto fault = find_invalid_utf8(content);
    if (!fault) return;
    if (content[*fault] == '\0')
        throw std::invalid_argument("binary content (NUL byte at offset " + std::to_string(*fault) + ")");
    throw std::invalid_argument("invalid UTF-8 at byte offset " + std::to_string(*fault));
}

ReadCounts read_input_file(const std::filesystem::path& file, InputFormat format, const std::string& default_id,
                           const ReaderLimits& limits, const ArticleSink& on_article, const ProblemSink& on_problem) {
    if (format == InputFormat::jsonl) {
        read_jsonl_file(file, limits, on_article, on_problem);
        return {};
    }
    try {
        if (format == InputFormat::xml) {
            std::error_code ec;
            const auto size = std::filesystem::file_size(file, ec);
            if (ec) throw std::invalid_argument("cannot read: " + ec.message());
            read_news_xml(XmlStream::from_file(file), size, file.string(), default_id, limits, on_article, on_problem);
            return {};
        }
        if (format == InputFormat::warc) {
            FileSource source(file);
            return read_warc(source, file.string(), limits, on_article, on_problem);
        }
        const std::string content = read_whole_file(file, limits.max_file_bytes);
        require_text(content);
        switch (format) {
            case InputFormat::text: on_article(parse_text_document(content, default_id, false)); break;
            case InputFormat::markdown: on_article(parse_text_document(content, default_id, true)); break;
            case InputFormat::html: on_article(parse_html_document(content, default_id)); break;
            default: throw std::invalid_argument("unknown input format (expected " + std::string(kKnownExtensions) + ")");
        }
    } catch (const std::invalid_argument& e) {
        on_problem({file.string(), e.what()});
    }
    return {};
}

}  // namespace dateline::index

#include "readers/reader.h"

#include "utf8.h"

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
        if (line.size() > limits.max_line_bytes) {
            on_problem({where, "record of " + std::to_string(line.size()) + " bytes exceeds the limit of " +
                                   std::to_string(limits.max_line_bytes)});
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

}  // namespace

InputFormat format_of(const std::filesystem::path& file) {
    const std::string ext = lower_extension(file);
    if (ext == ".txt") return InputFormat::text;
    if (ext == ".md" || ext == ".markdown") return InputFormat::markdown;
    if (ext == ".html" || ext == ".htm") return InputFormat::html;
    if (ext == ".jsonl" || ext == ".ndjson") return InputFormat::jsonl;
    return InputFormat::unknown;
}

void require_text(std::string_view content) {
    const auto fault = find_invalid_utf8(content);
    if (!fault) return;
    if (content[*fault] == '\0')
        throw std::invalid_argument("binary content (NUL byte at offset " + std::to_string(*fault) + ")");
    throw std::invalid_argument("invalid UTF-8 at byte offset " + std::to_string(*fault));
}

void read_input_file(const std::filesystem::path& file, InputFormat format, const std::string& default_id,
                     const ReaderLimits& limits, const ArticleSink& on_article, const ProblemSink& on_problem) {
    if (format == InputFormat::jsonl) {
        read_jsonl_file(file, limits, on_article, on_problem);
        return;
    }
    try {
        const std::string content = read_whole_file(file, limits.max_file_bytes);
        require_text(content);
        switch (format) {
            case InputFormat::text: on_article(parse_text_document(content, default_id, false)); break;
            case InputFormat::markdown: on_article(parse_text_document(content, default_id, true)); break;
            case InputFormat::html: on_article(parse_html_document(content, default_id)); break;
            default: throw std::invalid_argument("unknown input format (expected .txt, .md, .html or .jsonl)");
        }
    } catch (const std::invalid_argument& e) {
        on_problem({file.string(), e.what()});
    }
}

}  // namespace dateline::index

// WARC records (ISO 28500): HTTP responses of HTML pages become articles through the HTML reader.
#include "readers/warc_reader.h"

#include "readers/charset.h"
#include "readers/gzip_source.h"
#include "readers/text_util.h"

#include "core/utf8.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <stdexcept>

namespace dateline::index {
namespace {

constexpr std::size_t kMaxHeaderLine = 64u << 10;
constexpr std::size_t kMaxHeaderBytes = 256u << 10;
// Enough of a response record to hold its HTTP head, read before deciding whether to read the rest.
constexpr std::size_t kHttpHeadBytes = 64u << 10;
constexpr std::size_t kChunk = 64u << 10;

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

using Headers = std::map<std::string, std::string>;  // lower-case name -> value

// "Name: value" lines; false for a line that is not one.
bool add_header(std::string_view line, Headers& headers) {
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    headers[lower(trim(line.substr(0, colon)))] = std::string(trim(line.substr(colon + 1)));
    return true;
}

std::string header(const Headers& headers, const std::string& name) {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

std::optional<std::uint64_t> parse_length(std::string_view text) {
    std::uint64_t value = 0;
    if (text.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// Buffered reading with lines, exact lengths and putting bytes back: the record framing
// checks a record's end and, when its length lied, finds the next record in what it read.
class RecordStream {
public:
    explicit RecordStream(ByteSource& source) : source_(source) {}

    /// A line without its line break, cut at `max` bytes; nothing at the end of input.
    std::optional<std::string> line(std::size_t max) {
        for (;;) {
            const auto newline = buffer_.find('\n', pos_);
            if (newline != std::string::npos && newline - pos_ <= max) {
                std::string out = buffer_.substr(pos_, newline - pos_);
                pos_ = newline + 1;
                if (!out.empty() && out.back() == '\r') out.pop_back();
                return out;
            }
            if (buffer_.size() - pos_ > max || !fill()) {
                if (pos_ == buffer_.size()) return std::nullopt;
                const std::size_t n = std::min(max, buffer_.size() - pos_);
                std::string out = buffer_.substr(pos_, n);
                pos_ += n;
                return out;
            }
        }
    }

    /// Up to `n` bytes: fewer only at the end of input.
    std::string take(std::size_t n) {
        while (buffer_.size() - pos_ < n && fill()) {}
        const std::size_t got = std::min(n, buffer_.size() - pos_);
        std::string out = buffer_.substr(pos_, got);
        pos_ += got;
        return out;
    }

    /// Discards up to `n` bytes without holding them; returns how many there were.
    std::uint64_t skip(std::uint64_t n) {
        std::uint64_t skipped = 0;
        while (skipped < n) {
            if (pos_ == buffer_.size() && !fill()) break;
            const std::size_t step = static_cast<std::size_t>(std::min<std::uint64_t>(n - skipped, buffer_.size() - pos_));
            pos_ += step;
            skipped += step;
        }
        return skipped;
    }

    void unread(std::string_view bytes) {
        dropped_ += pos_;
        dropped_ -= bytes.size();
        buffer_.replace(0, pos_, bytes);
        pos_ = 0;
    }

    /// Bytes of the source consumed so far (less what was put back).
    std::uint64_t position() const { return dropped_ + pos_; }

    /// Consumes the CR LF pairs that end a record; then true when the input ends or the next
    /// record's version line starts.
    bool at_record_start() {
        for (;;) {
            while (pos_ < buffer_.size() && (buffer_[pos_] == '\r' || buffer_[pos_] == '\n')) ++pos_;
            if (pos_ < buffer_.size() || !fill()) break;
        }
        while (buffer_.size() - pos_ < 5 && fill()) {}
        return pos_ == buffer_.size() || std::string_view(buffer_).substr(pos_).starts_with("WARC/");
    }

private:
    bool fill() {
        if (pos_ > 0 && (pos_ == buffer_.size() || pos_ > kChunk)) {
            buffer_.erase(0, pos_);
            dropped_ += pos_;
            pos_ = 0;
        }
        const std::size_t old = buffer_.size();
        buffer_.resize(old + kChunk);
        const std::size_t got = source_.read(buffer_.data() + old, kChunk);
        buffer_.resize(old + got);
        return got > 0;
    }

    ByteSource& source_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::uint64_t dropped_ = 0;  // bytes before buffer_[0]
};

struct HttpResponse {
    int status = 0;
    Headers headers;
    std::size_t body_offset = 0;  // in the record's block
};

// The HTTP head at the start of a response record's block; nothing when it is not there.
std::optional<HttpResponse> http_head(std::string_view block) {
    std::size_t end = block.find("\r\n\r\n");
    std::size_t gap = 4;
    if (end == std::string_view::npos) {
        end = block.find("\n\n");
        gap = 2;
    }
    if (end == std::string_view::npos || !block.starts_with("HTTP/")) return std::nullopt;
    HttpResponse response;
    response.body_offset = end + gap;
    std::string_view head = block.substr(0, end);
    const auto first = std::min(head.find('\n'), head.size());
    const std::string_view status_line = trim(head.substr(0, first));
    const auto space = status_line.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view code = status_line.substr(space + 1, 3);
    if (std::from_chars(code.data(), code.data() + code.size(), response.status).ec != std::errc{}) return std::nullopt;
    head.remove_prefix(std::min(first + 1, head.size()));
    while (!head.empty()) {
        const auto eol = std::min(head.find('\n'), head.size());
        add_header(trim(head.substr(0, eol)), response.headers);
        head.remove_prefix(std::min(eol + 1, head.size()));
    }
    return response;
}

bool is_html(const std::string& content_type) {
    const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
    return type == "text/html" || type == "application/xhtml+xml";
}

// charset=... in a Content-Type, or in a page's first kilobyte (<meta charset>, or the
// http-equiv form); lower case, without quotes.
std::string charset_in(std::string_view text) {
    const std::string lowered = lower(text);
    const auto at = lowered.find("charset=");
    if (at == std::string::npos) return {};
    std::string_view value = std::string_view(lowered).substr(at + 8);
    while (!value.empty() && (value.front() == '"' || value.front() == '\'')) value.remove_prefix(1);
    const auto end = value.find_first_of("\"'; >/\t\r\n");
    return std::string(value.substr(0, end));
}

std::string dechunked(std::string_view body) {
    std::string out;
    for (;;) {
        const auto eol = body.find('\n');
        if (eol == std::string_view::npos) throw std::invalid_argument("chunked body cut short");
        const std::string_view size_text = trim(body.substr(0, std::min(body.find(';'), eol)));
        std::size_t size = 0;
        const auto [end, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
        if (ec != std::errc{} || end != size_text.data() + size_text.size() || size_text.empty())
            throw std::invalid_argument("malformed chunk size in a chunked body");
        body.remove_prefix(eol + 1);
        if (size == 0) return out;
        if (size > body.size()) throw std::invalid_argument("chunked body cut short");
        out.append(body.substr(0, size));
        body.remove_prefix(size);
        if (body.starts_with("\r\n")) body.remove_prefix(2);
        else if (body.starts_with("\n")) body.remove_prefix(1);
    }
}

// The page as UTF-8: transfer and content encodings undone, the charset converted.
std::string page_text(const HttpResponse& response, std::string_view block, const ReaderLimits& limits) {
    std::string body(block.substr(response.body_offset));
    if (lower(header(response.headers, "transfer-encoding")).find("chunked") != std::string::npos) body = dechunked(body);
    const std::string encoding = lower(header(response.headers, "content-encoding"));
    if (encoding == "gzip" || encoding == "x-gzip")
        body = decompress(body, limits.max_record_bytes, GzipSource::Wrapper::gzip);
    else if (encoding == "deflate")
        body = decompress(body, limits.max_record_bytes, GzipSource::Wrapper::zlib_or_gzip);
    else if (!encoding.empty() && encoding != "identity")
        throw std::invalid_argument("page in Content-Encoding \"" + encoding + "\", which is not read");

    std::string charset = charset_in(header(response.headers, "content-type"));
    if (charset.empty()) charset = charset_in(std::string_view(body).substr(0, 1024));
    if (charset.empty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii") {
        if (!find_invalid_utf8(body)) return body;
        // Undeclared: the web's default (the HTML standard's windows-1252). Declared UTF-8
        // and spoilt: the faults become U+FFFD, the rest of the page is kept.
        if (charset.empty()) return to_utf8(body, "windows-1252");
        return replace_invalid_utf8(body);
    }
    return to_utf8(body, charset);
}

std::string target_uri(const Headers& headers) {
    std::string uri = header(headers, "warc-target-uri");
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);  // WARC 1.0's form
    return uri;
}

Article page_article(const Headers& headers, const HttpResponse& response, std::string_view block,
                     const ReaderLimits& limits) {
    const std::string uri = target_uri(headers);
    if (uri.empty()) throw std::invalid_argument("response record without WARC-Target-URI");
    if (const auto fault = find_invalid_utf8(uri))
        throw std::invalid_argument("WARC-Target-URI is not UTF-8 text (byte " + std::to_string(*fault) + ")");
    Article article = parse_html_document(page_text(response, block, limits), uri);
    article.url = uri;
    if (!article.date) {
        article.date = parse_iso_day(header(headers, "warc-date"));
    }
    return article;
}

// The start of the next record inside bytes read as this one's, when its length lied.
std::optional<std::size_t> next_record_in(std::string_view block) {
    const auto at = block.find("\nWARC/1.");
    if (at == std::string_view::npos) return std::nullopt;
    return at + 1;
}

class WarcReader {
public:
    WarcReader(ByteSource& bytes, const std::string& where, const ReaderLimits& limits, const ArticleSink& on_article,
               const ProblemSink& on_problem)
        : in_(bytes), where_(where), limits_(limits), on_article_(on_article), on_problem_(on_problem) {}

    ReadCounts read() {
        bool lost = false;  // between records, after a framing problem: looking for the next one
        while (auto version = next_line()) {
            if (!version->starts_with("WARC/")) {
                if (!lost) problem_after("expected a WARC record's version line (WARC/1.x)");
                lost = true;
                continue;
            }
            ++record_;
            lost = !read_record();
            report_damage(in_.position());
        }
        report_damage(UINT64_MAX);
        return counts_;
    }

    /// For the gzip layer, which decompresses ahead of the records: damage is reported at
    /// the record whose bytes reach it.
    void damage(std::uint64_t offset, std::string&& reason) { damage_.push_back({offset, std::move(reason)}); }

private:
    void report_damage(std::uint64_t up_to) {
        while (!damage_.empty() && damage_.front().offset < up_to) {
            problem(std::move(damage_.front().reason));
            damage_.pop_front();
        }
    }

    std::optional<std::string> next_line() {
        for (;;) {
            auto line = in_.line(kMaxHeaderLine);
            if (!line || !trim(*line).empty()) return line;
        }
    }

    void problem(std::string reason) {
        on_problem_({where_ + ":record " + std::to_string(std::max<std::size_t>(record_, 1)), std::move(reason)});
    }
    void problem_after(std::string reason) {
        on_problem_({where_ + ":after record " + std::to_string(record_), std::move(reason)});
    }

    // One record after its version line; false when its framing was wrong (the caller then
    // looks for the next version line).
    bool read_record() {
        Headers headers;
        std::size_t header_bytes = 0;
        for (;;) {
            auto line = in_.line(kMaxHeaderLine);
            if (!line) {
                problem("record header cut short by the end of the file");
                return false;
            }
            if (line->empty()) break;
            header_bytes += line->size();
            if (header_bytes > kMaxHeaderBytes || !add_header(*line, headers)) {
                problem(header_bytes > kMaxHeaderBytes ? "record header larger than " + std::to_string(kMaxHeaderBytes) +
                                                             " bytes"
                                                       : "malformed record header line");
                return false;
            }
        }
        const auto length = parse_length(header(headers, "content-length"));
        if (!length) {
            problem("record without a valid Content-Length");
            return false;
        }

        std::string block;  // held only for an HTML page
        std::optional<HttpResponse> response;
        std::uint64_t got = 0;
        const bool http_response = lower(header(headers, "warc-type")) == "response" &&
                                   lower(header(headers, "content-type")).starts_with("application/http");
        if (http_response) {
            block = in_.take(static_cast<std::size_t>(std::min<std::uint64_t>(*length, kHttpHeadBytes)));
            response = http_head(block);
            if (response && response->status == 200 && is_html(header(response->headers, "content-type"))) {
                if (*length > limits_.max_record_bytes) {
                    got = block.size() + in_.skip(*length - block.size());
                    block.clear();
                    if (got == *length && in_.at_record_start())
                        problem("page of " + std::to_string(*length) + " bytes exceeds the limit of " +
                                std::to_string(limits_.max_record_bytes));
                    response.reset();
                } else {
                    block += in_.take(static_cast<std::size_t>(*length - block.size()));
                    got = block.size();
                }
            } else {
                response.reset();
                got = block.size() + in_.skip(*length - block.size());
                block.clear();
            }
        } else {
            got = in_.skip(*length);
        }

        if (got < *length || !in_.at_record_start()) {
            problem(got < *length ? "Content-Length " + std::to_string(*length) + " but the file ends " +
                                        std::to_string(got) + " bytes into the record"
                                  : "Content-Length " + std::to_string(*length) +
                                        " does not end where the record does (no WARC record follows)");
            if (const auto next = next_record_in(block)) {
                in_.unread(std::string_view(block).substr(*next));
                return true;  // the next record's version line is next in the stream
            }
            return false;
        }
        if (!response) {
            ++counts_.other_records;
            return true;
        }
        try {
            on_article_(page_article(headers, *response, block, limits_));
        } catch (const std::invalid_argument& e) {
            problem(e.what());
        }
        return true;
    }

    RecordStream in_;
    const std::string& where_;
    const ReaderLimits& limits_;
    const ArticleSink& on_article_;
    const ProblemSink& on_problem_;
    std::size_t record_ = 0;
    ReadCounts counts_;
    struct Damage {
        std::uint64_t offset;  // in the decompressed stream
        std::string reason;
    };
    std::deque<Damage> damage_;
};

bool starts_gzip(std::string_view bytes) { return bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b'; }

// Reading from a source whose first bytes were taken to tell gzip from plain WARC.
class PrefixedSource final : public ByteSource {
public:
    PrefixedSource(std::string prefix, ByteSource& rest) : prefix_(std::move(prefix)), rest_(rest) {}
    std::size_t read(char* out, std::size_t size) override {
        if (at_ < prefix_.size()) {
            const std::size_t n = std::min(size, prefix_.size() - at_);
            std::copy_n(prefix_.data() + at_, n, out);
            at_ += n;
            return n;
        }
        return rest_.read(out, size);
    }

private:
    std::string prefix_;
    std::size_t at_ = 0;
    ByteSource& rest_;
};

}  // namespace

ReadCounts read_warc(ByteSource& bytes, const std::string& where, const ReaderLimits& limits,
                     const ArticleSink& on_article, const ProblemSink& on_problem) {
    std::string magic(2, '\0');
    magic.resize(bytes.read(magic.data(), 2));
    if (magic.size() == 1) magic.resize(1 + bytes.read(magic.data() + 1, 1));
    PrefixedSource source(magic, bytes);
    if (!starts_gzip(magic)) return WarcReader(source, where, limits, on_article, on_problem).read();
    WarcReader* reader = nullptr;  // the gzip layer reports damage at the record being read
    GzipSource inflated(source, [&reader](std::uint64_t offset, std::string&& reason) {
        reader->damage(offset, std::move(reason));
    });
    WarcReader warc(inflated, where, limits, on_article, on_problem);
    reader = &warc;
    return warc.read();
}

ReadCounts parse_warc(std::string_view content, const std::string& where, const ReaderLimits& limits,
                      const ArticleSink& on_article, const ProblemSink& on_problem) {
    MemorySource source(content);
    return read_warc(source, where, limits, on_article, on_problem);
}

}  // namespace dateline::index

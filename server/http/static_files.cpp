#include "http/static_files.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dateline::http {
namespace fs = std::filesystem;
namespace {

bool has_hidden_or_parent_segment(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const std::string_view segment = path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
        if (!segment.empty() && segment.front() == '.') return true;  // "..", ".git", ".env"
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return false;
}

bool is_within(const fs::path& root, const fs::path& candidate) {
    auto r = root.begin(), c = candidate.begin();
    for (; r != root.end(); ++r, ++c)
        if (c == candidate.end() || *r != *c) return false;
    return true;
}

std::string etag_for(const fs::path& file, std::uintmax_t size) {
    std::error_code ec;
    const auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
    std::ostringstream tag;
    tag << '"' << std::hex << size << '-' << mtime << '"';
    return tag.str();
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec || !fs::is_directory(root_)) throw std::runtime_error(root.string() + ": web root is not a directory");
}

std::optional<fs::path> StaticFiles::resolve(std::string_view url_path) const {
    if (url_path.empty() || url_path.front() != '/' || url_path.find('\0') != std::string_view::npos ||
        url_path.find('\\') != std::string_view::npos || has_hidden_or_parent_segment(url_path))
        return std::nullopt;
    fs::path candidate = root_ / fs::path(url_path.substr(1));
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) candidate /= "index.html";
    // canonical() follows symlinks, so a link pointing out of the root is caught here.
    const fs::path real = fs::canonical(candidate, ec);
    if (ec || !is_within(root_, real) || !fs::is_regular_file(real, ec)) return std::nullopt;
    return real;
}

std::string_view StaticFiles::mime_type(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html" || ext == ".htm") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".woff2") return "font/woff2";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    if (ext == ".yaml" || ext == ".yml") return "application/yaml";
    return "application/octet-stream";
}

Response StaticFiles::serve(const Request& request, std::string_view url_path) const {
    const auto file = resolve(url_path);
    if (!file) return make_response(request, Status::not_found, "text/plain; charset=utf-8", "not found\n");
    std::error_code ec;
    const auto size = fs::file_size(*file, ec);
    const std::string etag = etag_for(*file, ec ? 0 : size);
    const bool html = file->extension() == ".html";
    if (request[beast_http::field::if_none_match] == etag) {
        Response response = make_response(request, Status::not_modified, mime_type(*file), "");
        response.set(beast_http::field::etag, etag);
        return response;
    }
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return make_response(request, Status::not_found, "text/plain; charset=utf-8", "not found\n");
    Response response = make_response(request, Status::ok, mime_type(*file), std::move(content).str());
    response.set(beast_http::field::etag, etag);
    // The page itself is revalidated every time so a new release shows at once; assets
    // may be reused briefly and are revalidated by ETag after that.
    response.set(beast_http::field::cache_control, html ? "no-cache" : "public, max-age=300");
    return response;
}

}  // namespace dateline::http

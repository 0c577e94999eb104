// Serves the page under the web root: nothing outside it, ever.
#pragma once

#include "http/types.h"

#include <filesystem>
#include <optional>
#include <string_view>

namespace dateline::http {

class StaticFiles {
public:
    /// Throws std::runtime_error when `root` is not a readable directory.
    explicit StaticFiles(const std::filesystem::path& root);

    /// The file for a decoded URL path, or nothing when it is outside the root, hidden,
    /// missing, or not a regular file. "/" and directories map to their index.html.
    std::optional<std::filesystem::path> resolve(std::string_view url_path) const;

    /// 200 with the file (ETag, Cache-Control, Content-Type), 304 when If-None-Match
    /// matches, 404 when resolve() finds nothing.
    Response serve(const Request& request, std::string_view url_path) const;

    /// The Content-Type for a file name, by extension.
    static std::string_view mime_type(const std::filesystem::path& file);

private:
    std::filesystem::path root_;  // canonical
};

}  // namespace dateline::http

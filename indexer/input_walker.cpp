#include "input_walker.h"

#include "core/utf8.h"

#include <algorithm>

namespace dateline::index {
namespace fs = std::filesystem;
namespace {

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name.front() == '.';
}

// A file's name becomes its documents' id and lands in JSON: one that is not UTF-8 is
// reported (with U+FFFD for its bad bytes, so the report itself stays UTF-8) and skipped.
bool has_utf8_name(const fs::path& file, const ProblemSink& on_problem) {
    const std::string name = file.string();
    if (!find_invalid_utf8(name)) return true;
    on_problem({replace_invalid_utf8(name), "file name is not valid UTF-8 (rename the file to index it)"});
    return false;
}

InputFile make_input(const fs::path& file, const fs::path& root) {
    InputFile input;
    input.path = file;
    input.format = format_of(file);
    input.default_id = file.lexically_relative(root).generic_string();
    input.input_key = input_key_of(file);
    return input;
}

void walk_directory(const fs::path& root, std::vector<InputFile>& out, const ProblemSink& on_problem) {
    std::vector<fs::path> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        on_problem({root.string(), "cannot list directory: " + ec.message()});
        return;
    }
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
            on_problem({root.string(), "cannot list directory: " + ec.message()});
            return;
        }
        if (is_hidden(it->path())) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (format_of(it->path()) == InputFormat::unknown) continue;
        // A symlink loop or a dangling link: said, not silently passed over.
        std::error_code file_ec;
        if (it->is_symlink(file_ec) && !fs::exists(it->path(), file_ec)) {
            on_problem({replace_invalid_utf8(it->path().string()),
                        "cannot read: " + (file_ec ? file_ec.message() : std::string("dangling symbolic link"))});
            continue;
        }
        if (it->is_regular_file(file_ec) && has_utf8_name(it->path(), on_problem)) found.push_back(it->path());
    }
    // Name order makes ids and runs reproducible whatever order the file system lists.
    std::sort(found.begin(), found.end());
    for (const auto& file : found) out.push_back(make_input(file, root));
}

}  // namespace

std::string input_key_of(const fs::path& path) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(path, ec);
    std::string key = (ec ? path : absolute).lexically_normal().generic_string();
    if (key.size() > 1 && key.back() == '/') key.pop_back();
    return key;
}

std::vector<InputFile> list_input_files(const std::vector<fs::path>& inputs, const ProblemSink& on_problem) {
    std::vector<InputFile> out;
    for (const auto& input : inputs) {
        std::error_code ec;
        const auto status = fs::status(input, ec);
        if (ec || !fs::exists(status)) {
            on_problem({input.string(), "no such file or directory"});
        } else if (fs::is_directory(status)) {
            walk_directory(input, out, on_problem);
        } else if (format_of(input) == InputFormat::unknown) {
            on_problem({input.string(), "unknown input format (expected " + std::string(kKnownExtensions) + ")"});
        } else if (has_utf8_name(input, on_problem)) {
            out.push_back(make_input(input, input.parent_path()));
        }
    }
    return out;
}

}  // namespace dateline::index

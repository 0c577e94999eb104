#include "core/data_files.h"

#include <fstream>
#include <stdexcept>
#include <string_view>

namespace dateline {
namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace

void data_error(const std::filesystem::path& path, std::size_t line, const std::string& reason) {
    throw std::runtime_error(path.string() + ":" + std::to_string(line) + ": " + reason);
}

std::vector<DataLine> read_data_file(const std::filesystem::path& path, std::size_t min_fields,
                                     std::size_t max_fields) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path.string() + ": cannot open");
    std::vector<DataLine> lines;
    std::string raw;
    std::size_t n = 0;
    while (std::getline(in, raw)) {
        ++n;
        const std::string t = trim(raw);
        if (t.empty() || t[0] == '#') continue;
        DataLine dl;
        dl.line = n;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = raw.find('\t', start);
            dl.fields.push_back(trim(std::string_view(raw).substr(
                start, tab == std::string::npos ? std::string::npos : tab - start)));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        while (!dl.fields.empty() && dl.fields.back().empty()) dl.fields.pop_back();
        if (dl.fields.size() < min_fields || dl.fields.size() > max_fields)
            data_error(path, n, "expected " + std::to_string(min_fields) + ".." +
                                    std::to_string(max_fields) + " tab-separated fields, got " +
                                    std::to_string(dl.fields.size()));
        for (const auto& f : dl.fields)
            if (f.empty()) data_error(path, n, "empty field");
        lines.push_back(std::move(dl));
    }
    return lines;
}

}  // namespace dateline

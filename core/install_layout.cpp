#include "core/install_layout.h"

#include <cstdlib>
#include <system_error>

#ifndef DATELINE_DEFAULT_DATA_DIR
#define DATELINE_DEFAULT_DATA_DIR "indexer/extract/data"
#endif

namespace dateline {

std::optional<std::filesystem::path> installed_share_dir() {
    std::error_code error;
    // /proc/self/exe names the binary itself, whatever PATH or symlink started it.
    const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return std::nullopt;
    const auto share = program.parent_path().parent_path() / "share" / "dateline";
    // A build tree has no share/dateline beside bin/: only an installed tree does.
    if (program.parent_path().filename() != "bin" || !std::filesystem::is_directory(share, error)) {
        return std::nullopt;
    }
    return share;
}

std::filesystem::path shared_files_dir(const std::filesystem::path& subdir,
                                       const std::filesystem::path& build_tree_path) {
    if (const auto share = installed_share_dir()) return *share / subdir;
    return build_tree_path;
}

std::filesystem::path default_data_dir() {
    if (const char* env = std::getenv("DATELINE_DATA_DIR"); env && *env) return env;
    return shared_files_dir("data", DATELINE_DEFAULT_DATA_DIR);
}

}  // namespace dateline

// Where an installed program finds its shared files (extraction data, the page, the sample):
// beside its own binary, so that a package works wherever its prefix is.
#pragma once

#include <filesystem>
#include <optional>

namespace dateline {

/// The installed tree's `share/dateline` directory, found from the running program's own
/// location (`<prefix>/bin/program` → `<prefix>/share/dateline`); nothing when the program
/// runs from a build tree, where the source tree's files serve instead.
std::optional<std::filesystem::path> installed_share_dir();

/// `subdir` of the installed share directory when there is one, else `build_tree_path` (a
/// path compiled in by the build, inside the source tree).
std::filesystem::path shared_files_dir(const std::filesystem::path& subdir,
                                       const std::filesystem::path& build_tree_path);

/// The directory holding the bundled data files when no other is configured: the
/// DATELINE_DATA_DIR environment variable, else an installed program's share/dateline/data,
/// else the source tree's, compiled into the build.
std::filesystem::path default_data_dir();

}  // namespace dateline

#include "input_state.h"

#include "core/fnv1a.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>

namespace dateline::index {

std::string InputState::encode() const {
    char buf[80];
    std::snprintf(buf, sizeof buf, "%" PRIu64 " %" PRId64 " %016" PRIx64, size, mtime_ns, hash);
    return buf;
}

std::optional<InputState> InputState::decode(std::string_view text) {
    InputState state;
    const std::string copy(text);
    int consumed = 0;
    if (std::sscanf(copy.c_str(), "%" SCNu64 " %" SCNd64 " %" SCNx64 "%n", &state.size, &state.mtime_ns, &state.hash,
                    &consumed) != 3 ||
        static_cast<std::size_t>(consumed) != copy.size())
        return std::nullopt;
    return state;
}

std::optional<InputState> stat_input(const std::filesystem::path& file) {
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) return std::nullopt;
    InputState state;
    state.size = static_cast<std::uint64_t>(info.st_size);
    state.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    return state;
}

std::optional<std::uint64_t> hash_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    Fnv1a64 hash;
    char buffer[1 << 16];
    while (in) {
        in.read(buffer, sizeof buffer);
        hash.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return std::nullopt;
    return hash.value();
}

}  // namespace dateline::index

#include "readers/byte_source.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace dateline::index {

FileSource::FileSource(const std::filesystem::path& file) : file_(std::fopen(file.c_str(), "rb")) {
    if (!file_) throw std::invalid_argument("cannot open for reading");
}

FileSource::~FileSource() { std::fclose(file_); }

std::size_t FileSource::read(char* out, std::size_t size) {
    const std::size_t got = std::fread(out, 1, size, file_);
    if (got == 0 && std::ferror(file_)) throw std::invalid_argument("read error");
    return got;
}

std::size_t MemorySource::read(char* out, std::size_t size) {
    const std::size_t n = std::min(size, rest_.size());
    if (n > 0) std::memcpy(out, rest_.data(), n);
    rest_.remove_prefix(n);
    return n;
}

}  // namespace dateline::index

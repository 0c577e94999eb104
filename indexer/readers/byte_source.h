// Bytes read in pieces from a file or from memory, for readers that stream their input.
#pragma once

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace dateline::index {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Up to `size` bytes into `out`; 0 only at the end. Throws std::invalid_argument on a
    /// read error.
    virtual std::size_t read(char* out, std::size_t size) = 0;
};

class FileSource final : public ByteSource {
public:
    /// Throws std::invalid_argument when the file cannot be opened.
    explicit FileSource(const std::filesystem::path& file);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    std::size_t read(char* out, std::size_t size) override;

private:
    std::FILE* file_;
};

/// `content` must outlive the source.
class MemorySource final : public ByteSource {
public:
    explicit MemorySource(std::string_view content) : rest_(content) {}
    std::size_t read(char* out, std::size_t size) override;

private:
    std::string_view rest_;
};

}  // namespace dateline::index

// gzip decompression as a stream (zlib), over any number of concatenated members.
#pragma once

#include "readers/byte_source.h"

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace dateline::index {

/// Reads the decompressed bytes of `compressed`: every gzip member in turn, as WARC
/// writers (wget, Heritrix, Browsertrix) write one member per record, and as `cat a.gz b.gz`
/// makes one stream. A damaged member is reported to `on_damage` (with the compressed byte
/// offset, and the decompressed offset where the member began) and reading goes on at the next
/// member's header; a member cut short by the end of the input is reported and ends the stream. Holds 64 KiB buffers, whatever the size.
class GzipSource final : public ByteSource {
public:
    enum class Wrapper { gzip, zlib_or_gzip };  // zlib_or_gzip: HTTP's "deflate" too
    using DamageSink = std::function<void(std::uint64_t decompressed_offset, std::string&& reason)>;

    GzipSource(ByteSource& compressed, DamageSink on_damage, Wrapper wrapper = Wrapper::gzip);
    ~GzipSource() override;
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;
    std::size_t read(char* out, std::size_t size) override;

private:
    bool refill();   // more compressed input; false at its end
    bool resync();   // to the next member header; false when none is left
    std::uint64_t offset() const { return consumed_before_ + (filled_ - stream_.avail_in); }

    ByteSource& compressed_;
    DamageSink on_damage_;
    std::vector<unsigned char> in_;
    z_stream stream_{};
    bool in_member_ = false;  // part of a member read, its end not yet
    bool ended_ = false;
    std::uint64_t consumed_before_ = 0;  // compressed bytes before in_'s current contents
    std::size_t filled_ = 0;             // bytes of in_ holding input
    std::uint64_t produced_ = 0;         // decompressed bytes returned so far
    std::uint64_t member_start_ = 0;     // decompressed offset where the current member began
};

/// The whole decompressed content of `compressed`, at most `max_bytes`; throws
/// std::invalid_argument for damage or a larger result.
std::string decompress(std::string_view compressed, std::size_t max_bytes, GzipSource::Wrapper wrapper);

}  // namespace dateline::index

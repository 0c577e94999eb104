#include "readers/gzip_source.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <new>
#include <stdexcept>

namespace dateline::index {
namespace {

constexpr std::size_t kBufferBytes = 64u << 10;

bool is_member_header(const unsigned char* at) { return at[0] == 0x1f && at[1] == 0x8b && at[2] == 0x08; }

}  // namespace

GzipSource::GzipSource(ByteSource& compressed, DamageSink on_damage, Wrapper wrapper)
    : compressed_(compressed), on_damage_(std::move(on_damage)), in_(kBufferBytes) {
    // 16 + 15: a gzip wrapper and the largest window; 32 + 15: detect zlib or gzip.
    const int window_bits = wrapper == Wrapper::gzip ? 16 + MAX_WBITS : 32 + MAX_WBITS;
    if (inflateInit2(&stream_, window_bits) != Z_OK) throw std::bad_alloc();
}

GzipSource::~GzipSource() { inflateEnd(&stream_); }

bool GzipSource::refill() {
    const std::size_t keep = stream_.avail_in;
    consumed_before_ += filled_ - keep;
    if (keep > 0) std::memmove(in_.data(), stream_.next_in, keep);
    const std::size_t got = compressed_.read(reinterpret_cast<char*>(in_.data()) + keep, in_.size() - keep);
    filled_ = keep + got;
    stream_.next_in = in_.data();
    stream_.avail_in = static_cast<uInt>(filled_);
    return got > 0;
}

bool GzipSource::resync() {
    // One byte on, so that the damaged member's own header is not found again.
    if (stream_.avail_in > 0) {
        ++stream_.next_in;
        --stream_.avail_in;
    }
    for (;;) {
        for (std::size_t i = 0; i + 3 <= stream_.avail_in; ++i) {
            if (!is_member_header(stream_.next_in + i)) continue;
            stream_.next_in += i;
            stream_.avail_in -= static_cast<uInt>(i);
            inflateReset(&stream_);
            in_member_ = false;
            return true;
        }
        // Keep the last two bytes: a header may straddle two reads.
        const uInt keep = std::min<uInt>(2, stream_.avail_in);
        stream_.next_in += stream_.avail_in - keep;
        stream_.avail_in = keep;
        if (!refill()) return false;
    }
}

std::size_t GzipSource::read(char* out, std::size_t size) {
    if (ended_ || size == 0) return 0;
    const uInt wanted = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = wanted;
    while (stream_.avail_out == wanted) {
        if (stream_.avail_in == 0 && !refill()) {
            if (in_member_)
                on_damage_(member_start_, "truncated gzip member: the input ends at compressed byte " + std::to_string(offset()) +
                           " inside it");
            ended_ = true;
            break;
        }
        if (!in_member_) member_start_ = produced_ + (wanted - stream_.avail_out);
        const int status = inflate(&stream_, Z_NO_FLUSH);
        in_member_ = true;
        if (status == Z_STREAM_END) {
            inflateReset(&stream_);
            in_member_ = false;
        } else if (status == Z_MEM_ERROR) {
            throw std::bad_alloc();
        } else if (status != Z_OK && status != Z_BUF_ERROR) {
            on_damage_(member_start_, "damaged gzip member at compressed byte " + std::to_string(offset()) + ": " +
                       (stream_.msg ? stream_.msg : "data error"));
            if (!resync()) {
                ended_ = true;
                break;
            }
        }
    }
    produced_ += wanted - stream_.avail_out;
    return wanted - stream_.avail_out;
}

std::string decompress(std::string_view compressed, std::size_t max_bytes, GzipSource::Wrapper wrapper) {
    MemorySource source(compressed);
    std::string damage;
    GzipSource inflated(source, [&damage](std::uint64_t, std::string&& reason) { if (damage.empty()) damage = std::move(reason); },
                        wrapper);
    std::string out;
    char buffer[16384];
    while (const std::size_t got = inflated.read(buffer, sizeof buffer)) {
        if (out.size() + got > max_bytes)
            throw std::invalid_argument("decompresses to more than the limit of " + std::to_string(max_bytes) + " bytes");
        out.append(buffer, got);
    }
    if (!damage.empty()) throw std::invalid_argument(damage);
    return out;
}

}  // namespace dateline::index

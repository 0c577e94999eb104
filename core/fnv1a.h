// FNV-1a 64: the one fixed, platform-independent hash Dateline stores or routes by (content
// hashes of input files, the shard of a document id). std::hash is neither fixed nor portable.
#pragma once

#include <cstdint>
#include <string_view>

namespace dateline {

/// Incremental FNV-1a 64: feed bytes in any number of pieces, read value().
class Fnv1a64 {
public:
    void update(std::string_view bytes) noexcept {
        for (const char c : bytes) {
            state_ ^= static_cast<unsigned char>(c);
            state_ *= 0x100000001b3ull;
        }
    }
    std::uint64_t value() const noexcept { return state_; }

private:
    std::uint64_t state_ = 0xcbf29ce484222325ull;
};

/// FNV-1a 64 of `bytes` in one piece.
inline std::uint64_t fnv1a64(std::string_view bytes) noexcept {
    Fnv1a64 hash;
    hash.update(bytes);
    return hash.value();
}

}  // namespace dateline

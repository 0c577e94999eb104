#include "near_duplicates.h"

#include "core/fnv1a.h"

#include <algorithm>
#include <bit>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace dateline::index {
namespace {

// splitmix64's finaliser: a fixed, well-mixing 64-bit permutation. Seeded per hash function,
// it gives the kMinHashes independent hashes of a shingle from its one FNV-1a value.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

constexpr std::size_t kBucketNeighbours = 64;

bool is_word_byte(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// The distinct shingle hashes of a text: each run of kShingleWords words, or the whole text
// when it has fewer words.
std::vector<std::uint64_t> shingle_hashes(std::string_view title, std::string_view body) {
    std::vector<std::string> words = shingle_words(title);
    for (auto& word : shingle_words(body)) words.push_back(std::move(word));
    std::vector<std::uint64_t> hashes;
    if (words.empty()) return hashes;
    const std::size_t runs = words.size() >= kShingleWords ? words.size() - kShingleWords + 1 : 1;
    hashes.reserve(runs);
    for (std::size_t start = 0; start < runs; ++start) {
        Fnv1a64 hash;
        for (std::size_t i = start; i < std::min(words.size(), start + kShingleWords); ++i) {
            hash.update(words[i]);
            hash.update(" ");
        }
        hashes.push_back(hash.value());
    }
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    return hashes;
}

// Union-find over indices; a component is named by its smallest index.
class Components {
public:
    explicit Components(std::size_t size) : parent_(size) { std::iota(parent_.begin(), parent_.end(), 0); }
    std::size_t find(std::size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void join(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::size_t> parent_;
};

}  // namespace

std::vector<std::string> shingle_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_word_byte(byte)) {
            word += (byte >= 'A' && byte <= 'Z') ? static_cast<char>(byte - 'A' + 'a') : c;
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

NearDuplicateSignature minhash_signature(std::string_view title, std::string_view body) {
    const auto hashes = shingle_hashes(title, body);
    NearDuplicateSignature signature;
    signature.shingles = static_cast<std::uint32_t>(std::min<std::size_t>(hashes.size(), UINT32_MAX));
    if (hashes.empty()) return signature;
    std::array<std::uint64_t, kMinHashes> minima;
    minima.fill(UINT64_MAX);
    for (const std::uint64_t hash : hashes)
        for (std::size_t i = 0; i < kMinHashes; ++i) minima[i] = std::min(minima[i], mix(hash ^ mix(i)));
    for (std::size_t i = 0; i < kMinHashes; ++i) signature.minima[i] = static_cast<std::uint8_t>(minima[i]);
    return signature;
}

std::uint64_t simhash(std::string_view title, std::string_view body) {
    std::array<int, 64> votes{};
    for (const std::uint64_t hash : shingle_hashes(title, body)) {
        const std::uint64_t bits = mix(hash);
        for (int bit = 0; bit < 64; ++bit) votes[bit] += ((bits >> bit) & 1) ? 1 : -1;
    }
    std::uint64_t result = 0;
    for (int bit = 0; bit < 64; ++bit)
        if (votes[bit] > 0) result |= std::uint64_t{1} << bit;
    return result;
}

double estimated_resemblance(const NearDuplicateSignature& a, const NearDuplicateSignature& b) {
    if (a.shingles == 0 || b.shingles == 0) return 0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < kMinHashes; ++i) equal += a.minima[i] == b.minima[i];
    // b-bit MinHash (Li and König): P(equal byte) = R + (1 - R) / 256.
    constexpr double chance = 1.0 / 256;
    const double share = static_cast<double>(equal) / kMinHashes;
    return std::max(0.0, (share - chance) / (1 - chance));
}

bool are_copies(const NearDuplicateSignature& a, const NearDuplicateSignature& b) {
    return estimated_resemblance(a, b) >= kCopyResemblance;
}

std::string encode_signature(const NearDuplicateSignature& signature) {
    std::string value(4 + kMinHashes, '\0');
    for (int i = 0; i < 4; ++i) value[i] = static_cast<char>((signature.shingles >> (8 * i)) & 0xff);
    std::memcpy(value.data() + 4, signature.minima.data(), kMinHashes);
    return value;
}

std::optional<NearDuplicateSignature> decode_signature(std::string_view value) {
    if (value.size() != 4 + kMinHashes) return std::nullopt;
    NearDuplicateSignature signature;
    for (int i = 0; i < 4; ++i)
        signature.shingles |= static_cast<std::uint32_t>(static_cast<unsigned char>(value[i])) << (8 * i);
    std::memcpy(signature.minima.data(), value.data() + 4, kMinHashes);
    return signature;
}

std::vector<std::size_t> copy_components(const std::vector<NearDuplicateSignature>& signatures) {
    Components components(signatures.size());
    // One band at a time, so that memory is one key per text whatever the band count.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed;  // band key, index
    keyed.reserve(signatures.size());
    for (std::size_t band = 0; band < kBands; ++band) {
        keyed.clear();
        for (std::size_t i = 0; i < signatures.size(); ++i) {
            if (signatures[i].shingles == 0) continue;
            std::uint32_t key = 0;
            for (std::size_t row = 0; row < kBandRows; ++row)
                key = (key << 8) | signatures[i].minima[band * kBandRows + row];
            keyed.emplace_back(key, static_cast<std::uint32_t>(i));
        }
        std::sort(keyed.begin(), keyed.end());
        for (std::size_t start = 0; start < keyed.size();) {
            std::size_t end = start + 1;
            while (end < keyed.size() && keyed[end].first == keyed[start].first) ++end;
            // A bucket of thousands of identical texts would cost their square: each text is
            // compared with its next kBucketNeighbours only, which still joins a run of copies.
            for (std::size_t i = start; i < end; ++i)
                for (std::size_t j = i + 1; j < std::min(end, i + 1 + kBucketNeighbours); ++j) {
                    const std::size_t a = keyed[i].second, b = keyed[j].second;
                    if (components.find(a) != components.find(b) && are_copies(signatures[a], signatures[b]))
                        components.join(a, b);
                }
            start = end;
        }
    }
    std::vector<std::size_t> component(signatures.size());
    for (std::size_t i = 0; i < signatures.size(); ++i) component[i] = components.find(i);
    return component;
}

bool HeadOrder::operator<(const HeadOrder& other) const {
    if (day != other.day) {
        if (!day) return false;
        if (!other.day) return true;
        return *day < *other.day;
    }
    return id < other.id;
}

std::string cluster_id_of(std::string_view head_id) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, fnv1a64(head_id));
    return hex;
}

}  // namespace dateline::index

// Near-duplicate detection over article text: word shingles, a b-bit MinHash signature,
// LSH banding to find candidate pairs, and story clusters as the connected components of the
// pairs whose estimated resemblance reaches a threshold. Knows no database (story_clusters.h
// keeps the clusters of an index); the method and its measured thresholds are in
// scripts/bench/RESULTS.md ("Story clusters").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::index {

/// Words per shingle: a run of this many consecutive words is one feature of a text.
inline constexpr std::size_t kShingleWords = 3;
/// Hash functions of a signature; each keeps the lowest byte of its minimum (b-bit MinHash,
/// b = 8), so a signature is 64 bytes.
inline constexpr std::size_t kMinHashes = 64;
/// LSH: bands of kBandRows bytes; two texts are compared when one band is equal in both.
inline constexpr std::size_t kBandRows = 3;
inline constexpr std::size_t kBands = kMinHashes / kBandRows;  // 21; the 64th byte is in no band
/// Estimated resemblance (Jaccard of shingle sets) from which two texts are copies.
inline constexpr double kCopyResemblance = 0.5;

/// A text's MinHash signature. `shingles` is the number of distinct shingles: 0 for a text
/// without a word, which is no one's copy.
struct NearDuplicateSignature {
    std::uint32_t shingles = 0;
    std::array<std::uint8_t, kMinHashes> minima{};
    bool operator==(const NearDuplicateSignature&) const = default;
};

/// The words of `text` as shingles compare them: runs of ASCII letters and digits (and any
/// non-ASCII bytes), lower-cased; every other byte separates words, so that whitespace and
/// punctuation never tell two copies apart.
std::vector<std::string> shingle_words(std::string_view text);

/// The signature of an article's title and body, read as one text.
NearDuplicateSignature minhash_signature(std::string_view title, std::string_view body);
/// The SimHash (64 bits, shingles weighted by count) of the same text: the alternative that
/// RESULTS.md measures against MinHash.
std::uint64_t simhash(std::string_view title, std::string_view body);

/// Resemblance estimated from two signatures: the share of equal minima, corrected for the
/// 1/256 chance that two different minima share their lowest byte. 0 when either text has
/// no shingle.
double estimated_resemblance(const NearDuplicateSignature& a, const NearDuplicateSignature& b);
/// Whether two signatures are of copies of one story (estimated_resemblance >= kCopyResemblance).
bool are_copies(const NearDuplicateSignature& a, const NearDuplicateSignature& b);

/// 4 bytes of shingle count (little-endian), then the minima: what schema::kSlotNearDuplicate holds.
std::string encode_signature(const NearDuplicateSignature& signature);
/// Inverse of encode_signature(); nothing for a value of another length.
std::optional<NearDuplicateSignature> decode_signature(std::string_view value);

/// The connected components of the copy relation over `signatures`: component[i] is the
/// smallest index of i's component, so that i is alone when component[i] == i and no other
/// j has component[j] == i. Candidate pairs come from LSH bands, so two copies whose
/// signatures share no band are missed: 6 % of the pairs at resemblance 0.5, 0.6 % at 0.6,
/// one in 100,000 at 0.75 (1 - (1 - s^3)^21).
std::vector<std::size_t> copy_components(const std::vector<NearDuplicateSignature>& signatures);

/// What decides a story's head: the earliest publication day, then the smallest id (byte order).
struct HeadOrder {
    std::optional<std::int32_t> day;  // days since 1970-01-01; undated articles come last
    std::string id;
    bool operator<(const HeadOrder& other) const;
};

/// The cluster id of a story whose head has `head_id`: 16 hex digits of FNV-1a 64 of it.
std::string cluster_id_of(std::string_view head_id);

}  // namespace dateline::index

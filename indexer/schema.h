// The index layout: every term prefix, value slot and metadata key, with its encoding.
// The indexer writes only what is listed here and the server reads only what is listed
// here; a change to this file is a change of the on-disk format (bump kFormatVersion).
#pragma once

#include "date.h"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

/// Stored in the database metadata under kFormatKey; the server refuses other versions.
inline constexpr std::string_view kFormatVersion = "1";

// ---- Term prefixes (Omega conventions: single capitals reserved, custom ones X+caps) ----

/// Q + document id: the unique id term (boolean); replace_document() keys on it.
inline constexpr std::string_view kIdPrefix = "Q";
/// S + word: title words, with positions, for `title:` (free text, stemmed like the body).
inline constexpr std::string_view kTitlePrefix = "S";
/// D + YYYYMMDD, M + YYYYMM, Y + YYYY: publication day, month and year (boolean).
inline constexpr std::string_view kDayPrefix = "D";
inline constexpr std::string_view kMonthPrefix = "M";
inline constexpr std::string_view kYearPrefix = "Y";
/// The boolean term every document without a publication date carries.
inline constexpr std::string_view kUndatedTerm = "XUNDATED";
/// XS + speaker_key(name): one per speaker (boolean); the speaker facet's identity.
inline constexpr std::string_view kSpeakerPrefix = "XS";
/// XP + word: the words of speaker names (free text, unstemmed) for `speaker:`.
inline constexpr std::string_view kSpeakerWordPrefix = "XP";
/// XC + ISO 3166-1 alpha-2 code in lower case (boolean): `XCua`.
inline constexpr std::string_view kCountryPrefix = "XC";
/// XO + source name, lower-cased (boolean), for `source:`.
inline constexpr std::string_view kSourcePrefix = "XO";
/// XM + YYYY, XM + YYYYMM, XM + YYYYMMDD: a date mentioned in the text, at its own
/// precision, plus the coarser terms it implies (a day also gives its month and year).
inline constexpr std::string_view kMentionedPrefix = "XM";
/// XF + input key: which input file (or JSONL file) a document came from, so that a
/// reindex can find and delete documents whose source has gone.
inline constexpr std::string_view kInputPrefix = "XF";

// ---- Value slots ----

enum Slot : Xapian::valueno {
    /// Publication day as `YYYYMMDD` (sorts as text); empty when undated.
    kSlotDate = 0,
    /// The document's facets packed by encode_facets(): read by the server's column store.
    kSlotFacets = 1,
};

// ---- Metadata keys ----

/// The format version the database was written with.
inline constexpr std::string_view kFormatKey = "dateline:format";
/// ISO 8601 UTC time of the last completed indexer run.
inline constexpr std::string_view kLastUpdateKey = "dateline:last_update";
/// Prefix of per-input-file change records (size, mtime, content hash).
inline constexpr std::string_view kInputStateKeyPrefix = "dateline:input:";

// ---- Encodings ----

/// One speaker as stored with a document: the key that identifies it and the name shown.
struct SpeakerValue {
    std::string key;
    std::string name;
    bool operator==(const SpeakerValue&) const = default;
};

/// The facet values of one document, as packed into kSlotFacets.
struct FacetValues {
    std::optional<PartialDate> date;      // precision day
    std::vector<std::string> countries;   // upper-case ISO codes
    std::vector<SpeakerValue> speakers;
    bool operator==(const FacetValues&) const = default;
};

/// Thrown when a stored value does not decode: the database is corrupt or of another format.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Packs facets into a compact binary string (length-prefixed fields).
std::string encode_facets(const FacetValues& facets);
/// Inverse of encode_facets(); throws FormatError on malformed input.
FacetValues decode_facets(std::string_view packed);

// ---- Term builders: the only way the indexer and the server spell terms ----

std::string id_term(std::string_view doc_id);
std::string speaker_term(std::string_view key);
std::string country_term(std::string_view iso_code);  // case-insensitive input
std::string source_term(std::string_view source);
std::string day_term(const PartialDate& day);
std::string month_term(int year, int month);
std::string year_term(int year);
/// The XM terms of a mentioned date: its own precision and every coarser one.
std::vector<std::string> mentioned_terms(const PartialDate& date);
std::string input_term(std::string_view input_key);
/// The kSlotDate value of a publication date (empty for none).
std::string date_value(const std::optional<PartialDate>& date);

/// Xapian terms are at most 245 bytes; longer ids are hashed into a stable short form.
inline constexpr std::size_t kMaxTermBytes = 245;

}  // namespace dateline::schema

// The index layout: every term prefix, value slot and metadata key, with its encoding.
// The indexer writes only what is listed here and the server reads only what is listed
// here; a change to this file is a change of the on-disk format (bump kFormatVersion).
#pragma once

#include "core/date.h"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::schema {

/// Stored in the database metadata under kFormatKey; the server refuses other versions.
/// 2: the sort slot, the per-position facet slots, XOVERFLOW, shard and revision metadata.
/// 3: words only, no "Z" stem terms (the server expands stems into words at query time).
/// 4: words unaccented (dateline::unaccent): "zurich" for "Zürich", "strasse" for "Straße".
/// 5: story clusters (kSlotNearDuplicate, kSlotCluster, kClusterPrefix, kClustersPendingKey).
inline constexpr std::string_view kFormatVersion = "5";

// ---- Words ----
// Text is indexed as words, unaccented (dateline::unaccent: Latin letters lose their
// diacritics, other scripts are kept) and lower-cased, with positions
// (TermGenerator::STEM_NONE): the body and title unprefixed, the title again under
// kTitlePrefix, the words of speaker names under kSpeakerWordPrefix. There are no stem terms ("Z" +
// stem): a query's stems are expanded into the words that share them by the server
// (server/search/stem_expansion.h), so a query matches what stem terms would have matched.

// ---- Term prefixes (Omega conventions: single capitals reserved, custom ones X+caps) ----

/// Q + document id: the unique id term (boolean); replace_document() keys on it.
inline constexpr std::string_view kIdPrefix = "Q";
/// S + word: title words, with positions, for `title:` (free text, stemmed like the body at
/// query time).
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
/// XK + cluster id (16 hex digits, index::cluster_id_of): the boolean term of every article of
/// a story with two or more articles, for `cluster=` and a document's list of its copies. An
/// article alone in its story has none.
inline constexpr std::string_view kClusterPrefix = "XK";
/// The boolean term of a document with more than kFacetSlots speakers or countries (see
/// kFacetSlots): the remote facet path counts its values past the slots from kSlotFacets.
inline constexpr std::string_view kFacetOverflowTerm = "XOVERFLOW";

// ---- Value slots ----

enum Slot : Xapian::valueno {
    /// Publication day as `YYYYMMDD` (sorts as text); empty when undated.
    kSlotDate = 0,
    /// The document's facets packed by encode_facets(): read by the server's column store.
    kSlotFacets = 1,
    /// Publication day as `YYYYMMDD`, or `~` when undated, so that an ascending sort by value
    /// lists undated documents last (oldest first). A slot, not a KeyMaker over kSlotDate,
    /// because Xapian's remote backend cannot run KeyMakers.
    kSlotDateUndatedLast = 2,
    /// The article as read, before extraction, with the input file it came from: 16 hex
    /// digits of FNV-1a 64 (article_digest()). A run that reads an article again as it was
    /// leaves its document alone, so that a changed file rewrites only its changed articles.
    /// A document without it (written by an earlier indexer) is rewritten once.
    kSlotArticleDigest = 3,
    /// When the document's id was first written to this database, ISO 8601 UTC
    /// (`2026-12-04T18:30:00Z`, sorts as text), kept by every later rewrite of the id: what
    /// `dateline-search --new-since` and alerts read. A document written by an indexer
    /// before this slot gets the time of its first rewrite.
    kSlotFirstIndexed = 4,
    /// The database revision whose commit first held the id (Xapian's revision number, 12
    /// digits zero-padded so that it sorts as text), kept as kSlotFirstIndexed is.
    kSlotFirstRevision = 5,
    /// The MinHash signature of title and body (index::encode_signature: 4 bytes of shingle
    /// count, 64 bytes of minima), read by the cluster pass at the end of each run.
    kSlotNearDuplicate = 6,
    /// The document's story: its cluster id (16 hex digits) and one letter, `S` alone in its
    /// story, `H` the head of a story of several articles, `C` a copy (cluster_value()).
    kSlotCluster = 7,
    /// kSlotFirstSpeaker + i: the document's i-th speaker (i < kFacetSlots), encoded by
    /// speaker_slot_value(): what ValueCountMatchSpy counts on remote shards.
    kSlotFirstSpeaker = 8,
    /// kSlotFirstCountry + i: the document's i-th country code, upper case (i < kFacetSlots).
    kSlotFirstCountry = 16,
};

/// Slots per multi-valued facet (speakers, countries) for the remote facet path. The stock
/// xapian-tcpsrv runs only Xapian's built-in match spies, and ValueCountMatchSpy counts one
/// value per slot, so a facet with several values per document is spread over one slot per
/// position and the counts of its slots are summed. 8
/// covers every synthetic and nearly every real article. A document with more values keeps
/// its first kFacetSlots in the slots and carries kFacetOverflowTerm; counting then reads the
/// rest from its kSlotFacets, so overflow costs time, never exactness.
inline constexpr unsigned kFacetSlots = 8;

/// kSlotFirstSpeaker + position; position < kFacetSlots.
Xapian::valueno speaker_slot(unsigned position);
/// kSlotFirstCountry + position; position < kFacetSlots.
Xapian::valueno country_slot(unsigned position);

// ---- Metadata keys ----

/// The format version the database was written with.
inline constexpr std::string_view kFormatKey = "dateline:format";
/// ISO 8601 UTC time of the last completed indexer run.
inline constexpr std::string_view kLastUpdateKey = "dateline:last_update";
/// Prefix of per-input-file change records (size, mtime, content hash). Kept by shard 0
/// of a sharded database, and committed there only after every shard has committed the
/// documents a record describes.
inline constexpr std::string_view kInputStateKeyPrefix = "dateline:input:";
/// `i/N`: this database is shard i of a set of N (`0/1` when the database is not sharded).
inline constexpr std::string_view kShardKey = "dateline:shard";
/// Set while the spelling table is brought in line with the words over several commits
/// (IndexWriter::sync_spelling): a run that finds it set syncs the table again, even if it
/// changes no document, so that a run killed half-way leaves no table half done for good.
inline constexpr std::string_view kSpellingPendingKey = "dateline:spelling_pending";
/// The database's own revision number, rewritten with every commit of dateline-index:
/// Xapian's remote backend does not report revisions, and the server needs them to notice
/// that a remote shard was reindexed.
inline constexpr std::string_view kRevisionKey = "dateline:revision";

/// Set with the first document a run changes, cleared once the cluster pass has brought every
/// document's kSlotCluster in line: a run that finds it set (its predecessor was killed) runs
/// the pass even if it changes nothing else.
inline constexpr std::string_view kClustersPendingKey = "dateline:clusters_pending";

// ---- Shards ----

/// A database of N > 1 shards is a directory holding this Xapian stub file, which lists
/// `auto shard-0` ... `auto shard-<N-1>`, and one database per shard beside it; Xapian
/// opens the directory as one database. A database of one shard is a plain database.
inline constexpr std::string_view kStubFile = "XAPIANDB";
/// The directory of shard `index` beside the stub file: `shard-<index>`.
std::string shard_directory(unsigned index);
/// The shard a document lives in: FNV-1a 64 (fnv1a.h) of its id, modulo `shard_count`.
/// Fixed: another function would move documents between shards, and an incremental run
/// would then leave their old copies behind.
unsigned shard_of(std::string_view doc_id, unsigned shard_count);

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

/// A speaker slot's value: the key's length (u16, little-endian), the key, the name. The
/// name rides along so that the remote path can label each key with its commonest spelling.
std::string speaker_slot_value(const SpeakerValue& speaker);
/// Inverse of speaker_slot_value(); throws FormatError on malformed input.
SpeakerValue parse_speaker_slot_value(std::string_view value);

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
/// The kSlotFirstRevision value of a revision number.
std::string revision_value(Xapian::rev revision);

std::string cluster_term(std::string_view cluster_id);

/// A document's place in its story, as kSlotCluster holds it.
enum class StoryRole : char { alone = 'S', head = 'H', copy = 'C' };
struct ClusterValue {
    std::string cluster_id;  // 16 hex digits
    StoryRole role = StoryRole::alone;
    bool operator==(const ClusterValue&) const = default;
};
std::string cluster_value(const ClusterValue& value);
/// Inverse of cluster_value(); throws FormatError on a malformed value.
ClusterValue parse_cluster_value(std::string_view value);
/// The kSlotDate value of a publication date (empty for none).
std::string date_value(const std::optional<PartialDate>& date);
/// Inverse of date_value(): nothing for an empty value; throws FormatError for a malformed one.
std::optional<PartialDate> parse_date_value(std::string_view value);
/// The kSlotDateUndatedLast value of a publication date (`~` for none).
std::string date_undated_last_value(const std::optional<PartialDate>& date);

/// Xapian terms are at most 245 bytes; longer ids are hashed into a stable short form.
inline constexpr std::size_t kMaxTermBytes = 245;

}  // namespace dateline::schema

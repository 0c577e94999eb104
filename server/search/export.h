// Every match of a search as CSV or JSON Lines, in the search's order, and the manifest that
// cites the set: what was asked, of which index revision, how many, and a digest of the ids.
#pragma once

#include "search/result.h"
#include "search/search_request.h"
#include "search/search_response.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dateline::search {

enum class ExportFormat { csv, jsonl };
/// What the rows are: the matches, the facet counts, or only the manifest (for a citation).
enum class ExportContent { matches, facets, manifest };

/// Only the matches first indexed after a point (schema::kSlotFirstIndexed): at or after a
/// time, or in a revision later than one.
struct NewSince {
    std::string text;                     // as given, for the manifest
    std::string time;                     // ISO 8601 UTC, `YYYY-MM-DDTHH:MM:SSZ`; empty: by revision
    std::vector<std::uint64_t> revisions; // one per shard, as Snapshot::revision() joins them
};

/// Reads `2026-12-04`, `2026-12-04T18:30:00Z` (a time) or `42`, `42.17` (a revision).
Result<NewSince> parse_new_since(const std::string& text);

struct ExportRequest {
    SearchRequest search;  // page and size do not apply: an export has every match
    ExportFormat format = ExportFormat::csv;
    ExportContent content = ExportContent::matches;
    std::optional<NewSince> new_since;
};

/// Reads `format` (csv, jsonl; default csv), `what` (matches, facets, manifest; default
/// matches), `new_since` (parse_new_since()) and every /api/search parameter. `page` and `size` are accepted and ignored, so
/// that a page's own URL state can be passed on; `facet_size` bounds a facets export
/// (default: limits.max_facet_size).
Result<ExportRequest> parse_export_request(Params params, const RequestLimits& limits = {});

/// "dateline-ceasefire-ua.csv": the query and filters, in lower-case ASCII words.
std::string export_filename(const ExportRequest& request);
/// The media type of the format, with its charset.
const char* content_type(ExportFormat format) noexcept;

/// What identifies an exported set, so that it can be cited and checked again later.
struct ExportManifest {
    SearchRequest search;      // its query, filters and sort
    std::string new_since;     // NewSince::text; empty: none
    std::string sort;          // as the search response names it ("relevance", "-date", "date")
    std::string revision;      // the index revision exported
    std::string updated;       // when that revision was written (ISO 8601, UTC)
    std::uint64_t total = 0;   // matches: rows of a matches export
    std::string ids_sha256;    // hex SHA-256 of the ids sorted bytewise, each followed by '\n'
};

/// {"query": ..., "filters": {...}, "sort": ..., "revision": ..., "updated": ..., "total": N,
/// "ids_sha256": ...} on one line (schemas/export-manifest.schema.json).
std::string to_json(const ExportManifest& manifest);
/// Reads what to_json() wrote, or the {"manifest": {...}} last line of a JSON Lines export.
/// bad_param naming what is missing when `text` is neither.
Result<ExportManifest> parse_manifest(const std::string& text);

/// The ids of an exported set, held in one buffer (a few bytes over their own length each,
/// where a vector of strings would take 32), for the set's digest and comparisons.
class IdSet {
public:
    void add(std::string_view id);
    std::size_t size() const { return ends_.size(); }
    /// The ids sorted bytewise (views into this set).
    std::vector<std::string_view> sorted() const;
    /// The hex SHA-256 of the ids sorted bytewise, each followed by '\n'.
    std::string sha256() const;

private:
    std::string bytes_;
    std::vector<std::size_t> ends_;
};

/// The body of an export, produced a part at a time so that memory stays flat whatever the
/// number of rows. Reads the snapshot it was opened on, whatever the indexer commits meanwhile
/// (Xapian::DatabaseModifiedError from next() when it has overwritten that revision).
class ExportStream {
public:
    virtual ~ExportStream() = default;
    /// Appends the next rows to `out`, about `bytes` of them; false when they end the body.
    virtual bool next(std::string& out, std::size_t bytes) = 0;
    /// The manifest; ids_sha256 is known once next() has returned false (it covers every
    /// id), the rest from the start.
    virtual const ExportManifest& manifest() const = 0;
};

/// The CSV header row of a matches export (the CSV columns are the JSON Lines keys).
const char* csv_header_of_matches() noexcept;

/// One match as a CSV row (RFC 4180, CRLF) or a JSON line.
struct ExportRow {
    std::string id;
    std::string title;
    std::optional<std::string> date;
    std::string url;
    std::string source;
    std::vector<std::string> speakers;
    std::vector<std::string> countries;
    double score = 0;
};
void append_row(std::string& out, const ExportRow& row, ExportFormat format);

/// The facet counts of a search response, as the rows of a facets export (facet, value,
/// label, count), with the manifest line last in JSON Lines.
std::string facets_export(const SearchResponse& response, const ExportManifest& manifest, ExportFormat format);

}  // namespace dateline::search

// What a search answers, before it is rendered as JSON.
#pragma once

#include "core/article.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dateline::search {

struct CountryRef {
    std::string code;
    std::string label;  // display name from iso-codes, or the code if unknown
    std::string flag;
};

struct Hit {
    std::string id;
    std::string title_html;    // HTML-escaped, matches in <mark>
    std::string snippet_html;  // HTML-escaped, matches in <mark>
    std::optional<std::string> date;  // YYYY-MM-DD
    std::vector<std::string> speakers;
    std::vector<CountryRef> countries;
    double score = 0;
    std::string cluster;       // the story's cluster id; empty for an article alone in its story
    std::uint32_t copies = 0;  // the story's other articles among the matches
};

struct FacetValueCount {
    std::string value;  // speaker name, country code, or date bucket (YYYY, YYYY-MM, YYYY-MM-DD, "undated")
    std::uint32_t count = 0;
    bool selected = false;
    std::string label;  // countries only
    std::string flag;   // countries only
};

struct FacetCounts {
    std::vector<FacetValueCount> values;
    std::size_t distinct = 0;  // values with a non-zero count
};

enum class DateGranularity { year, month, day };
const char* to_string(DateGranularity granularity) noexcept;

struct SearchResponse {
    std::string query;
    std::uint64_t total = 0;    // articles, or stories with count=stories
    std::uint64_t stories = 0;  // stories among the matches (an article alone is one)
    bool count_stories = false;
    bool collapse = true;
    int page = 1;
    int size = 10;
    std::string sort;
    double took_ms = 0;
    std::vector<Hit> results;
    FacetCounts speaker;
    FacetCounts country;
    FacetCounts date;
    DateGranularity date_granularity = DateGranularity::month;
    std::string suggestion;  // empty when none
    std::string warning;     // empty when none
    bool partial = false;    // the match time limit cut counting short: total and facets are lower bounds
    std::string revision;    // the index revision searched (Snapshot::revision()), for citing
    std::string updated;     // when that revision was written (ISO 8601, UTC)
};

enum class FacetName { speaker, country };

/// The answer of a facet value search (GET /api/facets/{facet}).
struct FacetSearchResponse {
    std::string facet;
    std::vector<FacetValueCount> values;
    bool partial = false;  // as in SearchResponse
};

/// [begin, end) UTF-8 byte offsets into a field.
using ByteRanges = std::vector<std::pair<std::size_t, std::size_t>>;

/// Where a query matches a stored document's fields.
struct DocumentMatches {
    ByteRanges title;
    ByteRanges body;
};

/// The answer of GET /api/doc/{id}: the article as stored, its countries labelled.
/// Another article of a document's story (GET /api/doc's "cluster").
struct StoryCopy {
    std::string id;
    std::string title;
    std::optional<std::string> date;  // ISO, as stored
    std::string source;
};

/// A document's story: its cluster id, its head and the other articles, oldest first.
struct DocumentStory {
    std::string id;
    std::string head;
    std::vector<StoryCopy> copies;
};

struct DocumentResponse {
    index::Article article;
    std::vector<CountryRef> countries;       // article.countries with labels and flags
    std::optional<DocumentMatches> matches;  // only when a query was given
    std::optional<DocumentStory> story;      // none for a document indexed without clusters
};

/// The answer of GET /api/health.
struct HealthResponse {
    std::uint64_t documents = 0;
    std::string revision;
    std::string last_update;
    std::string problem;  // why the database on disk cannot be read now (Index::disk_problem()); empty: ok
};

}  // namespace dateline::search

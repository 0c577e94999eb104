// The benchmark query mix (../shared/bench/queries.tsv) and how each row becomes a
// Dateline search request or query-language text.
#pragma once

#include "search/search_request.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace dateline::bench {

enum class QueryOp { term, all, any, phrase, browse };

/// One row of `qid kind op text country f0 f1`.
struct QueryRow {
    std::string qid;
    std::string kind;                  // e.g. term_hi, phrase2, f_country, browse_date
    QueryOp op = QueryOp::term;
    std::vector<std::string> words;    // empty for BROWSE
    std::string country;               // ISO alpha-2, upper case; empty for none
    std::optional<double> f0, f1;      // fractions of the corpus's date span
};

/// Reads the TSV (header line first). Throws std::runtime_error as `path:line: reason`.
std::vector<QueryRow> load_queries(const std::filesystem::path& path);

/// Query-language text: TERM the word, AND the words, OR the words joined by " OR ",
/// PHRASE the words in double quotes, BROWSE empty.
std::string query_text(const QueryRow& row);

/// Publication days (days since 1970-01-01) of the corpus's earliest and latest article.
struct DaySpan {
    int first = 0;
    int last = 0;
};

/// The row's date filter as inclusive days, rounded to the nearest day of the span.
std::optional<int> from_day(const QueryRow& row, DaySpan span);
std::optional<int> to_day(const QueryRow& row, DaySpan span);

/// The Dateline request for a row: relevance order, the given page and facet sizes.
search::SearchRequest to_request(const QueryRow& row, DaySpan span, int size, int facet_size);

}  // namespace dateline::bench

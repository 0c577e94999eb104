// Query language text -> Xapian::Query, with Dateline's fields and date ranges.
#pragma once

#include "search/facet_store.h"
#include "search/result.h"
#include "search/vocabulary.h"

#include <xapian.h>

#include <string>

namespace dateline::search {

struct ParsedQuery {
    Xapian::Query query;      // MatchAll for an empty query
    bool browse = false;      // the text was empty: every document passes
    std::string warning;      // set when the text was read as plain words after a syntax error
};

struct QueryLimits {
    Xapian::termcount max_wildcard_expansion = 100;
};

/// Parses the query language: stemmed English words (BM25), "phrases", AND/OR/NOT, +/-,
/// parentheses, `prefix*`, and the fields title:, speaker:, country:, source:,
/// date:A..B and mentioned:A..B (dates YYYY, YYYY-MM or YYYY-MM-DD; either end may be open).
/// A syntax error falls back to the plain words of the text and sets `warning`.
Result<ParsedQuery> parse_query(const std::string& text, const Xapian::Database& db, const FacetStore& facets,
                                const Vocabulary& vocabulary, const QueryLimits& limits = {});

/// A spelling-corrected form of `text` from the index's spelling data, or empty when no
/// word needs correcting. Costs a parse with correction: call it only when few documents match.
std::string suggest_spelling(const std::string& text, const Xapian::Database& db, const FacetStore& facets,
                             const Vocabulary& vocabulary);

}  // namespace dateline::search

// Query language text -> Xapian::Query, with Dateline's fields and date ranges.
#pragma once

#include "search/facet_store.h"
#include "search/result.h"
#include "search/stem_expansion.h"
#include "search/vocabulary.h"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace dateline::search {

struct ParsedQuery {
    Xapian::Query query;      // what is matched: stems expanded into words; MatchAll for an empty query
    Xapian::Query stemmed;    // as QueryParser read it, stems as "Z" terms: what the highlighter marks
    bool browse = false;      // the text was empty: every document passes
    std::string warning;      // for the user: how the text was read, when not as written
    std::vector<std::string> wildcards;  // prefixes of the text's unfielded `word*` terms, to highlight
};

/// What a wildcard that expands to more words than the limit does.
enum class WildcardOverflow {
    error,          // the match throws Xapian::WildcardError (the caller decides)
    most_frequent,  // the most frequent words up to the limit are searched
};

struct QueryLimits {
    Xapian::termcount max_wildcard_expansion = 100;
    WildcardOverflow wildcard_overflow = WildcardOverflow::most_frequent;
};

/// Parses the query language: stemmed English words (BM25), "phrases", AND/OR/NOT, +/-,
/// parentheses, `prefix*`, and the fields title:, speaker:, country:, source:,
/// date:A..B and mentioned:A..B (dates YYYY, YYYY-MM or YYYY-MM-DD; either end may be open).
/// A syntax error falls back to the plain words of the text and sets `warning`. Stems are
/// expanded by `stems`, the index's words by stem. Words are read unaccented, as the index
/// holds them, and a capitalised word as its lower case. `typing`: the text is being typed,
/// and its last word, unless a space, a quote or punctuation follows it, matches as a
/// prefix (its most frequent expansions, up to the wildcard limit) as well as a word.
Result<ParsedQuery> parse_query(const std::string& text, const Xapian::Database& db, const FacetStore& facets,
                                const Vocabulary& vocabulary, const StemExpansion& stems,
                                const QueryLimits& limits = {}, bool typing = false);

/// Where the word being typed starts in `text` (its last word, when nothing follows it and
/// it is neither in a phrase nor a field's value), or text.size() when none is.
std::size_t partial_word_start(std::string_view text);

/// The prefixes of a query text's unfielded `word*` wildcards, lower-cased as QueryParser
/// does (Xapian's Query does not tell a wildcard's pattern).
std::vector<std::string> wildcard_prefixes(std::string_view query_text);

/// A spelling-corrected form of `text` from the index's spelling data, or empty when no
/// word needs correcting. Only words change, never operators, quotes or punctuation; with
/// `typing`, a last word that nothing follows is kept as it is, even in a phrase. Costs a parse with
/// correction: call it only when few documents match, and check that the suggestion finds more.
std::string suggest_spelling(const std::string& text, const Xapian::Database& db, const FacetStore& facets,
                             const Vocabulary& vocabulary, bool typing = false);

}  // namespace dateline::search

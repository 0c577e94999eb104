#pragma once
// A stemmer for highlighting one query's terms, which stems only the words that could stem
// to one of them.
//
// Why: Xapian's MSet::snippet stems every word of a text to compare it with the query's
// stemmed terms, and Snowball's English stemmer was over half the cost of a page's snippets
// (perf over the term_rare queries of the benchmark mix at 200,000 documents). Most words
// cannot match: the English stemmer keeps a word's first letter and never lengthens it, so a
// word whose first byte and length rule out every query stem is not stemmed at all.
#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::search {

/// What snippets compare words with: the stems of a query's stemmed terms ("Z" + stem, the
/// TermGenerator and QueryParser convention).
class QueryStems {
public:
    explicit QueryStems(const Xapian::Query& query);

    /// False only if no word with this first byte and length can stem to a query stem.
    [[nodiscard]] bool could_match(const std::string& word) const noexcept;

private:
    struct Stem {
        char first;
        std::size_t size;
    };
    std::vector<Stem> stems_;
};

/// A Xapian::Stem for MSet::snippet: the English stem of a word that could match one of
/// `query`'s stems, and an empty string (which no "Z" term equals) for any other word. The
/// snippets it gives are those of the plain English stemmer, only cheaper.
[[nodiscard]] Xapian::Stem snippet_stemmer(const Xapian::Query& query);

}  // namespace dateline::search

#pragma once
// Which words of a text could stem to one of a query's stems.
//
// Why: comparing a text's words with a query's stemmed terms means stemming the words, and
// Snowball's English stemmer was over half the cost of highlighting a page (perf over the
// term_rare queries of the benchmark mix at 200,000 documents). Most words cannot match: the
// English stemmer keeps a word's first letter and never lengthens a word, so a word whose
// first byte and length rule out every query stem need not be stemmed.
#include <xapian.h>

#include <string>
#include <vector>

namespace dateline::search {

/// The stems of a query's stemmed terms ("Z" + stem, the TermGenerator and QueryParser
/// convention).
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

}  // namespace dateline::search

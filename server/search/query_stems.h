#pragma once
// Which words of a text could stem to one of a query's stems, so that most words are never
// stemmed (DESIGN.md, "Words without stem terms").
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

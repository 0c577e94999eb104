#include "search/query_stems.h"

#include "search/stem_expansion.h"

#include <algorithm>

namespace dateline::search {

QueryStems::QueryStems(const Xapian::Query& query) {
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
        const std::string& t = *term;
        if (StemExpansion::is_stem_term(t)) stems_.push_back({t[1], t.size() - 1});
    }
}

bool QueryStems::could_match(const std::string& word) const noexcept {
    // A leading apostrophe is the one thing the English stemmer removes from a word's start.
    if (word.empty() || word[0] == '\'') return !stems_.empty();
    return std::any_of(stems_.begin(), stems_.end(),
                       [&](const Stem& s) { return s.first == word[0] && s.size <= word.size(); });
}

}  // namespace dateline::search

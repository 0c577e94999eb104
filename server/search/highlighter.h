// The highlighted text of a page's hits: a title whole, and the passage of a body that holds
// most of the query, each with the query's words in <mark>. A query is read once per page and
// a word is stemmed only when it could match (why not MSet::snippet: DESIGN.md).
#pragma once

#include "search/query_stems.h"

#include <xapian.h>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace dateline::search {

class Highlighter {
public:
    /// How many documents hold a term.
    using TermFrequency = std::function<Xapian::doccount(const std::string& term)>;

    /// `query` as parsed (its unprefixed words, "Z" stems and tight phrases are highlighted);
    /// `wildcards` the prefixes of its `word*` terms; `documents` the size of the index, which
    /// with `frequency` weighs each term as rarer terms weigh more.
    Highlighter(const Xapian::Query& query, std::vector<std::string> wildcards, const TermFrequency& frequency,
                Xapian::doccount documents);

    /// All of `text`, XML-escaped, with the query's words marked.
    [[nodiscard]] std::string whole(std::string_view text) const;

    /// Byte ranges [begin, end) of `text` where the query matches, in order; a phrase is one range.
    [[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> matches(std::string_view text) const;

    /// At most `max_bytes` of `text` in whole words (and the marks and ellipses around them):
    /// the passage where the query's distinct terms weigh most, widened to the start of its
    /// sentence when that fits; the start of `text` when no term is in it. "…" stands for
    /// what is left out at either end.
    [[nodiscard]] std::string passage(std::string_view text, std::size_t max_bytes) const;

private:
    struct Word {
        std::size_t begin = 0;  // byte offsets in the text
        std::size_t end = 0;
        int match = -1;         // index of the term or phrase it matches, -1 for none
        bool sentence_start = false;
    };
    // The words of `text` as Xapian's TermGenerator reads them, each matched to the query.
    std::vector<Word> words(std::string_view text) const;
    // The match index of a lower-cased word, given the words before it (for phrases).
    int match_of(const std::string& lower, const std::vector<std::string>& previous) const;
    // Whether a match index belongs to a phrase (whose consecutive words share one mark).
    bool in_phrase(int match) const;
    // text[from, to) escaped, with words[first, last) marked where they match.
    std::string render(std::string_view text, const std::vector<Word>& words, std::size_t first, std::size_t last,
                       std::size_t from, std::size_t to) const;

    QueryStems stem_filter_;
    Xapian::Stem english_{"english"};
    std::unordered_map<std::string, int> query_words_;  // unprefixed query word -> match index
    std::unordered_map<std::string, int> stems_;  // stem of a "Z" term -> match index
    struct Phrase {
        std::vector<std::string> words;
        int match;
    };
    std::vector<Phrase> phrases_;
    std::vector<std::string> wildcards_;
    std::vector<double> weights_;  // by match index; a phrase's words share one index
    std::size_t longest_phrase_ = 0;
    // First bytes of the words matched as they are (query words, phrases' last words and
    // wildcard prefixes): most words of a text start otherwise, and need no lookup unless
    // stem_filter_ lets them through.
    std::array<bool, 256> may_start_match_{};
};

}  // namespace dateline::search

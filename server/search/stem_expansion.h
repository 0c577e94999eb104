// A query's stems, expanded into the indexed words that share them.
//
// Why: the indexer stores words only, not Xapian's "Z" stem terms (TermGenerator::STEM_NONE,
// schema.h): a stem term for each word was a third of the indexer's CPU time
// (scripts/bench/RESULTS.md). QueryParser still reads an unquoted lower-case word as its stem
// ("Z" + stem, STEM_SOME), and each such term becomes Xapian's OP_SYNONYM over the words of
// the index with that stem, which Xapian weighs as one term, as it weighed the stem term: a
// query matches the same documents as before. Phrases, wildcards and spelling read words,
// as before. The words come from the index itself, so they are never out of step with it.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::search {

class StemExpansion {
public:
    /// Expands nothing: every stem term is left as it is (and matches nothing).
    StemExpansion() = default;
    /// Reads the words of `db` that QueryParser can stem: unprefixed words and title words.
    /// Costs a pass over the vocabulary (its time: DESIGN.md, "Words without stem terms").
    explicit StemExpansion(const Xapian::Database& db);

    /// `query` with each "Z" stem term replaced by OP_SYNONYM over the words with that stem
    /// (the term itself when no word of the index has it). Throws std::logic_error if a
    /// stem term sits under an operator it cannot rebuild, which QueryParser never makes.
    [[nodiscard]] Xapian::Query expand(const Xapian::Query& query) const;

    /// `query` with each word QueryParser took as written outside a phrase or wildcard (a
    /// capitalised word: STEM_SOME stems no word that starts with a capital) replaced by its
    /// stem term, as its lower case is read, when the index has a word with that stem.
    /// "OPEC" then finds "OPEC's", as "opec" does: the words of a stem include the word.
    /// The words of `as_written` (lower case) are left as they are: a quoted single word
    /// reaches here as a plain term.
    [[nodiscard]] Xapian::Query stem_capitalised(const Xapian::Query& query,
                                                 const std::vector<std::string>& as_written = {}) const;

    /// The documents holding each word of a stem term, summed over its words: what the
    /// highlighter weighs a stem by. 0 for a stem no word has.
    [[nodiscard]] Xapian::doccount frequency(const std::string& stem_term) const;

    /// Whether `term` is a stem term ("Z" + prefix + stem, the TermGenerator and QueryParser
    /// convention), which the index does not hold.
    [[nodiscard]] static bool is_stem_term(std::string_view term) { return term.size() > 1 && term[0] == 'Z'; }

private:
    // Every stem term and word lives in text_, back to back: at 1,000,000 synthetic articles
    // (283,000 words) the server's RSS after opening grows by 14 MB (30 to 44 MB), where a
    // std::string each had taken its peak from 32 to 105 MB (RESULTS.md).
    struct Span {
        std::uint32_t offset;
        std::uint32_t size;
    };
    struct Stem {
        Span term;  // "Z" + prefix + stem
        std::uint32_t first_word;  // into words_
        std::uint32_t word_count;
        Xapian::doccount frequency;
    };
    std::string_view text(Span span) const { return {text_.data() + span.offset, span.size}; }
    Span append(std::string_view s);
    const Stem* find(std::string_view stem_term) const;

    // A stemmer keeps its work in itself, and the expansion is shared by every request:
    // each call of stem_capitalised() brings a stemmer of its own.
    Xapian::Query stem_capitalised(const Xapian::Query& query, const std::vector<std::string>& as_written,
                                   const Xapian::Stem& english) const;

    std::string text_;
    std::vector<Stem> stems_;  // sorted by term
    std::vector<Span> words_;  // each stem's words together, as terms (with prefix)
};

}  // namespace dateline::search

#include "search/stem_expansion.h"

#include "core/schema.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

namespace dateline::search {
namespace {

// Whether TermGenerator's STEM_SOME would have stemmed this word, so that the words expanded
// are the ones whose stem terms it wrote (Xapian 1.4, termgenerator_internal.cc).
bool should_stem(const std::string& word) {
    constexpr unsigned kLetterCategories =
        (1U << Xapian::Unicode::LOWERCASE_LETTER) | (1U << Xapian::Unicode::TITLECASE_LETTER) |
        (1U << Xapian::Unicode::MODIFIER_LETTER) | (1U << Xapian::Unicode::OTHER_LETTER);
    const Xapian::Utf8Iterator first(word);
    return ((kLetterCategories >> Xapian::Unicode::get_category(*first)) & 1U) != 0;
}

bool has_stem_term(const Xapian::Query& query) {
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term)
        if (StemExpansion::is_stem_term(*term)) return true;
    return false;
}

// The operators QueryParser puts free words and stem terms under: they take subqueries and
// nothing else, so each can be rebuilt from rewritten subqueries. Xapian 1.4 cannot tell the
// parameters of the others (a NEAR's window, a scale factor), but QueryParser puts only
// unstemmed words under NEAR and PHRASE, and scales only boolean filters.
bool is_rebuildable(Xapian::Query::op type) {
    switch (type) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: return true;
        default: return false;
    }
}

template <typename Rewrite>
Xapian::Query rebuilt(const Xapian::Query& query, const Rewrite& rewrite) {
    std::vector<Xapian::Query> subqueries;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) subqueries.push_back(rewrite(query.get_subquery(i)));
    return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
}

}  // namespace

StemExpansion::Span StemExpansion::append(std::string_view s) {
    if (text_.size() + s.size() > std::numeric_limits<std::uint32_t>::max())
        throw std::runtime_error("stem expansion: the vocabulary exceeds 4 GB");
    const Span span{static_cast<std::uint32_t>(text_.size()), static_cast<std::uint32_t>(s.size())};
    text_.append(s);
    return span;
}

StemExpansion::StemExpansion(const Xapian::Database& db) {
    struct StemmedWord {
        Span stem_term;
        Span word;
        Xapian::doccount frequency;
    };
    std::vector<StemmedWord> stemmed;
    const Xapian::Stem english("english");
    // The words QueryParser's stem terms stand for: unprefixed, and under the title prefix.
    // Unprefixed words sort after every capitalised prefix (Omega's convention, schema.h).
    for (const std::string& prefix : {std::string(), std::string(schema::kTitlePrefix)}) {
        auto term = db.allterms_begin(prefix);
        const auto end = db.allterms_end(prefix);
        if (prefix.empty()) term.skip_to("a");
        for (; term != end; ++term) {
            const std::string& t = *term;
            const std::string word = t.substr(prefix.size());
            if (word.empty() || !should_stem(word)) continue;
            const std::string stem = english(word);
            if (stem.empty()) continue;
            stemmed.push_back({append("Z" + prefix + stem), append(t), term.get_termfreq()});
        }
    }
    std::sort(stemmed.begin(), stemmed.end(), [this](const StemmedWord& a, const StemmedWord& b) {
        return std::pair(text(a.stem_term), text(a.word)) < std::pair(text(b.stem_term), text(b.word));
    });
    words_.reserve(stemmed.size());
    for (const auto& entry : stemmed) {
        if (stems_.empty() || text(stems_.back().term) != text(entry.stem_term))
            stems_.push_back({entry.stem_term, static_cast<std::uint32_t>(words_.size()), 0, 0});
        Stem& stem = stems_.back();
        ++stem.word_count;
        stem.frequency += entry.frequency;
        words_.push_back(entry.word);
    }
    text_.shrink_to_fit();
    stems_.shrink_to_fit();
}

const StemExpansion::Stem* StemExpansion::find(std::string_view stem_term) const {
    const auto it = std::lower_bound(stems_.begin(), stems_.end(), stem_term,
                                     [this](const Stem& stem, std::string_view term) { return text(stem.term) < term; });
    return it != stems_.end() && text(it->term) == stem_term ? &*it : nullptr;
}

Xapian::doccount StemExpansion::frequency(const std::string& stem_term) const {
    const Stem* stem = find(stem_term);
    return stem ? stem->frequency : 0;
}

Xapian::Query StemExpansion::expand(const Xapian::Query& query) const {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        const Stem* stem = is_stem_term(term) ? find(term) : nullptr;
        if (!stem) return query;
        std::vector<std::string> words;
        for (std::uint32_t i = 0; i < stem->word_count; ++i) words.emplace_back(text(words_[stem->first_word + i]));
        return Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end());
    }
    if (!has_stem_term(query)) return query;
    if (!is_rebuildable(type)) throw std::logic_error("stem expansion: cannot rebuild " + query.get_description());
    return rebuilt(query, [this](const Xapian::Query& sub) { return expand(sub); });
}

Xapian::Query StemExpansion::stem_capitalised(const Xapian::Query& query, const std::vector<std::string>& as_written) const {
    return stem_capitalised(query, as_written, Xapian::Stem("english"));
}

Xapian::Query StemExpansion::stem_capitalised(const Xapian::Query& query, const std::vector<std::string>& as_written,
                                              const Xapian::Stem& english) const {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        const std::string term = *query.get_terms_begin();
        // Free words only: unprefixed, or under the title prefix; any other prefix is a
        // field's term, and "Z" a stem already.
        const bool title = term.size() > 1 && term.starts_with(schema::kTitlePrefix) && !(term[1] >= 'A' && term[1] <= 'Z');
        if (term.empty() || (!title && term[0] >= 'A' && term[0] <= 'Z')) return query;
        const std::string prefix = title ? std::string(schema::kTitlePrefix) : std::string();
        const std::string word = term.substr(prefix.size());
        if (!should_stem(word) || std::find(as_written.begin(), as_written.end(), word) != as_written.end()) return query;
        const std::string stem_term = "Z" + prefix + english(word);
        return find(stem_term) ? Xapian::Query(stem_term) : query;
    }
    if (!is_rebuildable(type)) return query;  // a phrase, a NEAR, a wildcard: words as written
    return rebuilt(query, [&](const Xapian::Query& sub) { return stem_capitalised(sub, as_written, english); });
}

}  // namespace dateline::search

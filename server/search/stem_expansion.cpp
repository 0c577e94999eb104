#include "search/stem_expansion.h"

#include "schema.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

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

bool is_stem_term(const std::string& term) { return term.size() > 1 && term[0] == 'Z'; }

bool has_stem_term(const Xapian::Query& query) {
    for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term)
        if (is_stem_term(*term)) return true;
    return false;
}

struct StemmedWord {
    std::string stem_term;
    std::string word;
    Xapian::doccount frequency;
};

// The words of `db` with `prefix` that QueryParser's stem terms stand for. Unprefixed words
// sort after every capitalised prefix (Omega's convention, schema.h), which are skipped.
void read_words(const Xapian::Database& db, const std::string& prefix, const Xapian::Stem& stemmer,
                std::vector<StemmedWord>& out) {
    auto term = db.allterms_begin(prefix);
    const auto end = db.allterms_end(prefix);
    if (prefix.empty()) term.skip_to("a");
    for (; term != end; ++term) {
        const std::string& t = *term;
        const std::string word = t.substr(prefix.size());
        if (word.empty() || !should_stem(word)) continue;
        std::string stem = stemmer(word);
        if (stem.empty()) continue;
        out.push_back({"Z" + prefix + stem, t, term.get_termfreq()});
    }
}

}  // namespace

StemExpansion::StemExpansion(const Xapian::Database& db) {
    const Xapian::Stem english("english");
    std::vector<StemmedWord> stemmed;
    read_words(db, "", english, stemmed);
    read_words(db, std::string(schema::kTitlePrefix), english, stemmed);
    std::sort(stemmed.begin(), stemmed.end(), [](const StemmedWord& a, const StemmedWord& b) {
        return std::tie(a.stem_term, a.word) < std::tie(b.stem_term, b.word);
    });
    words_.reserve(stemmed.size());
    for (auto& entry : stemmed) {
        if (stems_.empty() || stems_.back().term != entry.stem_term)
            stems_.push_back({std::move(entry.stem_term), words_.size(), 0, 0});
        Stem& stem = stems_.back();
        ++stem.word_count;
        stem.frequency += entry.frequency;
        words_.push_back(std::move(entry.word));
    }
}

const StemExpansion::Stem* StemExpansion::find(const std::string& stem_term) const {
    const auto it = std::lower_bound(stems_.begin(), stems_.end(), stem_term,
                                     [](const Stem& stem, const std::string& term) { return stem.term < term; });
    return it != stems_.end() && it->term == stem_term ? &*it : nullptr;
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
        const auto first = words_.begin() + static_cast<std::ptrdiff_t>(stem->first_word);
        return Xapian::Query(Xapian::Query::OP_SYNONYM, first, first + static_cast<std::ptrdiff_t>(stem->word_count));
    }
    if (!has_stem_term(query)) return query;
    switch (type) {
        // The operators QueryParser puts stem terms under: they take subqueries and nothing
        // else, so each is rebuilt from its expanded subqueries. Xapian 1.4 cannot tell the
        // parameters of the others (a NEAR's window, a scale factor), but QueryParser puts
        // only unstemmed words under NEAR and PHRASE, and scales only boolean filters.
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: {
            std::vector<Xapian::Query> expanded;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) expanded.push_back(expand(query.get_subquery(i)));
            return Xapian::Query(type, expanded.begin(), expanded.end());
        }
        default: throw std::logic_error("stem expansion: cannot rebuild " + query.get_description());
    }
}

}  // namespace dateline::search

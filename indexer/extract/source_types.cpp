#include "extract/source_types.h"

#include <algorithm>

namespace dateline::extract {
namespace {

using Tokens = std::vector<Token>;

// The folded words of the mention, periods of initials left out ("B.C." is "b", "c").
std::vector<std::string> words_of(const Tokens& t, const Mention& m) {
    std::vector<std::string> words;
    for (std::size_t k = m.first; k <= m.last; ++k)
        if (t[k].kind == TokenKind::word) words.push_back(t[k].lower);
    return words;
}

// Where the words occur from token i on, as capitalised words: one past the last, or 0.
std::size_t match_at(const Tokens& t, std::size_t i, const std::vector<std::string>& words) {
    std::size_t k = i;
    for (const std::string& w : words) {
        while (k < t.size() && t[k].is_punct('.')) ++k;
        if (k >= t.size() || t[k].kind != TokenKind::word || t[k].lower != w || !(t[k].cap || t[k].all_caps))
            return 0;
        ++k;
    }
    return k;
}

bool capitalised_word(const Token& t) { return t.kind == TokenKind::word && (t.cap || t.all_caps); }

// One past the organisation word that closes a name ending before `end`, over at most
// three more capitalised words or '&' ("Salomon| Brothers Inc"); 0 if none.
std::size_t organisation_word_after(const NameLexicon& lex, const Tokens& t, std::size_t end) {
    std::size_t head = 0;
    for (std::size_t k = end, n = 0; k < t.size() && n < 4 && t[k].sentence == t[end - 1].sentence; ++k) {
        if (t[k].is_punct('&') || t[k].is_punct('.')) continue;
        ++n;
        if (!capitalised_word(t[k])) break;
        if (lex.org_heads.contains(t[k].lower)) head = k + 1;
    }
    return head;
}

}  // namespace

std::optional<std::string> organization_named(const NameLexicon& lex, const std::vector<Field>& fields,
                                              const std::vector<Mention>& mentions, const Mention& m) {
    if (m.titled) return std::nullopt;
    const Field& own = fields[m.field];
    const std::string surname = surname_of(*own.tokens, m);
    for (const Mention& other : mentions) {
        const Tokens& t = *fields[other.field].tokens;
        if (surname_of(t, other) != surname) continue;
        if (other.titled) return std::nullopt;
        // A full name with a known first name, not followed by an organisation word:
        // "Muhammad Ali spoke", not "the Muhammad Ali Center".
        if (other.last > other.first && lex.first_names.contains(t[other.first].lower) &&
            organisation_word_after(lex, t, other.last + 1) == 0)
            return std::nullopt;
    }
    const std::vector<std::string> words = words_of(*own.tokens, m);
    if (words.empty()) return std::nullopt;
    std::optional<std::string> best;
    std::size_t best_words = 0;
    for (const Field& f : fields) {
        // A headline's capitalised words run into each other ("Trump Reassures House").
        if (f.name == "title") continue;
        const Tokens& t = *f.tokens;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const std::size_t end = match_at(t, i, words);
            if (end == 0) continue;
            // Capitalised words right before belong to the name: "American Express".
            std::size_t first = i;
            while (first > 0 && capitalised_word(t[first - 1]) && t[first - 1].sentence == t[i].sentence &&
                   !lex.titles.contains(t[first - 1].lower) && !t[first - 1].sentence_start)
                --first;
            if (first > 0 && capitalised_word(t[first - 1]) && t[first - 1].sentence_start &&
                !lex.nonperson.contains(t[first - 1].lower) && !lex.titles.contains(t[first - 1].lower))
                --first;
            if (first > 0 && lex.titles.contains(t[first - 1].lower)) continue;  // "Mr. Ford"
            // Then an organisation word, over at most three more capitalised words or '&'.
            const bool bracketed = i > 0 && t[i - 1].is_punct('<');
            std::size_t head = organisation_word_after(lex, t, end);
            if (!head && lex.org_heads.contains(t[end - 1].lower)) head = end;
            // A full name before "Center" or "Foundation" is a person the body is named after
            // ("Muhammad Ali Center"); before a legal form it is a company ("Transform Logic Corp").
            if (head && words.size() > 1 && !lex.legal_forms.contains(t[head - 1].lower)) head = 0;
            if (!head && !bracketed) continue;
            std::size_t last = head ? head : end;
            while (last > end && (lex.legal_forms.contains(t[last - 1].lower) || t[last - 1].is_punct('.') ||
                                  t[last - 1].is_punct('&')))
                --last;
            std::size_t n = 0;
            for (std::size_t k = first; k < last; ++k) n += t[k].kind == TokenKind::word;
            if (n <= best_words) continue;
            best_words = n;
            std::string name;
            for (std::size_t k = first; k < last; ++k) {
                if (k > first && t[k].begin > t[k - 1].end) name += ' ';
                name += f.text.substr(t[k].begin, t[k].end - t[k].begin);
            }
            best = std::move(name);
        }
    }
    return best;
}

}  // namespace dateline::extract

#include "extract/source_types.h"

#include "extract/attribution_rules.h"
#include "core/text_folding.h"

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

// The capitalised run ending at token `e`, read backwards over '&', initials' periods and
// "of"/"and" between capitalised words ("National Union of Mineworkers"); its first token.
std::size_t run_start(const Tokens& t, std::size_t e) {
    std::size_t b = e;
    while (b > 0 && t[b - 1].sentence == t[e].sentence) {
        const Token& p = t[b - 1];
        if (capitalised_word(p) || p.is_punct('&') || (p.is_punct('.') && b > 1 && capitalised_word(t[b - 2]))) {
            --b;
            continue;
        }
        // "Moody's Investors Service", "Standard and Poor's Corp".
        if ((p.is("of") || p.is("and") || p.is("'s")) && b > 1 && capitalised_word(t[b - 2])) {
            b -= 1;
            continue;
        }
        break;
    }
    return b;
}

// The capitalised run starting at token `b`, read forwards the same way; its last token.
std::size_t run_end(const Tokens& t, std::size_t b) {
    std::size_t e = b;
    while (e + 1 < t.size() && t[e + 1].sentence == t[b].sentence) {
        const Token& n = t[e + 1];
        const bool next_cap = e + 2 < t.size() && capitalised_word(t[e + 2]);
        if (capitalised_word(n) || ((n.is_punct('&') || n.is("of")) && next_cap) ||
            (n.is_punct('.') && n.begin == t[e].end && next_cap)) {
            ++e;
            continue;
        }
        break;
    }
    return e;
}

bool unnamed_representative(std::string_view w) {
    static constexpr std::string_view words[] = {"spokesman", "spokeswoman", "spokesperson", "official",
                                                 "officials", "sources", "source", "executive", "executives"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

// The organisation of tokens [b, e], if they name one: leading function words and a trailing
// legal form dropped, an organisation word at the end unless `represented` (a spokesman's).
std::optional<std::string> organisation_in(const NameLexicon& lex, const CountryGazetteer& places, const Field& f,
                                           std::size_t b, std::size_t e, bool represented) {
    const Tokens& t = *f.tokens;
    // Only a sentence's first word or "the" is dropped: "The Bundesbank", "But Texaco".
    while (b <= e && (t[b].kind != TokenKind::word || t[b].is("the") ||
                      (t[b].sentence_start && lex.nonperson.contains(t[b].lower) &&
                       !lex.org_heads.contains(t[b].lower) && !places.is_place_word(t[b].lower))))
        ++b;
    if (b > e) return std::nullopt;
    // A person's affiliation is not the source: "Byron Nimocks of E.F. Hutton Group",
    // "Analyst Edward Johnson of Johnson Redbook Associates".
    if (b < e && lex.first_names.contains(t[b].lower)) return std::nullopt;
    for (std::size_t of = b + 1; of < e; ++of) {
        if (!t[of].is("of")) continue;
        bool body = false;
        for (std::size_t k = b; k < of; ++k) body = body || lex.org_heads.contains(t[k].lower);
        if (!body) return std::nullopt;  // "Byron Nimocks of E.F. Hutton Group"
        break;
    }
    // "the Bank", "the Commission": a body the article named in full before.
    if (b == e && lex.nonperson.contains(t[b].lower) && !t[b].all_caps) return std::nullopt;
    // The head is the last word, or the word before "of": "Bank of England".
    std::size_t head = e;
    for (std::size_t k = b + 1; k < e; ++k)
        if (t[k].is("of")) {
            head = k - 1;
            break;
        }
    const bool headed = lex.org_heads.contains(t[head].lower) || places.is_institution(t, b, e);
    if (!headed && !represented) return std::nullopt;
    if (lex.titles.contains(t[e].lower)) return std::nullopt;
    // "the Kremlin", "Japan" stay countries; "the Commerce Department" implies the US and speaks.
    if (places.is_place_phrase(t, b, e, true) && !places.is_institution(t, b, e)) return std::nullopt;
    // "a Goodyear spokesman" counts, "a John Smith spokesman" does not.
    if (represented && !headed && lex.first_names.contains(t[b].lower) && e > b) return std::nullopt;
    std::size_t last = e;
    while (last > b && (lex.legal_forms.contains(t[last].lower) || t[last].is_punct('.') || t[last].is_punct('&')))
        --last;
    if (lex.legal_forms.contains(t[last].lower)) return std::nullopt;
    return normalize_space(f.text.substr(t[b].begin, t[last].end - t[b].begin));
}

// The first company of the body's lead sentence named with a legal form ("Texaco Inc").
std::optional<std::string> lead_company(const NameLexicon& lex, const CountryGazetteer& places,
                                        const std::vector<Field>& fields) {
    for (const Field& f : fields) {
        if (f.name != "body") continue;
        const Tokens& t = *f.tokens;
        for (std::size_t k = 0; k < t.size() && t[k].sentence == 0; ++k)
            if (capitalised_word(t[k]) && lex.legal_forms.contains(t[k].lower) && k > 0 && capitalised_word(t[k - 1]))
                return organisation_in(lex, places, f, run_start(t, k), k, false);
    }
    return std::nullopt;
}

}  // namespace

void find_organization_sources(const NameLexicon& lex, const CountryGazetteer& places,
                               const std::vector<Field>& fields, std::vector<std::string>& organizations) {
    const auto add = [&](std::string name) {
        const std::string key = fold(name);
        if (std::none_of(organizations.begin(), organizations.end(),
                         [&](const std::string& o) { return fold(o) == key; }))
            organizations.push_back(std::move(name));
    };
    for (std::size_t fi = 0; fi < fields.size(); ++fi) {
        const Field& f = fields[fi];
        if (f.all_caps) continue;
        const Tokens& t = *f.tokens;
        for (std::size_t v = 0; v < t.size(); ++v) {
            const auto cue = cue_at(lex, f, fi, v);
            if (!cue || lex.gerunds.contains(t[v].lower)) continue;
            if (cue->according) {
                std::size_t b = cue->end;
                if (b < t.size() && t[b].is("the")) ++b;
                if (b >= t.size() || !capitalised_word(t[b])) continue;
                if (auto org = organisation_in(lex, places, f, b, run_end(t, b), false)) add(std::move(*org));
                continue;
            }
            const auto slot = subject_slot(lex, t, v);
            if (!slot || t[*slot].sentence != t[v].sentence) continue;
            std::size_t e = *slot;
            // "Ford Motor Co <F> said": the ticker after the name.
            if (t[e].is_punct('>') && e > 2 && t[e - 2].is_punct('<')) e -= 3;
            bool represented = false;
            if (t[e].kind == TokenKind::word && !t[e].cap && unnamed_representative(t[e].lower) && e > 0) {
                represented = true;
                --e;
            }
            // "the company said": the company the story opens with, named with its legal form.
            if (t[e].is("company") && e > 0 && t[e - 1].is("the")) {
                if (auto org = lead_company(lex, places, fields)) add(std::move(*org));
                continue;
            }
            if (!capitalised_word(t[e])) continue;
            if (auto org = organisation_in(lex, places, f, run_start(t, e), e, represented)) add(std::move(*org));
        }
    }
}

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

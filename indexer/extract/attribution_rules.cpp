#include "extract/attribution_rules.h"

#include <algorithm>
#include <array>

namespace dateline::extract {
namespace {

using Tokens = std::vector<Token>;

const Tokens& tokens_of(const RuleInput& in) { return in.reader.tokens(); }

// A name after "the" is an object or an organisation ("the Trump campaign", "described the
// DLC"), unless a title stands between ("the Rev. Al Sharpton").
bool after_the(const Tokens& t, const Mention& m) { return m.first > 0 && t[m.first - 1].is("the") && !m.titled; }

// "Trump attacked Clinton, saying ...": the subject that opens the sentence.
Verdict gerund_subject(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t v = in.cue.verb;
    if (in.cue.according || !in.lex.gerunds.contains(t[v].lower)) return Verdict::pass();
    if (v == 0 || !t[v - 1].is_punct(',')) return Verdict::stop();
    std::size_t s0 = v;
    while (s0 > 0 && t[s0 - 1].sentence == t[v].sentence) --s0;
    if (auto m = in.reader.mention_starting_at(s0);
        m && m->last + 1 < v && t[m->last + 1].kind == TokenKind::word && !t[m->last + 1].cap)
        return Verdict::before_cue(*m, v);
    return Verdict::stop();
}

// "according to John Smith"; not "according to FEC records" or "according to the Las Vegas Sun".
Verdict according_to(const RuleInput& in) {
    if (!in.cue.according) return Verdict::pass();
    const Tokens& t = tokens_of(in);
    if (auto m = in.reader.mention_starting_at(in.cue.end);
        m && !(m->last + 1 < t.size() && t[m->last + 1].kind == TokenKind::word && !t[m->last + 1].cap) &&
        !after_the(t, *m))
        return Verdict::after_cue(*m);
    return Verdict::stop();
}

// Passive: "was confirmed by X".
Verdict passive_by(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t v = in.cue.verb;
    if (!(v + 1 < t.size() && t[v + 1].is("by"))) return Verdict::pass();
    if (auto m = in.reader.mention_starting_at(v + 2)) return Verdict::after_cue(*m);
    return Verdict::stop();
}

// Inverted: '"...," said X' or ', said X'; when no name follows, the subject rules still try.
Verdict inverted_after_quote(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t v = in.cue.verb;
    const bool after_quote_or_comma =
        v > 0 && (t[v - 1].is_punct(',') || (t[v - 1].kind == TokenKind::quote && t[v - 1].quote_side == 'c'));
    if (!after_quote_or_comma || (v + 1 < t.size() && (t[v + 1].is("that") || t[v + 1].is("it"))))
        return Verdict::pass();
    const auto m = in.reader.mention_starting_at(v + 1);
    if (!m || after_the(t, *m)) return Verdict::pass();
    const bool suffix = m->last + 1 < t.size() && (t[m->last + 1].is("jr") || t[m->last + 1].is("sr"));
    if (!in.reader.ends_clause(m->last + 1 + (suffix ? 1 : 0))) return Verdict::pass();
    return Verdict::after_cue(*m);
}

// No subject can stand before the verb: the field's first token, another sentence, or a
// possessive ("Trump's spokesman said").
Verdict no_subject_slot(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    if (!in.subject_slot || t[*in.subject_slot].sentence != t[in.cue.verb].sentence ||
        t[*in.subject_slot].is("'s"))
        return Verdict::stop();
    return Verdict::pass();
}

// The subject found at slot `k`: anchored at the name when it stands right before the verb,
// else at the slot (a pronoun, an appositive's comma).
Verdict subject_found(const RuleInput& in, const std::optional<Mention>& m) {
    if (!m) return Verdict::stop();
    const std::size_t k = *in.subject_slot;
    const bool named = m->last < in.cue.verb && m->last + 12 >= k && m->first <= k;
    return Verdict::before_cue(*m, named ? m->first : k);
}

// "John Smith said", "Sen. Cruz also said".
Verdict subject_name(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!in.reader.name_token(k)) return Verdict::pass();
    auto subject = in.reader.mention_ending_at(k);
    if (subject && after_the(t, *subject)) subject.reset();
    // "People in Fort Pierce said", "a spokesman for House Speaker Paul Ryan told": a name
    // after a preposition is not the subject.
    if (subject) {
        const int sentence = t[in.cue.verb].sentence;
        std::size_t p = subject->first;
        while (p > 0 && t[p - 1].kind == TokenKind::word && t[p - 1].cap && t[p - 1].sentence == sentence) --p;
        if (p > 0 && t[p - 1].kind == TokenKind::word && !t[p - 1].cap &&
            in.lex.place_prepositions.contains(t[p - 1].lower))
            subject.reset();
    }
    return subject_found(in, subject);
}

// "John Smith of the National Retail Federation said".
Verdict subject_of_organisation(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!(t[k].cap && in.lex.org_heads.contains(t[k].lower))) return Verdict::pass();
    std::size_t o = k;
    while (o > 0 && k - o < 8 && (t[o].cap || t[o].is("the")) && t[o].kind == TokenKind::word) --o;
    std::optional<Mention> subject;
    if (t[o].is("of") && o > 0 && in.reader.name_token(o - 1)) {
        if (auto m = in.reader.mention_ending_at(o - 1); m && m->last == o - 1 && (m->titled || m->last > m->first))
            subject = m;
    }
    return subject_found(in, subject);
}

// "John Smith, who ..., said".
Verdict subject_relative_who(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!(t[k].is("who") && k > 1 && t[k - 1].is_punct(',') && in.reader.name_token(k - 2))) return Verdict::pass();
    return subject_found(in, in.reader.mention_ending_at(k - 2));
}

// Appositive: "X, the minister of ..., said", ", James B. Comey, said".
Verdict subject_appositive(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!(t[k].is_punct(',') && k > 2)) return Verdict::pass();
    const int sentence = t[in.cue.verb].sentence;
    std::optional<Mention> subject;
    // ", James B. Comey, said": the name is the appositive itself.
    if (in.reader.name_token(k - 1)) {
        if (auto m = in.reader.mention_ending_at(k - 1);
            m && m->first > 0 && t[m->first - 1].is_punct(',') && m->last == k - 1)
            subject = m;
    }
    // "Debbie Walsh, director of the Center ..., at Rutgers University, said": the name
    // before the first comma of the chain, at the start of its clause.
    std::size_t c = k;
    for (std::size_t n = 0; !subject && c > 0 && n < 40; ++n) {
        --c;
        if (t[c].sentence != sentence || t[c].kind == TokenKind::quote) break;
        if (!t[c].is_punct(',') || c == 0) continue;
        std::size_t before = c;
        if (t[before - 1].is_punct(')')) {
            std::size_t o = before - 1;
            while (o > 0 && !t[o].is_punct('(') && before - o < 8) --o;
            if (t[o].is_punct('(')) before = o;
        }
        if (before == 0 || !in.reader.name_token(before - 1)) continue;
        auto m = in.reader.mention_ending_at(before - 1);
        if (!m) continue;
        std::size_t head = m->first;
        while (head > 0 && t[head - 1].sentence == sentence &&
               ((t[head - 1].kind == TokenKind::word && t[head - 1].cap) || t[head - 1].is_punct('.')))
            --head;
        const bool clause_start = head == 0 || t[head - 1].sentence != sentence || t[head - 1].is_punct(',') ||
                                  t[head - 1].kind == TokenKind::quote || t[head - 1].is("and") ||
                                  t[head - 1].is("but") || t[head].sentence_start;
        if (clause_start) subject = m;
    }
    return subject_found(in, subject);
}

// "the president said": the one person the article gave that title.
Verdict subject_the_title(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!(k > 0 && !t[k].cap && in.lex.titles.contains(t[k].lower) && t[k - 1].is("the"))) return Verdict::pass();
    std::optional<Mention> pick;
    bool ambiguous = false;
    for (const Mention& m : in.mentions) {
        if (m.field != in.reader.field_index() || m.last >= k || m.title != t[k].lower) continue;
        if (pick && surname_of(t, *pick) != surname_of(t, m)) ambiguous = true;
        pick = m;
    }
    if (ambiguous) pick.reset();
    return subject_found(in, pick);
}

// "he said": the single compatible person named in this or the two sentences before; else
// the nearest sentence subject when several fit; else the last subject of the sentence before.
Verdict subject_pronoun(const RuleInput& in) {
    const Tokens& t = tokens_of(in);
    const std::size_t k = *in.subject_slot;
    if (!((t[k].is("he") || t[k].is("she")) && !t[k].cap == !t[k].sentence_start)) return Verdict::pass();
    const int sentence = t[in.cue.verb].sentence;
    const std::size_t fi = in.reader.field_index();
    const char want = t[k].is("he") ? 'm' : 'f';
    std::optional<Mention> pick;
    std::optional<Mention> subject_pick;  // the nearest compatible sentence subject
    bool ambiguous = false;
    std::string pick_surname;
    for (auto it = in.mentions.rbegin(); it != in.mentions.rend(); ++it) {
        if (it->field != fi || it->last >= k) continue;
        if (it->sentence < sentence - 2) break;
        if (it->gender && it->gender != want) continue;
        // Only person-like antecedents: a known first name, a title, or a speaker.
        if (!it->gender && !it->titled) {
            const std::string sn = surname_of(*in.fields[it->field].tokens, *it);
            const bool spoke = std::any_of(in.found.begin(), in.found.end(), [&](const Attributed& x) {
                return surname_of(*in.fields[x.field].tokens, x.mention) == sn;
            });
            if (!spoke) continue;
        }
        if (!subject_pick && it->subject) subject_pick = *it;
        const std::string s = surname_of(t, *it);
        if (!pick) {
            pick = *it;
            pick_surname = s;
        } else if (s != pick_surname) {
            ambiguous = true;
        }
    }
    if (pick && !ambiguous) return subject_found(in, pick);
    if (ambiguous && subject_pick && subject_pick->sentence >= sentence - 1) return subject_found(in, subject_pick);
    if (!pick && in.last_subject && in.last_subject->sentence >= sentence - 1 && in.last_subject->gender == want)
        return subject_found(in, in.last_subject);
    return Verdict::stop();
}

constexpr std::array<AttributionRule, 11> rules = {{
    {"gerund_subject", gerund_subject, false},
    {"according_to", according_to, false},
    {"passive_by", passive_by, false},
    {"inverted_after_quote", inverted_after_quote, false},
    {"no_subject_slot", no_subject_slot, false},
    {"subject_name", subject_name, true},
    {"subject_of_organisation", subject_of_organisation, true},
    {"subject_relative_who", subject_relative_who, true},
    {"subject_appositive", subject_appositive, true},
    {"subject_the_title", subject_the_title, true},
    {"subject_pronoun", subject_pronoun, true},
}};

}  // namespace

std::span<const AttributionRule> attribution_rules() { return rules; }

std::optional<std::size_t> subject_slot(const NameLexicon& lex, const std::vector<Token>& t, std::size_t v) {
    if (v == 0) return std::nullopt;
    std::size_t k = v - 1;
    while (k > 0 && t[k].kind == TokenKind::word && !t[k].cap && lex.adverbs.contains(t[k].lower) &&
           t[k].sentence == t[v].sentence)
        --k;
    if (t[k].is_punct(')') && k > 1) {
        std::size_t o = k;
        while (o > 0 && !t[o].is_punct('(') && k - o < 8) --o;
        if (t[o].is_punct('(') && o > 0) k = o - 1;
    }
    return k;
}


std::optional<Cue> cue_at(const NameLexicon& lex, const Field& field, std::size_t field_index, std::size_t i) {
    const Tokens& t = *field.tokens;
    const Token& tok = t[i];
    if (tok.kind != TokenKind::word) return std::nullopt;
    if (tok.is("according") && i + 1 < t.size() && t[i + 1].is("to")) return Cue{i, i + 2, true};
    if (!lex.speech_verbs.contains(tok.lower) && !lex.gerunds.contains(tok.lower) &&
        !(field.name == "title" && lex.headline_verbs.contains(tok.lower)))
        return std::nullopt;
    if (tok.cap && !tok.sentence_start && field_index != 0) return std::nullopt;  // a title-case heading in the body
    return Cue{i, i + 1, false};
}

std::vector<Attributed> find_attributions(const NameLexicon& lex, const CountryGazetteer& places,
                                          const std::vector<Field>& fields, const std::vector<Mention>& mentions) {
    std::vector<Attributed> found;
    for (std::size_t fi = 0; fi < fields.size(); ++fi) {
        const Field& f = fields[fi];
        if (f.all_caps) continue;
        const Tokens& t = *f.tokens;
        const MentionReader reader(lex, places, f, fi);
        std::optional<Mention> last_subject;
        for (std::size_t v = 0; v < t.size(); ++v) {
            const auto cue = cue_at(lex, f, fi, v);
            if (!cue) continue;
            const RuleInput in{lex, reader, fields, mentions, found, last_subject, *cue, subject_slot(lex, t, v)};
            for (const AttributionRule& rule : rules) {
                const Verdict verdict = rule.apply(in);
                if (!verdict.claimed) continue;
                if (verdict.name) {
                    Mention name = *verdict.name;
                    trim_headline_words(lex, fields, name);
                    found.push_back({name, fi, cue->verb, cue->end, verdict.subject_before, verdict.anchor,
                                     rule.name});
                    if (rule.subject_rule) last_subject = verdict.name;
                }
                break;
            }
        }
    }
    return found;
}

}  // namespace dateline::extract

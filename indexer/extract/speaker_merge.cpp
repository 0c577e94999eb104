#include "extract/speaker_merge.h"

#include "extract/extractor.h"
#include "extract/source_types.h"
#include "core/text_folding.h"

#include <algorithm>

namespace dateline::extract {
namespace {

using Tokens = std::vector<Token>;

// The quote next to a cue, or the rest of the sentence after it.
void statement_span(const Field& f, const Attributed& found, index::Attribution& a) {
    const Tokens& t = *f.tokens;
    const int sentence = t[found.cue].sentence;
    // A quote closing just before the name or the cue: "...," X said / "...," said X.
    std::size_t before = found.subject_before ? found.anchor : found.cue;
    std::size_t k = before;
    int steps = 0;
    while (k > 0 && steps < 3) {
        --k;
        ++steps;
        if (t[k].kind == TokenKind::quote && t[k].quote_side == 'c') {
            std::size_t o = k;
            while (o > 0) {
                --o;
                if (t[o].kind == TokenKind::quote && (t[o].quote_side == 'o' || o + 1 == k)) break;
                if (k - o > 400) break;
            }
            if (t[o].kind == TokenKind::quote && o < k) {
                a.begin = t[o].end;
                a.end = t[k].begin;
                a.text = normalize_space(f.text.substr(a.begin, a.end - a.begin));
                return;
            }
        }
        if (!t[k].is_punct(',')) break;
    }
    // Otherwise the statement after the cue (or after the name in inverted order).
    std::size_t from = found.subject_before ? found.cue_end : found.mention.last + 1;
    while (from < t.size() && (t[from].is_punct(':') || t[from].is_punct(',') || t[from].is("that"))) ++from;
    if (from >= t.size()) return;
    if (found.subject_before && t[from].kind == TokenKind::punct && t[from].sentence == sentence &&
        found.anchor > 0) {
        // "..., Hawkins said." reports what comes before the name.
        std::size_t b = found.anchor;
        while (b > 0 && t[b - 1].sentence == sentence) --b;
        std::size_t e = found.anchor;
        while (e > b && (t[e - 1].is_punct(',') || t[e - 1].kind == TokenKind::quote)) --e;
        if (e > b) {
            a.begin = t[b].begin;
            a.end = t[e - 1].end;
            a.text = normalize_space(f.text.substr(a.begin, a.end - a.begin));
        }
        return;
    }
    std::size_t to = from;
    if (t[from].kind == TokenKind::quote) {
        ++from;
        to = from;
        while (to < t.size() && !(t[to].kind == TokenKind::quote && t[to].quote_side == 'c')) ++to;
        if (to >= t.size()) to = t.size() - 1;
    } else {
        while (to + 1 < t.size() && t[to + 1].sentence == sentence) ++to;
    }
    if (from > to || from >= t.size()) return;
    a.begin = t[from].begin;
    a.end = t[to].kind == TokenKind::quote ? t[to].begin : t[to].end;
    if (a.end < a.begin) a.end = a.begin;
    a.text = normalize_space(f.text.substr(a.begin, a.end - a.begin));
}

}  // namespace

bool compatible_given(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return true;
    if (a.size() == 1 || b.size() == 1) return a[0] == b[0];
    return a.starts_with(b) || b.starts_with(a);
}

void merge_speakers(const NameLexicon& lex, const std::vector<Field>& fields, const std::vector<Mention>& mentions,
                    const std::vector<Attributed>& found, std::vector<std::string>& speakers,
                    std::vector<std::string>& organizations, std::vector<index::Attribution>& attributions) {
    // Merge name variants into the fullest form the article uses.
    struct Person {
        std::string display;
        std::string surname;
        std::string given;
        std::size_t words = 0;
    };
    const auto person_of = [&](const Mention& m) {
        const Field& f = fields[m.field];
        const Tokens& t = *f.tokens;
        Person p;
        p.display = display_name(f.text, t, m);
        p.surname = surname_of(t, m);
        for (std::size_t k = m.first; k <= m.last; ++k) {
            if (t[k].kind != TokenKind::word) continue;
            ++p.words;
            if (p.given.empty() && k != m.last) p.given = t[k].lower;
        }
        return p;
    };
    std::vector<Person> people;
    for (const Mention& m : mentions) people.push_back(person_of(m));
    // Index in `speakers` of each attribution this call adds, in order.
    const std::size_t first_attribution = attributions.size();
    std::vector<std::size_t> speaker_of_attribution;
    for (const Attributed& fd : found) {
        const Tokens& t = *fields[fd.field].tokens;
        if (auto org = organization_named(lex, fields, mentions, fd.mention)) {
            const std::string key = fold(*org);
            if (std::none_of(organizations.begin(), organizations.end(),
                             [&](const std::string& o) { return fold(o) == key; }))
                organizations.push_back(std::move(*org));
            continue;
        }
        Person p = person_of(fd.mention);
        // The fullest compatible form among all mentions with this surname.
        const Person* best = nullptr;
        int candidates = 0;
        for (const Person& q : people) {
            if (q.surname != p.surname || !compatible_given(p.given, q.given)) continue;
            if (!best || q.words > best->words) {
                if (best && !compatible_given(best->given, q.given)) ++candidates;
                best = &q;
            }
        }
        if (p.words == 1 && !best) {
            // A given name alone: "Hillary" for "Hillary Clinton" when only one fits.
            const std::string w = t[fd.mention.first].lower;
            for (const Person& q : people)
                if (q.given == w && q.words > 1) {
                    if (best && best->surname != q.surname) {
                        best = nullptr;
                        break;
                    }
                    best = &q;
                }
        }
        // A lone word is a person only if the article names them in full or with a title.
        if (p.words == 1 && !best && !fd.mention.titled) {
            std::size_t seen = 0;
            bool common_word = false;  // also written in lower case: "Acquisition", "Express"
            for (const Token& x : t) {
                if (x.kind != TokenKind::word || x.lower != t[fd.mention.last].lower) continue;
                if (x.cap) ++seen;
                else common_word = true;
            }
            if (seen < 3 || common_word) continue;
        }
        std::string name = (best && candidates == 0 && best->words >= p.words) ? best->display : p.display;
        if (const auto alias = lex.aliases.find(fold(name)); alias != lex.aliases.end()) name = alias->second;
        // One entry per person: a later, fuller form replaces an earlier one.
        const std::string key = speaker_key(name);
        const auto last_word = [](const std::string& k) { return k.substr(k.rfind(' ') + 1); };
        const auto same_person = std::find_if(speakers.begin(), speakers.end(), [&](const std::string& s) {
            const std::string sk = speaker_key(s);
            return sk == key || (last_word(sk) == last_word(key) &&
                                 (sk.find(' ') == std::string::npos || key.find(' ') == std::string::npos));
        });
        const auto speaker = static_cast<std::size_t>(same_person - speakers.begin());
        if (speaker == speakers.size()) speakers.push_back(name);
        else if (key.size() > speaker_key(speakers[speaker]).size()) speakers[speaker] = name;
        speaker_of_attribution.push_back(speaker);
        index::Attribution a;
        a.field = std::string(fields[fd.field].name);
        a.cue_begin = t[fd.cue].begin;
        a.cue = normalize_space(fields[fd.field].text.substr(t[fd.cue].begin, t[fd.cue_end - 1].end - t[fd.cue].begin));
        statement_span(fields[fd.field], fd, a);
        attributions.push_back(std::move(a));
    }
    // Attributions name the final form of their speaker, which a later, fuller mention may
    // have replaced after the attribution was made.
    for (std::size_t i = 0; i < speaker_of_attribution.size(); ++i)
        attributions[first_attribution + i].speaker = speakers[speaker_of_attribution[i]];
}

}  // namespace dateline::extract

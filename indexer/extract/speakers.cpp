#include "extract/speakers.h"

#include "extract/extractor.h"
#include "core/text_folding.h"

#include <algorithm>
#include <optional>

namespace dateline::extract {
namespace {

using Tokens = std::vector<Token>;

constexpr std::string_view particles[] = {"de", "van", "von", "bin", "al", "la", "le", "da",
                                          "di", "du", "del", "der", "ben", "el", "st"};

bool is_particle(std::string_view w) {
    return std::find(std::begin(particles), std::end(particles), w) != std::end(particles);
}

// Prepositions before a place, an event or an organisation, never before the speaker.
bool is_place_preposition(std::string_view w) {
    static constexpr std::string_view words[] = {"in", "at", "on", "from", "for", "with", "during",
                                                 "near", "into", "inside", "outside", "across", "about"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

struct Mention {
    std::size_t first = 0;  // token range of the name proper (titles stripped)
    std::size_t last = 0;
    std::size_t field = 0;
    int sentence = 0;
    char gender = 0;  // 'm', 'f' or 0
    bool titled = false;
    bool subject = false;  // starts its sentence (after titles): the likely referent of "he"
    std::string title;     // the title word right before the name: "president"
};

struct Speaker {
    Mention mention;
    std::size_t cue = 0;
};

class FieldScan {
public:
    FieldScan(const NameLexicon& lex, const CountryGazetteer& places, const Field& f, std::size_t index)
        : lex_(lex), places_(places), f_(f), t_(*f.tokens), index_(index) {}

    // A token that can be part of a name run (titles included).
    bool name_token(std::size_t i) const {
        const Token& t = t_[i];
        if (t.kind != TokenKind::word) return false;
        if (t.cap) {
            if (t.all_caps && !f_.all_caps && t.lower.size() > 1 && !lex_.titles.contains(t.lower)) return false;
            return !lex_.nonperson.contains(t.lower) || lex_.titles.contains(t.lower);
        }
        return is_particle(t.lower) && i + 1 < t_.size() && t_[i + 1].cap;
    }

    bool is_title(std::size_t i) const { return lex_.titles.contains(t_[i].lower); }

    // A lower-case word that can describe a person before the name: a role or an adjective.
    bool is_descriptor(std::string_view w) const {
        if (lex_.titles.contains(w) || w == "the" || w == "a" || w == "an" || w == "and" || w == "of") return true;
        static constexpr std::string_view stop[] = {"that", "this", "these", "those", "he", "she", "it",
                                                    "they", "we", "there", "would", "will", "could",
                                                    "should", "can", "may", "is", "was", "are", "were",
                                                    "has", "had", "have", "not", "his", "her", "their"};
        if (std::find(std::begin(stop), std::end(stop), w) != std::end(stop)) return false;
        static constexpr std::string_view endings[] = {"al", "ic", "ist", "ant", "ive", "ian", "er",
                                                       "or", "ent", "ary", "ior", "time", "ous"};
        for (auto e : endings)
            if (w.size() > e.size() + 2 && w.ends_with(e)) return true;
        return false;
    }
    bool is_title_run(std::size_t i) const { return t_[i].kind == TokenKind::word && t_[i].cap; }

    // "Sen. Jeff Merkley of Oregon", "David French of the National Retail Federation": a
    // titled or two-word name followed by "of" and a place or an organisation ends before "of".
    std::size_t cut_affiliation(std::size_t b, std::size_t e) const {
        for (std::size_t of = e; of > b + 1; --of) {
            if (!t_[of - 1].is("of")) continue;
            const std::size_t head_last = of - 2;
            std::size_t tail = of;
            if (t_[tail].is("the") && tail < e) ++tail;
            const bool place = places_.is_place_phrase(t_, tail, e, true);
            const bool org = lex_.org_heads.contains(t_[e].lower) && t_[tail].cap;
            if (!place && !org) continue;
            std::size_t words = 0;
            bool titled = false;
            for (std::size_t k = b; k <= head_last; ++k) {
                if (t_[k].kind != TokenKind::word) continue;
                if (lex_.titles.contains(t_[k].lower)) titled = true;
                else if (t_[k].cap && !lex_.nonperson.contains(t_[k].lower)) ++words;
            }
            if (words >= 2 || (titled && words >= 1)) return head_last;
        }
        return e;
    }

    // Strips leading titles and place words from [b, e]; validates the rest as a person.
    std::optional<Mention> make_mention(std::size_t b, std::size_t e) const {
        e = cut_affiliation(b, e);
        {
            std::size_t last = e;
            while (last > b && t_[last].kind != TokenKind::word) --last;
            if (lex_.org_heads.contains(t_[last].lower) || lex_.nonperson.contains(t_[last].lower))
                return std::nullopt;
        }
        bool titled = false;
        char gender = 0;
        std::string title_word;
        std::size_t start = b;
        for (std::size_t k = b; k <= e; ++k) {
            const Token& t = t_[k];
            if (t.kind != TokenKind::word) continue;
            const bool title = lex_.titles.contains(t.lower);
            // A place or title word right after a known first name is a surname: "David French",
            // "Matthew Prince".
            const bool surname = k == e && k > b && t_[k - 1].kind == TokenKind::word && t_[k - 1].cap &&
                                 lex_.first_names.contains(t_[k - 1].lower);
            if (((title || places_.is_place_word(t.lower)) && !surname) || t.lower == "of" ||
                t.lower == "the" || t.lower == "and" || lex_.nonperson.contains(t.lower)) {
                start = k + 1;
                titled = titled || title;
                if (title) title_word = t.lower;
                if (t.lower == "mr") gender = 'm';
                if (t.lower == "mrs" || t.lower == "ms" || t.lower == "miss") gender = 'f';
            }
        }
        while (start <= e && (t_[start].kind != TokenKind::word || !t_[start].cap ||
                              (t_[start].sentence_start && t_[start].lower.ends_with("ing"))))
            ++start;
        if (start > e) return std::nullopt;
        std::size_t words = 0;
        for (std::size_t k = start; k <= e; ++k) {
            const Token& t = t_[k];
            if (t.kind == TokenKind::punct && t.lower == ".") continue;
            if (t.kind != TokenKind::word) return std::nullopt;
            if (lex_.nonperson.contains(t.lower)) return std::nullopt;
            if (!t.cap && !is_particle(t.lower)) return std::nullopt;
            ++words;
        }
        std::size_t end = e;
        while (end > start && (t_[end].kind != TokenKind::word || t_[end].is("jr") || t_[end].is("sr") ||
                               t_[end].is("ii") || t_[end].is("iii") || t_[end].is("iv")))
            --end;
        if (lex_.org_heads.contains(t_[end].lower)) return std::nullopt;
        if (words == 1 && (t_[end].lower.size() < 2 || places_.is_place_word(t_[end].lower) ||
                           t_[end].is("jr") || t_[end].is("sr")))
            return std::nullopt;
        if (words > 4) return std::nullopt;
        if (words > 1 && places_.is_place_phrase(t_, start, end)) return std::nullopt;
        if (!gender) {
            if (const auto g = lex_.first_names.find(t_[start].lower); g != lex_.first_names.end())
                gender = g->second;
        }
        Mention m;
        m.first = start;
        m.last = end;
        m.field = index_;
        m.sentence = t_[start].sentence;
        m.gender = gender;
        m.titled = titled;
        m.title = title_word;
        m.subject = t_[b].sentence_start || (b > 0 && t_[b - 1].sentence != t_[b].sentence);
        return m;
    }

    // The name run ending at token `e` (inclusive), read backwards.
    std::optional<Mention> mention_ending_at(std::size_t e) const {
        if (e >= t_.size() || !name_token(e)) return std::nullopt;
        std::size_t b = e;
        while (b > 0) {
            const std::size_t p = b - 1;
            if (t_[p].sentence != t_[e].sentence) break;
            if (name_token(p)) {
                if (t_[p].sentence_start && lex_.nonperson.contains(t_[p].lower)) break;
                b = p;
                continue;
            }
            // An initial or abbreviated title: "J. Smith", "Sen. Cruz".
            if (t_[p].is_punct('.') && p > 0 && t_[p].begin == t_[p - 1].end &&
                (t_[p - 1].lower.size() == 1 || is_title(p - 1)) && t_[p - 1].cap) {
                b = p - 1;
                continue;
            }
            if ((t_[p].is("of") || t_[p].is("the") || t_[p].is("and")) && p > 0 && is_title_run(p - 1)) {
                b = p - 1;
                continue;
            }
            break;
        }
        return make_mention(b, e);
    }

    // The name run starting at token `b`, read forwards: leading lower-case words
    // ("political consultant") are skipped, then capitalised words, titles and initials
    // are taken and make_mention strips everything up to the last title or organisation word.
    std::optional<Mention> mention_starting_at(std::size_t b) const {
        std::size_t k = b;
        if (k >= t_.size()) return std::nullopt;
        const int sentence = t_[k].sentence;
        for (int skipped = 0; k < t_.size() && skipped < 6; ++skipped) {
            const Token& t = t_[k];
            if (t.sentence != sentence || t.kind != TokenKind::word || t.cap) break;
            // "said on Capital Download", "said in Fort Pierce": a place or a programme.
            if (is_place_preposition(t.lower)) return std::nullopt;
            ++k;
        }
        // Descriptors before the name: "Florida-based Republican strategist Al Cardenas",
        // "Montclair State University political scientist Brigid Harrison".
        {
            std::size_t j = k;
            std::size_t last_lower = 0;
            int name_words = 0;  // capitalised words since the last lower-case one that may be a name
            for (int n = 0; j < t_.size() && n < 10 && t_[j].sentence == sentence; ++n, ++j) {
                const Token& t = t_[j];
                if (t.kind == TokenKind::punct && t.lower == "-") continue;
                if (t.kind != TokenKind::word) break;
                if (t.cap) {
                    // A place word after a known first name is a surname ("David French").
                    const bool plain = !lex_.titles.contains(t.lower) && !lex_.nonperson.contains(t.lower) &&
                                       (!places_.is_place_word(t.lower) ||
                                        (name_words > 0 && lex_.first_names.contains(t_[j - 1].lower)));
                    name_words = plain ? name_words + 1 : 0;
                    continue;
                }
                // "John Smith of the National Retail Federation": the name is already complete.
                if (name_words >= 2 && (t.is("of") || t.is("the") || t.is("and"))) break;
                name_words = 0;
                if (!is_descriptor(t.lower) && !(j > 0 && t_[j - 1].is_punct('-'))) break;
                last_lower = j;
            }
            if (last_lower > k && last_lower + 1 < t_.size() && t_[last_lower + 1].cap &&
                t_[last_lower + 1].kind == TokenKind::word)
                k = last_lower + 1;
        }
        if (k >= t_.size() || t_[k].kind != TokenKind::word || !t_[k].cap || t_[k].sentence != sentence)
            return std::nullopt;
        std::size_t e = k;
        while (e + 1 < t_.size() && t_[e + 1].sentence == sentence) {
            const std::size_t n = e + 1;
            if (t_[n].kind == TokenKind::word && (t_[n].cap || is_particle(t_[n].lower))) {
                e = n;
                continue;
            }
            if (t_[n].is_punct('.') && t_[n].begin == t_[e].end && (t_[e].lower.size() == 1 || is_title(e)) &&
                n + 1 < t_.size() && t_[n + 1].cap) {
                e = n + 1;
                continue;
            }
            if ((t_[n].is("of") || t_[n].is("the") || t_[n].is("and")) && n + 1 < t_.size() && t_[n + 1].cap &&
                t_[n + 1].kind == TokenKind::word) {
                e = n + 1;
                continue;
            }
            break;
        }
        return make_mention(k, e);
    }

    // Whether the token after a name closes the inverted clause: '"...," said X.'
    bool ends_clause(std::size_t after) const {
        if (after >= t_.size()) return true;
        const Token& t = t_[after];
        if (t.sentence != t_[after - 1].sentence) return true;
        static constexpr std::string_view words[] = {"who", "in", "on", "at", "during", "after", "of",
                                                     "when", "as", "before", "while", "referring",
                                                     "adding", "because", "from", "with", "via"};
        return t.kind == TokenKind::punct || t.kind == TokenKind::quote ||
               std::find(std::begin(words), std::end(words), std::string_view(t.lower)) != std::end(words);
    }

    const NameLexicon& lex_;
    const CountryGazetteer& places_;
    const Field& f_;
    const Tokens& t_;
    std::size_t index_;
};


// Words that may stand between a subject and its speech verb: "Clinton also said".
bool is_adverb_or_aux(std::string_view w) {
    static constexpr std::string_view words[] = {
        "also", "later", "then", "previously", "recently", "once", "repeatedly", "has", "had",
        "have", "again", "further", "reportedly", "publicly", "privately", "quickly", "simply",
        "initially", "earlier", "often", "frequently", "flatly", "first", "subsequently", "bluntly",
        "herself", "himself", "openly", "told", "already", "famously", "even", "just", "finally"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

struct Found {
    Mention mention;
    std::size_t field;
    std::size_t cue;       // token index of the cue
    std::size_t cue_end;   // one past the cue tokens
    bool subject_before;   // name precedes the cue
    std::size_t anchor = 0;  // where the subject stands: the name, or the pronoun that refers to it
};

std::string surname_of(const Tokens& t, const Mention& m) { return collapse_transliteration(t[m.last].lower); }

std::string display(std::string_view text, const Tokens& t, const Mention& m) {
    return normalize_space(text.substr(t[m.first].begin, t[m.last].end - t[m.first].begin));
}

// The quote next to a cue, or the rest of the sentence after it.
void evidence(const Field& f, const Found& found, index::Attribution& a) {
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

bool compatible_given(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) return true;
    if (a.size() == 1 || b.size() == 1) return a[0] == b[0];
    return a.starts_with(b) || b.starts_with(a);
}

}  // namespace

void find_speakers(const NameLexicon& lex, const CountryGazetteer& places, const std::vector<Field>& fields,
                   std::vector<std::string>& speakers, std::vector<index::Attribution>& attributions) {
    std::vector<Found> found;
    std::vector<Mention> mentions;  // every person-like name, for merging and pronouns
    for (std::size_t fi = 0; fi < fields.size(); ++fi) {
        const Field& f = fields[fi];
        if (f.all_caps) continue;  // a wire headline in capitals tells names from words by nothing
        const Tokens& t = *f.tokens;
        FieldScan scan(lex, places, f, fi);
        // Person mentions: runs of two or more name words, or one after a personal title.
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (!scan.name_token(i) || (i + 1 < t.size() && scan.name_token(i + 1))) continue;
            if (i + 1 < t.size() && t[i + 1].is_punct('.') && t[i].lower.size() == 1) continue;
            if (auto m = scan.mention_ending_at(i)) {
                if (m->last > m->first || m->titled) mentions.push_back(*m);
            }
        }
    }
    // One gender per surname: "Barack Obama" makes a later bare "Obama" a "he".
    {
        std::vector<std::pair<std::string, char>> genders;
        for (const Mention& m : mentions)
            if (m.gender) genders.emplace_back(surname_of(*fields[m.field].tokens, m), m.gender);
        for (Mention& m : mentions) {
            if (m.gender) continue;
            const std::string s = surname_of(*fields[m.field].tokens, m);
            for (const auto& [sn, g] : genders)
                if (sn == s) {
                    if (m.gender && m.gender != g) {
                        m.gender = 0;
                        break;
                    }
                    m.gender = g;
                }
        }
    }
    for (std::size_t fi = 0; fi < fields.size(); ++fi) {
        const Field& f = fields[fi];
        if (f.all_caps) continue;
        const Tokens& t = *f.tokens;
        FieldScan scan(lex, places, f, fi);
        std::size_t last_subject_field = fields.size();
        std::optional<Mention> last_subject;
        for (std::size_t v = 0; v < t.size(); ++v) {
            const Token& tok = t[v];
            if (tok.kind != TokenKind::word) continue;
            std::size_t cue_end = v + 1;
            bool according = false;
            if (tok.is("according") && v + 1 < t.size() && t[v + 1].is("to")) {
                according = true;
                cue_end = v + 2;
            } else if (!lex.speech_verbs.contains(tok.lower) && !lex.gerunds.contains(tok.lower) &&
                       !(f.name == "title" && lex.headline_verbs.contains(tok.lower))) {
                continue;
            } else if (tok.cap && !tok.sentence_start && fi != 0) {
                continue;  // a verb in a title-case heading inside the body
            }
            if (!according && lex.gerunds.contains(tok.lower)) {
                // "Trump attacked Clinton, saying ...": the subject that opens the sentence.
                if (v > 0 && t[v - 1].is_punct(',')) {
                    std::size_t s0 = v;
                    while (s0 > 0 && t[s0 - 1].sentence == tok.sentence) --s0;
                    if (auto m = scan.mention_starting_at(s0); m && m->last + 1 < v &&
                        t[m->last + 1].kind == TokenKind::word && !t[m->last + 1].cap)
                        found.push_back({*m, fi, v, cue_end, true, v});
                }
                continue;
            }
            if (according) {
                // Not "according to FEC records" or "according to the Las Vegas Sun".
                if (auto m = scan.mention_starting_at(cue_end);
                    m && !(m->last + 1 < t.size() && t[m->last + 1].kind == TokenKind::word && !t[m->last + 1].cap) &&
                    !(t[m->first - 1].is("the") && !m->titled))
                    found.push_back({*m, fi, v, cue_end, false});
                continue;
            }
            // Passive: "was confirmed by X".
            if (v + 1 < t.size() && t[v + 1].is("by")) {
                if (auto m = scan.mention_starting_at(v + 2)) found.push_back({*m, fi, v, v + 1, false});
                continue;
            }
            // Inverted: '"...," said X' or ', said X'.
            const bool after_quote_or_comma =
                v > 0 && (t[v - 1].is_punct(',') || (t[v - 1].kind == TokenKind::quote && t[v - 1].quote_side == 'c'));
            if (after_quote_or_comma && !(v + 1 < t.size() && (t[v + 1].is("that") || t[v + 1].is("it")))) {
                // Not "..., described the DLC as": a name after "the" is an object or an organisation.
                if (auto m = scan.mention_starting_at(v + 1); m && !(t[m->first - 1].is("the") && !m->titled) &&
                        scan.ends_clause(m->last + 1 +
                        ((m->last + 1 < t.size() && (t[m->last + 1].is("jr") || t[m->last + 1].is("sr"))) ? 1 : 0))) {
                    found.push_back({*m, fi, v, cue_end, false});
                    continue;
                }
            }
            // Subject before the verb, over adverbs and auxiliaries.
            if (v == 0) continue;
            std::size_t k = v - 1;
            while (k > 0 && t[k].kind == TokenKind::word && !t[k].cap && is_adverb_or_aux(t[k].lower) &&
                   t[k].sentence == tok.sentence)
                --k;
            if (t[k].is_punct(')') && k > 1) {
                // "Sen. Marco Rubio (R-Fla.) said"
                std::size_t o = k;
                while (o > 0 && !t[o].is_punct('(') && k - o < 8) --o;
                if (t[o].is_punct('(') && o > 0) k = o - 1;
            }
            if (t[k].sentence != tok.sentence) continue;
            std::optional<Mention> subject;
            if (t[k].is("'s")) continue;  // "Trump's spokesman said"
            if (scan.name_token(k)) {
                subject = scan.mention_ending_at(k);
                // "the Trump campaign" style: a name after "the" is an organisation.
                if (subject && subject->first > 0 && t[subject->first - 1].is("the") &&
                    !subject->titled)
                    subject.reset();
                // "People in Fort Pierce said", "a spokesman for House Speaker Paul Ryan told":
                // a name after a preposition is not the subject.
                if (subject) {
                    std::size_t p = subject->first;
                    while (p > 0 && t[p - 1].kind == TokenKind::word && t[p - 1].cap && t[p - 1].sentence == tok.sentence)
                        --p;
                    if (p > 0 && t[p - 1].kind == TokenKind::word && !t[p - 1].cap && is_place_preposition(t[p - 1].lower))
                        subject.reset();
                }
            } else if (t[k].cap && lex.org_heads.contains(t[k].lower)) {
                // "John Smith of the National Retail Federation said".
                std::size_t o = k;
                while (o > 0 && k - o < 8 && (t[o].cap || t[o].is("the")) && t[o].kind == TokenKind::word) --o;
                if (t[o].is("of") && o > 0 && scan.name_token(o - 1)) {
                    if (auto m = scan.mention_ending_at(o - 1); m && m->last == o - 1 && (m->titled || m->last > m->first))
                        subject = m;
                }
            } else if (t[k].is("who") && k > 1 && t[k - 1].is_punct(',') && scan.name_token(k - 2)) {
                subject = scan.mention_ending_at(k - 2);
            } else if (t[k].is_punct(',') && k > 2) {
                // Appositive: "X, the minister of ..., said".
                std::size_t c = k;
                // ", James B. Comey, said": the name is the appositive itself.
                if (scan.name_token(k - 1)) {
                    if (auto m = scan.mention_ending_at(k - 1); m && m->first > 0 &&
                        t[m->first - 1].is_punct(',') && m->last == k - 1)
                        subject = m;
                }
                // "Debbie Walsh, director of the Center ..., at Rutgers University, said":
                // the name before the first comma of the chain, at the start of its clause.
                for (std::size_t n = 0; !subject && c > 0 && n < 40; ++n) {
                    --c;
                    if (t[c].sentence != tok.sentence || t[c].kind == TokenKind::quote) break;
                    if (!t[c].is_punct(',') || c == 0) continue;
                    std::size_t before = c;
                    if (t[before - 1].is_punct(')')) {
                        std::size_t o = before - 1;
                        while (o > 0 && !t[o].is_punct('(') && before - o < 8) --o;
                        if (t[o].is_punct('(')) before = o;
                    }
                    if (before == 0 || !scan.name_token(before - 1)) continue;
                    auto m = scan.mention_ending_at(before - 1);
                    if (!m) continue;
                    const std::size_t s0 = m->first;
                    std::size_t head = s0;
                    while (head > 0 && t[head - 1].sentence == tok.sentence &&
                           ((t[head - 1].kind == TokenKind::word && t[head - 1].cap) || t[head - 1].is_punct('.')))
                        --head;
                    const bool clause_start = head == 0 || t[head - 1].sentence != tok.sentence ||
                                              t[head - 1].is_punct(',') || t[head - 1].kind == TokenKind::quote ||
                                              t[head - 1].is("and") || t[head - 1].is("but") || t[head].sentence_start;
                    if (clause_start) {
                        subject = m;
                        break;
                    }
                }
            } else if (k > 0 && !t[k].cap && lex.titles.contains(t[k].lower) && t[k - 1].is("the")) {
                // "the president said": the one person the article gave that title.
                std::optional<Mention> pick;
                bool ambiguous = false;
                for (const Mention& m : mentions) {
                    if (m.field != fi || m.last >= k || m.title != t[k].lower) continue;
                    if (pick && surname_of(t, *pick) != surname_of(t, m)) ambiguous = true;
                    pick = m;
                }
                if (pick && !ambiguous) subject = pick;
            } else if ((t[k].is("he") || t[k].is("she")) && !t[k].cap == !t[k].sentence_start) {
                // Pronoun: the single compatible person named in this or the two sentences before.
                const char want = t[k].is("he") ? 'm' : 'f';
                std::optional<Mention> pick;
                std::optional<Mention> subject_pick;  // the nearest compatible sentence subject
                bool ambiguous = false;
                std::string pick_surname;
                for (auto it = mentions.rbegin(); it != mentions.rend(); ++it) {
                    if (it->field != fi || it->last >= k) continue;
                    if (it->sentence < tok.sentence - 2) break;
                    if (it->gender && it->gender != want) continue;
                    // Only person-like antecedents: a known first name, a title, or a speaker.
                    if (!it->gender && !it->titled) {
                        const std::string sn = surname_of(*fields[it->field].tokens, *it);
                        const bool spoke = std::any_of(found.begin(), found.end(), [&](const Found& x) {
                            return surname_of(*fields[x.field].tokens, x.mention) == sn;
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
                if (pick && !ambiguous) subject = pick;
                else if (ambiguous && subject_pick &&
                         subject_pick->sentence >= tok.sentence - 1)
                    subject = subject_pick;
                else if (!pick && last_subject && last_subject_field == fi &&
                         last_subject->sentence >= tok.sentence - 1 &&
                         (last_subject->gender == want))
                    subject = last_subject;
            }
            if (subject) {
                const bool named = subject->last < v && subject->last + 12 >= k && subject->first <= k;
                found.push_back({*subject, fi, v, cue_end, true, named ? subject->first : k});
                last_subject = subject;
                last_subject_field = fi;
            }
        }
    }

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
        p.display = display(f.text, t, m);
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
    for (const Found& fd : found) {
        Person p = person_of(fd.mention);
        const Tokens& t = *fields[fd.field].tokens;
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
            for (const Token& x : t)
                if (x.kind == TokenKind::word && x.cap && x.lower == t[fd.mention.last].lower) ++seen;
            if (seen < 3) continue;
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
        evidence(fields[fd.field], fd, a);
        attributions.push_back(std::move(a));
    }
    // Attributions name the final form of their speaker, which a later, fuller mention may
    // have replaced after the attribution was made.
    for (std::size_t i = 0; i < speaker_of_attribution.size(); ++i)
        attributions[first_attribution + i].speaker = speakers[speaker_of_attribution[i]];
}

}  // namespace dateline::extract

#include "extract/speaker_mentions.h"

#include "extract/names.h"

#include <algorithm>
#include <utility>

namespace dateline::extract {

using Tokens = std::vector<Token>;

MentionReader::MentionReader(const NameLexicon& lex, const CountryGazetteer& places, const Field& field,
                             std::size_t field_index)
    : lex_(lex), places_(places), f_(field), t_(*field.tokens), index_(field_index) {}

bool MentionReader::name_token(std::size_t i) const {
    const Token& t = t_[i];
    if (t.kind != TokenKind::word) return false;
    if (t.cap) {
        if (t.all_caps && !f_.all_caps && t.lower.size() > 1 && !lex_.titles.contains(t.lower)) return false;
        return !lex_.nonperson.contains(t.lower) || lex_.titles.contains(t.lower);
    }
    return lex_.particles.contains(t.lower) && i + 1 < t_.size() && t_[i + 1].cap;
}

bool MentionReader::is_title(std::size_t i) const { return lex_.titles.contains(t_[i].lower); }

// A lower-case word that can describe a person before the name: a role or an adjective.
bool MentionReader::is_descriptor(std::string_view w) const {
    if (lex_.titles.contains(w) || lex_.descriptors.contains(w)) return true;
    if (lex_.not_descriptors.contains(w)) return false;
    return std::any_of(lex_.descriptor_endings.begin(), lex_.descriptor_endings.end(),
                       [&](const std::string& e) { return w.size() > e.size() + 2 && w.ends_with(e); });
}

bool MentionReader::is_title_run(std::size_t i) const { return t_[i].kind == TokenKind::word && t_[i].cap; }

// "Sen. Jeff Merkley of Oregon", "David French of the National Retail Federation": a
// titled or two-word name followed by "of" and a place or an organisation ends before "of".
std::size_t MentionReader::cut_affiliation(std::size_t b, std::size_t e) const {
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
std::optional<Mention> MentionReader::make_mention(std::size_t b, std::size_t e) const {
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
    // "Chancellor of the Exchequer Nigel Lawson", "Secretary of Commerce Malcolm Baldrige": the
    // word after a title's "of" names the office when a name follows ("Secretary of State Shultz").
    if (titled && start > b && (t_[start - 1].is("of") || t_[start - 1].is("the")) &&
        !lex_.first_names.contains(t_[start].lower)) {
        std::size_t rest = 0;
        for (std::size_t k = start + 1; k <= e; ++k) rest += t_[k].kind == TokenKind::word && t_[k].cap;
        if (rest >= 1) ++start;
    }
    std::size_t words = 0;
    for (std::size_t k = start; k <= e; ++k) {
        const Token& t = t_[k];
        if (t.kind == TokenKind::punct && t.lower == ".") continue;
        if (t.kind != TokenKind::word) return std::nullopt;
        if (lex_.nonperson.contains(t.lower)) return std::nullopt;
        if (!t.cap && !lex_.particles.contains(t.lower)) return std::nullopt;
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
std::optional<Mention> MentionReader::mention_ending_at(std::size_t e) const {
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
        // "Chancellor of the Exchequer Nigel Lawson": an office after a title's "of the".
        if (t_[p].is("the") && p > 1 && t_[p - 1].is("of") && is_title(p - 2) && is_title_run(p - 2)) {
            b = p - 2;
            continue;
        }
        break;
    }
    return make_mention(b, e);
}

// The name run starting at token `b`, read forwards: leading lower-case words
// ("political consultant") are skipped, then capitalised words, titles and initials
// are taken and make_mention strips everything up to the last title or organisation word.
std::optional<Mention> MentionReader::mention_starting_at(std::size_t b) const {
    std::size_t k = b;
    if (k >= t_.size()) return std::nullopt;
    const int sentence = t_[k].sentence;
    for (int skipped = 0; k < t_.size() && skipped < 6; ++skipped) {
        const Token& t = t_[k];
        if (t.sentence != sentence || t.kind != TokenKind::word || t.cap) break;
        // "said on Capital Download", "said in Fort Pierce": a place or a programme.
        if (lex_.place_prepositions.contains(t.lower)) return std::nullopt;
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
        if (t_[n].kind == TokenKind::word && (t_[n].cap || lex_.particles.contains(t_[n].lower))) {
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
bool MentionReader::ends_clause(std::size_t after) const {
    if (after >= t_.size()) return true;
    const Token& t = t_[after];
    if (t.sentence != t_[after - 1].sentence) return true;
    return t.kind == TokenKind::punct || t.kind == TokenKind::quote || lex_.clause_ends.contains(t.lower);
}

std::vector<Mention> find_mentions(const NameLexicon& lex, const CountryGazetteer& places,
                                   const std::vector<Field>& fields) {
    std::vector<Mention> mentions;
    for (std::size_t fi = 0; fi < fields.size(); ++fi) {
        const Field& f = fields[fi];
        if (f.all_caps) continue;  // a wire headline in capitals tells names from words by nothing
        const Tokens& t = *f.tokens;
        const MentionReader reader(lex, places, f, fi);
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (!reader.name_token(i) || (i + 1 < t.size() && reader.name_token(i + 1))) continue;
            if (i + 1 < t.size() && t[i + 1].is_punct('.') && t[i].lower.size() == 1) continue;
            if (auto m = reader.mention_ending_at(i)) {
                trim_headline_words(lex, fields, *m);
                if (m->last > m->first || m->titled) mentions.push_back(*m);
            }
        }
    }
    // One gender per surname: "Barack Obama" makes a later bare "Obama" a "he".
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
    return mentions;
}

void trim_headline_words(const NameLexicon& lex, const std::vector<Field>& fields, Mention& m) {
    const Field& own = fields[m.field];
    if (own.name != "title" || own.all_caps) return;
    const auto body = std::find_if(fields.begin(), fields.end(), [](const Field& f) { return f.name == "body"; });
    if (body == fields.end() || body->tokens->empty()) return;
    const Tokens& t = *own.tokens;
    const Tokens& b = *body->tokens;
    const auto next_word = [&](std::size_t k) {
        for (++k; k <= m.last; ++k)
            if (t[k].kind == TokenKind::word) return k;
        return m.last + 1;
    };
    while (m.first < m.last && t[m.first].kind == TokenKind::word && !lex.first_names.contains(t[m.first].lower)) {
        const std::size_t n = next_word(m.first);
        if (n > m.last) break;
        bool written = false;
        for (std::size_t i = 0; !written && i + 1 < b.size(); ++i) {
            if (b[i].lower != t[m.first].lower || !b[i].cap) continue;
            std::size_t j = i + 1;
            while (j < b.size() && b[j].is_punct('.')) ++j;
            written = j < b.size() && b[j].lower == t[n].lower;
        }
        if (written) break;
        m.first = n;
    }
}

std::string surname_of(const std::vector<Token>& t, const Mention& m) {
    return collapse_transliteration(t[m.last].lower);
}

std::string display_name(std::string_view text, const std::vector<Token>& t, const Mention& m) {
    return normalize_space(text.substr(t[m.first].begin, t[m.last].end - t[m.first].begin));
}

}  // namespace dateline::extract

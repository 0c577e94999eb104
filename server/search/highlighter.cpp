#include "search/highlighter.h"

#include "core/text_folding.h"
#include "core/utf8.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace dateline::search {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
constexpr std::size_t kMaxWordBytes = 64;  // TermGenerator's limit: longer words are no terms

bool is_prefixed(const std::string& term) { return !term.empty() && term[0] >= 'A' && term[0] <= 'Z'; }

// What TermGenerator reads as an apostrophe inside a word ("Russia’s" is "russia's").
unsigned normalise_infix(unsigned ch) { return ch == 0x2019 || ch == 0x201b ? '\'' : ch; }
bool is_infix(unsigned ch) { return ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027; }

constexpr bool is_digit(unsigned ch) { return ch >= '0' && ch <= '9'; }

// ASCII first: a body is mostly ASCII, and Xapian's Unicode tables cost a lookup a character.
struct Char {
    unsigned code;
    std::size_t next;  // byte offset of the next character
};
// A byte that starts no valid sequence reads as itself (as Xapian::Utf8Iterator reads it).
Char char_at(std::string_view text, std::size_t at) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) return {byte, at + 1};
    if (const auto c = decode_utf8(text, at)) return {static_cast<unsigned>(c->code), at + c->length};
    return {byte, at + 1};
}
constexpr bool is_ascii_wordchar(unsigned ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '_';
}
bool is_wordchar(unsigned ch) { return ch < 0x80 ? is_ascii_wordchar(ch) : Xapian::Unicode::is_wordchar(ch); }
// An ASCII byte's lower case if it is a word character, else 0: one lookup for the bytes
// most words are made of.
constexpr std::array<char, 128> kAsciiWordLower = [] {
    std::array<char, 128> lower{};
    for (unsigned c = 0; c < 128; ++c)
        if (is_ascii_wordchar(c)) lower[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    return lower;
}();
bool is_upper(unsigned ch) {
    if (ch < 0x80) return ch >= 'A' && ch <= 'Z';
    return Xapian::Unicode::get_category(ch) == Xapian::Unicode::UPPERCASE_LETTER;
}
unsigned to_lower(unsigned ch) {
    if (ch < 0x80) return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
    return Xapian::Unicode::tolower(ch);
}
void append_char(std::string& out, unsigned ch) {
    if (ch < 0x80) out.push_back(static_cast<char>(ch));
    else Xapian::Unicode::append_utf8(out, ch);
}
// A word character as the index holds it: unaccented (schema.h), then lower-cased.
void append_lower_unaccented(std::string& out, unsigned ch) {
    const std::size_t start = out.size();
    if (!dateline::append_unaccented(out, ch)) {
        append_char(out, to_lower(ch));
        return;
    }
    for (std::size_t i = start; i < out.size(); ++i) out[i] = kAsciiWordLower[static_cast<unsigned char>(out[i])];
}

void append_escaped(std::string& out, std::string_view text) {
    for (const char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            default: out += c;
        }
    }
}

// Trailing punctuation a passage keeps after its last word: the end of a sentence or clause.
bool is_closing_punctuation(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == '"';
}

void collect(const Xapian::Query& query, std::vector<std::string>& loose, std::vector<std::vector<std::string>>& phrases) {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        loose.push_back(*query.get_terms_begin());
        return;
    }
    const auto n = query.get_num_subqueries();
    if (type == Xapian::Query::OP_PHRASE && n > 1) {
        std::vector<std::string> words;
        for (std::size_t i = 0; i < n; ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            if (sub.get_type() != Xapian::Query::LEAF_TERM) break;
            words.push_back(*sub.get_terms_begin());
        }
        // A phrase of plain words is marked as one; any other is marked word by word.
        if (words.size() == n) {
            if (std::none_of(words.begin(), words.end(), is_prefixed)) phrases.push_back(std::move(words));
            return;
        }
    }
    for (std::size_t i = 0; i < n; ++i) collect(query.get_subquery(i), loose, phrases);
}

}  // namespace

Highlighter::Highlighter(const Xapian::Query& query, std::vector<std::string> wildcards, const TermFrequency& frequency,
                         Xapian::doccount documents)
    : stem_filter_(query), wildcards_(std::move(wildcards)) {
    // A term's weight is its inverse document frequency, so that a passage holding a rare
    // word of the query wins over one repeating a common one.
    const auto weight_of = [&](const std::string& term) {
        const double n = documents;
        return std::log((n + 1.0) / (static_cast<double>(frequency(term)) + 0.5));
    };
    std::vector<std::string> loose;
    std::vector<std::vector<std::string>> phrases;
    collect(query, loose, phrases);
    for (const auto& term : loose) {
        const bool stem = term.size() > 1 && term[0] == 'Z' && !is_prefixed(term.substr(1));
        if (!stem && is_prefixed(term)) continue;  // a field's term: never a word of the text
        auto& index = stem ? stems_ : query_words_;
        const std::string key = stem ? term.substr(1) : term;
        if (index.contains(key)) continue;
        index.emplace(key, static_cast<int>(weights_.size()));
        weights_.push_back(std::max(weight_of(term), 0.01));
    }
    for (auto& words : phrases) {
        double weight = 0;
        for (const auto& w : words) weight += std::max(weight_of(w), 0.01);
        longest_phrase_ = std::max(longest_phrase_, words.size());
        phrases_.push_back({std::move(words), static_cast<int>(weights_.size())});
        weights_.push_back(weight);
    }
    for (std::size_t i = 0; i < wildcards_.size(); ++i) weights_.push_back(1.0);

    const auto may_start = [&](const std::string& word) {
        if (word.empty()) may_start_match_.fill(true);  // an empty wildcard prefix: any word
        else may_start_match_[static_cast<unsigned char>(word[0])] = true;
    };
    for (const auto& [word, match] : query_words_) may_start(word);
    for (const auto& phrase : phrases_) may_start(phrase.words.back());
    for (const auto& prefix : wildcards_) may_start(prefix);
}

int Highlighter::match_of(const std::string& lower, const std::vector<std::string>& previous) const {
    const bool may_stem = !stems_.empty() && stem_filter_.could_match(lower);
    if (!may_start_match_[static_cast<unsigned char>(lower[0])] && !may_stem) return -1;
    for (const auto& phrase : phrases_) {
        const auto& w = phrase.words;
        if (w.back() != lower || previous.size() + 1 < w.size()) continue;
        if (std::equal(w.begin(), w.end() - 1, previous.end() - static_cast<std::ptrdiff_t>(w.size() - 1)))
            return phrase.match;
    }
    if (const auto it = query_words_.find(lower); it != query_words_.end()) return it->second;
    if (may_stem)
        if (const auto it = stems_.find(english_(lower)); it != stems_.end()) return it->second;
    for (std::size_t i = 0; i < wildcards_.size(); ++i)
        if (lower.starts_with(wildcards_[i]))
            return static_cast<int>(weights_.size() - wildcards_.size() + i);
    return -1;
}

std::vector<Highlighter::Word> Highlighter::words(std::string_view text) const {
    std::vector<Word> out;
    std::vector<std::string> previous;  // the last words, lower-cased, for phrases
    bool sentence_start = true;
    bool after_stop = false;  // a full stop, "!" or "?" that whitespace may confirm
    for (std::size_t at = 0; at < text.size();) {
        const Char ch = char_at(text, at);
        if (!is_wordchar(ch.code)) {
            if (ch.code == '.' || ch.code == '!' || ch.code == '?') after_stop = true;
            else if (ch.code == '\n' || (after_stop && Xapian::Unicode::is_whitespace(ch.code))) sentence_start = true;
            at = ch.next;
            continue;
        }
        after_stop = false;
        Word word;
        word.begin = at;
        word.sentence_start = sentence_start;
        sentence_start = false;
        std::string lower;
        // An acronym, "U.S.": single capitals each followed by a full stop read as one word.
        std::size_t probe = at;
        std::string acronym;
        std::size_t acronym_end = 0;
        while (probe < text.size()) {
            const Char letter = char_at(text, probe);
            if (!is_upper(letter.code) || letter.next >= text.size() || text[letter.next] != '.') break;
            append_lower_unaccented(acronym, letter.code);
            acronym_end = letter.next;
            probe = letter.next + 1;
        }
        if (acronym.size() > 1 && (probe >= text.size() || !is_wordchar(char_at(text, probe).code))) {
            lower = std::move(acronym);
            word.end = acronym_end;
            at = probe;
        } else {
            while (at < text.size()) {
                const auto byte = static_cast<unsigned char>(text[at]);
                if (byte < 0x80 && kAsciiWordLower[byte] != 0) {
                    lower += kAsciiWordLower[byte];
                    ++at;
                    continue;
                }
                const Char c = char_at(text, at);
                if (is_wordchar(c.code)) {
                    append_lower_unaccented(lower, c.code);
                    at = c.next;
                    continue;
                }
                if (c.next >= text.size()) break;
                const Char next = char_at(text, c.next);
                if (!is_wordchar(next.code)) break;
                // "3.5" and "1,000" are one word, as "Russia's" is.
                const bool numeric = (c.code == '.' || c.code == ',') && !lower.empty() && is_digit(lower.back()) &&
                                     is_digit(next.code);
                if (!numeric && !is_infix(normalise_infix(c.code))) break;
                append_char(lower, normalise_infix(c.code));
                at = c.next;
            }
            word.end = at;
        }
        if (lower.size() <= kMaxWordBytes) {
            word.match = match_of(lower, previous);
            // A phrase marks all of its words.
            for (const auto& phrase : phrases_)
                if (phrase.match == word.match)
                    for (std::size_t back = 1; back < phrase.words.size(); ++back) out[out.size() - back].match = word.match;
        }
        out.push_back(word);
        if (longest_phrase_ > 1) {
            previous.push_back(std::move(lower));
            if (previous.size() >= longest_phrase_) previous.erase(previous.begin());
        }
    }
    return out;
}

bool Highlighter::in_phrase(int match) const {
    return !phrases_.empty() && match >= phrases_.front().match && match <= phrases_.back().match;
}

std::string Highlighter::render(std::string_view text, const std::vector<Word>& words, std::size_t first,
                                std::size_t last, std::size_t from, std::size_t to) const {
    std::string out;
    out.reserve(to - from + 32);
    std::size_t at = from;
    for (std::size_t i = first; i < last; ++i) {
        const Word& w = words[i];
        if (w.match < 0) continue;
        const bool continues = i > first && words[i - 1].match == w.match && in_phrase(w.match);
        if (continues) {
            append_escaped(out, text.substr(at, w.end - at));  // inside the open mark
            at = w.end;
        } else {
            append_escaped(out, text.substr(at, w.begin - at));
            out += "<mark>";
            append_escaped(out, text.substr(w.begin, w.end - w.begin));
            at = w.end;
        }
        const bool phrase_goes_on = i + 1 < last && words[i + 1].match == w.match && in_phrase(w.match);
        if (!phrase_goes_on) out += "</mark>";
    }
    append_escaped(out, text.substr(at, to - at));
    return out;
}

std::string Highlighter::whole(std::string_view text) const {
    const auto w = words(text);
    return render(text, w, 0, w.size(), 0, text.size());
}

std::vector<std::pair<std::size_t, std::size_t>> Highlighter::matches(std::string_view text) const {
    const auto w = words(text);
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i].match < 0) continue;
        if (i > 0 && w[i - 1].match == w[i].match && in_phrase(w[i].match)) out.back().second = w[i].end;
        else out.emplace_back(w[i].begin, w[i].end);
    }
    return out;
}

std::string Highlighter::passage(std::string_view text, std::size_t max_bytes) const {
    const auto w = words(text);
    if (w.empty()) return {};
    const auto span = [&](std::size_t a, std::size_t b) { return w[b].end - w[a].begin; };

    // The window of at most max_bytes whose distinct terms weigh most (the first on ties).
    std::vector<int> in_window(weights_.size(), 0);
    double score = 0, best_score = 0;
    std::size_t best_first = 0, best_last = 0;
    bool found = false;
    for (std::size_t left = 0, right = 0; right < w.size(); ++right) {
        if (w[right].match < 0) continue;
        if (in_window[w[right].match]++ == 0) score += weights_[w[right].match];
        while (left < right && span(left, right) > max_bytes) {
            if (w[left].match >= 0 && --in_window[w[left].match] == 0) score -= weights_[w[left].match];
            ++left;
        }
        if (!found || score > best_score) {
            found = true;
            best_score = score;
            best_last = right;
            best_first = left;
            while (w[best_first].match < 0) ++best_first;
        }
    }

    // Widen it to whole words within max_bytes: back to its sentence's start when that fits,
    // else by up to half of what is left, then forward, then back again if the text ended.
    std::size_t first = best_first, last = best_last;
    if (!found) first = last = 0;
    if (span(first, last) > max_bytes) {  // one word longer than a passage: that word alone
        std::string out(first > 0 ? kEllipsis : "");
        out += render(text, w, first, first + 1, w[first].begin, w[first].end);
        if (first + 1 < w.size()) out += kEllipsis;
        return out;
    }
    std::size_t sentence = first;
    while (sentence > 0 && !w[sentence].sentence_start) --sentence;
    if (found && span(sentence, last) <= max_bytes) {
        first = sentence;
    } else if (found) {
        const std::size_t lead = (max_bytes - span(first, last)) / 2;
        const std::size_t core = w[first].begin;
        while (first > 0 && core - w[first - 1].begin <= lead) --first;
    }
    while (last + 1 < w.size() && span(first, last + 1) <= max_bytes) ++last;
    while (first > 0 && span(first - 1, last) <= max_bytes) --first;

    std::size_t to = w[last].end;
    while (to < text.size() && is_closing_punctuation(text[to]) && to - w[first].begin < max_bytes) ++to;
    // The text's own start and end (punctuation, quotes) when they fit too.
    const std::size_t from = first == 0 && to <= max_bytes ? 0 : w[first].begin;
    if (last + 1 == w.size() && text.size() - from <= max_bytes) to = text.size();
    std::string out;
    if (first > 0) out += kEllipsis;
    out += render(text, w, first, last + 1, from, to);
    if (last + 1 < w.size()) out += kEllipsis;
    return out;
}

}  // namespace dateline::search

#include "search/query_builder.h"

#include "core/text_folding.h"
#include "core/schema.h"
#include "core/speaker_key.h"
#include "search/search_request.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <sstream>
#include <stdexcept>

namespace dateline::search {
namespace {

// Input the user must correct, met by a field or range processor; parse_query() turns it
// into a bad_query error (a 400), unlike a syntax error, which falls back to plain words.
class FieldError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The first FieldError of one parse. A processor records it and returns a query that
// matches nothing instead of throwing: an exception unwinding through Xapian 1.4's
// QueryParser leaks every term it has lexed so far (found by the fuzz_query target).
class FieldErrors {
public:
    template <class Build>
    Xapian::Query guard(Build&& build) {
        try {
            return build();
        } catch (const FieldError& e) {
            if (!first_) first_ = e.what();
            return Xapian::Query();  // discarded: parse_query() answers the error
        }
    }
    const std::optional<std::string>& first() const { return first_; }

private:
    std::optional<std::string> first_;
};

// The field and range processors the parser calls: each builds its query in build(), which
// may throw FieldError; the FieldError never reaches the parser (see FieldErrors).
class GuardedField : public Xapian::FieldProcessor {
public:
    explicit GuardedField(FieldErrors& errors) : errors_(errors) {}
    Xapian::Query operator()(const std::string& text) final {
        return errors_.guard([&] { return build(text); });
    }

protected:
    virtual Xapian::Query build(const std::string& text) const = 0;

private:
    FieldErrors& errors_;
};

class GuardedRange : public Xapian::RangeProcessor {
public:
    GuardedRange(Xapian::valueno slot_in, const std::string& prefix, FieldErrors& errors)
        : Xapian::RangeProcessor(slot_in, prefix), errors_(errors) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) final {
        return errors_.guard([&] { return build(begin, end); });
    }

protected:
    virtual Xapian::Query build(const std::string& begin, const std::string& end) const = 0;

private:
    FieldErrors& errors_;
};

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> words;
    std::istringstream in(text);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// speaker:zelensky -> every speaker whose key has all the words of the typed name's key,
// so that a surname alone, or another transliteration, finds the person.
class SpeakerField : public GuardedField {
public:
    SpeakerField(const FacetDictionary& speakers, FieldErrors& errors) : GuardedField(errors), speakers_(speakers) {}

private:
    Xapian::Query build(const std::string& text) const override {
        const std::string key = dateline::speaker_key(text);
        if (key.empty()) throw FieldError("speaker: needs a name");
        if (speakers_.find(key) != FacetDictionary::kAbsent) return Xapian::Query(schema::speaker_term(key));
        const auto wanted = words_of(key);
        std::vector<Xapian::Query> matches;
        for (Ordinal ordinal = 0; ordinal < speakers_.size(); ++ordinal) {
            const auto have = words_of(speakers_.value(ordinal));
            const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& word) {
                return std::find(have.begin(), have.end(), word) != have.end();
            });
            if (all) matches.emplace_back(schema::speaker_term(speakers_.value(ordinal)));
        }
        if (matches.empty()) return Xapian::Query(schema::speaker_term(key));  // matches nothing, honestly
        return Xapian::Query(Xapian::Query::OP_OR, matches.begin(), matches.end());
    }

    const FacetDictionary& speakers_;
};

class CountryField : public GuardedField {
public:
    CountryField(const CountryNames& names, FieldErrors& errors) : GuardedField(errors), names_(names) {}

private:
    Xapian::Query build(const std::string& text) const override {
        const auto code = names_.lookup(text);
        if (!code) throw FieldError("Unknown country '" + text + "' \u2014 try a name or an ISO code, such as Ukraine or UA");
        return Xapian::Query(schema::country_term(*code));
    }

    const CountryNames& names_;
};

class SourceField : public Xapian::FieldProcessor {
public:
    Xapian::Query operator()(const std::string& text) override { return Xapian::Query(schema::source_term(text)); }
};

std::optional<PartialDate> range_end(const std::string& field, const std::string& text) {
    if (text.empty()) return std::nullopt;
    const auto date = parse_iso_date(text);
    if (!date || text.size() > 10)
        throw FieldError(field + ": expected YYYY, YYYY-MM or YYYY-MM-DD, got \"" + text + "\"");
    return date;
}

// date:2025-04..2025-07 -> publication day within [first day of April, last day of July].
class PublicationDateRange : public GuardedRange {
public:
    explicit PublicationDateRange(FieldErrors& errors) : GuardedRange(schema::kSlotDate, "date:", errors) {}

private:
    Xapian::Query build(const std::string& begin, const std::string& end) const override {
        const auto from = range_end("date", begin);
        const auto to = range_end("date", end);
        if (!from && !to) throw FieldError("date: a range needs at least one end");
        if (from && to && last_day(*to) < first_day(*from)) throw FieldError("date: the range ends before it starts");
        if (!from) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, last_day(*to).to_compact());
        if (!to) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, first_day(*from).to_compact());
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, first_day(*from).to_compact(),
                             last_day(*to).to_compact());
    }
};

// mentioned:2022-02..2022-03 -> documents mentioning a date inside the range. Whole years
// and months inside the range use their coarse terms, so the expansion stays small.
class MentionedDateRange : public GuardedRange {
public:
    explicit MentionedDateRange(FieldErrors& errors) : GuardedRange(Xapian::BAD_VALUENO, "mentioned:", errors) {}

private:
    Xapian::Query build(const std::string& begin, const std::string& end) const override {
        const auto from_date = range_end("mentioned", begin);
        const auto to_date = range_end("mentioned", end);
        if (!from_date || !to_date) throw FieldError("mentioned: a range needs both ends");
        const PartialDate from = first_day(*from_date), to = last_day(*to_date);
        if (to < from) throw FieldError("mentioned: the range ends before it starts");
        if (to.year - from.year > 200) throw FieldError("mentioned: a range may span at most 200 years");
        std::vector<std::string> terms;
        for (int day = days_since_epoch(from); day <= days_since_epoch(to);) {
            const PartialDate d = date_from_days(day);
            const PartialDate year_end{d.year, 12, 31};
            const PartialDate month_end = last_day(PartialDate{d.year, d.month, 0});
            if (d.month == 1 && d.day == 1 && !(to < year_end)) {
                terms.push_back(schema::mentioned_terms(PartialDate{d.year, 0, 0}).back());
                day = days_since_epoch(year_end) + 1;
            } else if (d.day == 1 && !(to < month_end)) {
                terms.push_back(schema::mentioned_terms(PartialDate{d.year, d.month, 0}).back());
                day = days_since_epoch(month_end) + 1;
            } else {
                terms.push_back(schema::mentioned_terms(d).back());
                ++day;
            }
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
};

// `errors` receives the processors' errors and must outlive the parser.
Xapian::QueryParser make_parser(const Xapian::Database& db, const FacetStore& facets, const Vocabulary& vocabulary,
                                const QueryLimits& limits, FieldErrors& errors) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_max_expansion(limits.max_wildcard_expansion, limits.wildcard_overflow == WildcardOverflow::error
                                                                ? Xapian::Query::WILDCARD_LIMIT_ERROR
                                                                : Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    parser.set_max_expansion(limits.max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                             Xapian::QueryParser::FLAG_PARTIAL);
    parser.add_prefix("title", std::string(schema::kTitlePrefix));
    parser.add_boolean_prefix("speaker", (new SpeakerField(facets.speaker_dictionary(), errors))->release());
    parser.add_boolean_prefix("country", (new CountryField(vocabulary.country_names, errors))->release());
    parser.add_boolean_prefix("source", (new SourceField())->release());
    parser.add_rangeprocessor((new PublicationDateRange(errors))->release());
    parser.add_rangeprocessor((new MentionedDateRange(errors))->release());
    return parser;
}

constexpr unsigned kFullSyntax = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PURE_NOT;

// What is left of a query after a syntax error: its words, no operators or quotes.
std::string plain_words(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const bool keep = (static_cast<unsigned char>(c) >= 0x80) || std::isalnum(static_cast<unsigned char>(c));
        out.push_back(keep ? c : ' ');
    }
    return out;
}

// The text as the index spells its words: unaccented (schema.h). A source: value is kept
// as written, since sources are matched by their names (schema::source_term).
std::string unaccent_query(const std::string& text) {
    static constexpr std::string_view kSource = "source:";
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (std::size_t field = text.find(kSource); field != std::string::npos; field = text.find(kSource, at)) {
        const bool starts_word = field == 0 || !std::isalnum(static_cast<unsigned char>(text[field - 1]));
        std::size_t value_end = field + kSource.size();
        if (starts_word) {
            if (value_end < text.size() && text[value_end] == '"') {
                const auto close = text.find('"', value_end + 1);
                value_end = close == std::string::npos ? text.size() : close + 1;
            } else {
                while (value_end < text.size() && !std::isspace(static_cast<unsigned char>(text[value_end])) &&
                       text[value_end] != ')')
                    ++value_end;
            }
        }
        out += dateline::unaccent(std::string_view(text).substr(at, field - at));
        out.append(text, field, value_end - field);
        at = value_end;
    }
    out += dateline::unaccent(std::string_view(text).substr(at));
    return out;
}

// Xapian's grammar message for a syntax error, as a person reads it beside the search box.
std::string plain_syntax_warning(const std::string& xapian_message) {
    static constexpr std::string_view kBinary = "Syntax: <expression> ";
    std::string why = "the query's punctuation or operators could not be read";
    if (xapian_message.starts_with(kBinary) && xapian_message.ends_with(" <expression>")) {
        const std::string op = xapian_message.substr(kBinary.size(), xapian_message.size() - kBinary.size() - 13);
        why = "'" + op + "' needs words on both sides";
    }
    return "Read as plain words: " + why;
}

bool is_word_byte(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }

// The words inside the text's quotes, lower-cased: a quoted word is searched as written,
// though QueryParser makes a quoted single word a plain term, as it makes a capitalised one.
std::vector<std::string> quoted_words(const std::string& text) {
    std::vector<std::string> words;
    bool quoted = false;
    std::string word;
    for (const char c : text + ' ') {
        if (is_word_byte(static_cast<unsigned char>(c)) || (c == '\'' && !word.empty())) {
            if (quoted) word.push_back(c);
            continue;
        }
        if (!word.empty()) words.push_back(Xapian::Unicode::tolower(word));
        word.clear();
        if (c == '"') quoted = !quoted;
    }
    return words;
}

// A fresh match-everything query. Xapian::Query::MatchAll is one static object whose
// reference count is not atomic: copying it from several threads corrupts it.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

}  // namespace

std::vector<std::string> wildcard_prefixes(std::string_view query_text) {
    std::vector<std::string> out;
    for (std::size_t star = query_text.find('*'); star != std::string_view::npos; star = query_text.find('*', star + 1)) {
        std::size_t begin = star;
        while (begin > 0 && is_word_byte(static_cast<unsigned char>(query_text[begin - 1]))) --begin;
        if (begin == star || (begin > 0 && query_text[begin - 1] == ':')) continue;  // no word, or a field's
        out.push_back(Xapian::Unicode::tolower(std::string(query_text.substr(begin, star - begin))));
    }
    return out;
}

std::size_t partial_word_start(std::string_view text) {
    std::size_t begin = text.size();
    while (begin > 0 && is_word_byte(static_cast<unsigned char>(text[begin - 1]))) --begin;
    if (begin > 0 && text[begin - 1] == ':') return text.size();  // a field's value
    if (std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(begin), '"') % 2 == 1)
        return text.size();  // inside a phrase
    return begin;  // text.size() after a space, a closing quote or any punctuation
}

Result<ParsedQuery> parse_query(const std::string& written, const Xapian::Database& db, const FacetStore& facets,
                                const Vocabulary& vocabulary, const StemExpansion& stems, const QueryLimits& limits,
                                bool typing) {
    ParsedQuery parsed;
    const std::string text = unaccent_query(written);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        parsed.query = match_all();
        parsed.stemmed = parsed.query;
        parsed.browse = true;
        return parsed;
    }
    FieldErrors errors;
    Xapian::QueryParser parser = make_parser(db, facets, vocabulary, limits, errors);
    // While typing, the last word is also a prefix (Xapian's FLAG_PARTIAL: only a word that
    // ends the text, outside a phrase and a boolean field), searched as its most frequent
    // expansions whatever the wildcard overflow: no warning for each keystroke.
    const unsigned partial = typing ? unsigned{Xapian::QueryParser::FLAG_PARTIAL} : 0U;
    const std::size_t partial_start = typing ? partial_word_start(text) : text.size();
    try {
        try {
            parsed.query = parser.parse_query(text, kFullSyntax | partial);
            parsed.wildcards = wildcard_prefixes(text);
        } catch (const Xapian::QueryParserError& e) {
            if (errors.first()) return Error{ErrorCode::bad_query, *errors.first()};
            parsed.warning = plain_syntax_warning(e.get_msg());
            parsed.query = parser.parse_query(plain_words(text), partial);
        }
        if (partial_start < text.size())
            parsed.wildcards.push_back(Xapian::Unicode::tolower(text.substr(partial_start)));
    } catch (const Xapian::QueryParserError& e) {
        return Error{ErrorCode::bad_query, "cannot parse the query: " + e.get_msg()};
    }
    if (errors.first()) return Error{ErrorCode::bad_query, *errors.first()};
    if (parsed.query.empty()) {
        // Only stopwords or punctuation: treat as no text rather than as no match.
        parsed.query = match_all();
        parsed.browse = true;
    }
    // A capitalised word is a word like any other: stemmed as its lower case is, so that
    // "OPEC" finds "OPEC's" (README, "Capitals and accents").
    parsed.query = stems.stem_capitalised(parsed.query, quoted_words(text));
    parsed.stemmed = parsed.query;
    parsed.query = stems.expand(parsed.query);
    return parsed;
}

}  // namespace dateline::search

namespace dateline::search {

namespace {

// Whether `suggested` changes only words of `text`, never its operators, quotes or
// punctuation: the runs of other bytes of the two are the same.
bool changes_only_words(std::string_view text, std::string_view suggested) {
    const auto punctuation = [](std::string_view s) {
        std::vector<std::string_view> runs;
        for (std::size_t at = 0; at < s.size();) {
            std::size_t end = at;
            const bool word = is_word_byte(static_cast<unsigned char>(s[at]));
            while (end < s.size() && is_word_byte(static_cast<unsigned char>(s[end])) == word) ++end;
            if (!word) runs.push_back(s.substr(at, end - at));
            at = end;
        }
        return runs;
    };
    return punctuation(text) == punctuation(suggested);
}

}  // namespace

std::string suggest_spelling(const std::string& written, const Xapian::Database& db, const FacetStore& facets,
                             const Vocabulary& vocabulary, bool typing) {
    const std::string whole = unaccent_query(written);
    // A word being typed is no misspelling, in a phrase or a field's value too (where it is
    // no prefix): the words before it are corrected, it is kept.
    std::size_t partial_start = whole.size();
    while (typing && partial_start > 0 && is_word_byte(static_cast<unsigned char>(whole[partial_start - 1])))
        --partial_start;
    const std::string text = whole.substr(0, partial_start);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    FieldErrors errors;
    Xapian::QueryParser parser = make_parser(db, facets, vocabulary, QueryLimits{}, errors);
    try {
        parser.parse_query(text, kFullSyntax | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    } catch (const Xapian::QueryParserError&) {
        return {};
    }
    if (errors.first()) return {};  // a field the user must fix: no suggestion
    std::string corrected = parser.get_corrected_query_string();
    if (corrected.empty() || !changes_only_words(text, corrected)) return {};
    corrected += whole.substr(partial_start);
    return corrected;
}

}  // namespace dateline::search

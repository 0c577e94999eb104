#include "extract/dates.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

namespace dateline::extract {
namespace {

using Tokens = std::vector<Token>;

int month_of(std::string_view w) noexcept {
    static constexpr std::array<std::string_view, 12> full = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    static constexpr std::array<std::string_view, 12> abbr = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (std::size_t i = 0; i < 12; ++i)
        if (w == full[i] || w == abbr[i]) return static_cast<int>(i) + 1;
    if (w == "sept") return 9;
    return 0;
}

int weekday_of(std::string_view w) noexcept {  // 0 = Sunday, -1 = none
    static constexpr std::array<std::string_view, 7> days = {
        "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
    for (std::size_t i = 0; i < 7; ++i)
        if (w == days[i]) return static_cast<int>(i);
    return -1;
}

bool to_int(std::string_view s, int& v) noexcept {
    if (s.empty() || s.size() > 4) return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

int day_number(const Token& t) noexcept {  // 1..31 from "5" or "5th"
    std::string_view s = t.lower;
    if (t.kind == TokenKind::word) {
        if (s.size() < 3) return 0;
        const auto suffix = s.substr(s.size() - 2);
        if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return 0;
        s.remove_suffix(2);
    } else if (t.kind != TokenKind::number) {
        return 0;
    }
    int v = 0;
    if (s.size() > 2 || !to_int(s, v) || v < 1 || v > 31) return 0;
    return v;
}

int year_number(const Token& t) noexcept {
    if (t.kind != TokenKind::number || t.lower.size() != 4) return 0;
    int v = 0;
    if (!to_int(t.lower, v) || v < 1000 || v > 2999) return 0;
    return v;
}

bool is_unit(std::string_view w) noexcept {
    static constexpr std::string_view units[] = {
        "tonnes", "tons", "tonne", "ton", "dlrs", "dollars", "shares", "pct", "percent", "mln",
        "billion", "million", "barrels", "bpd", "yen", "marks", "francs", "stg", "pounds",
        "ounces", "bushels", "bags", "acres", "hectares", "people", "employees", "workers",
        "votes", "miles", "feet", "meters", "kilometers", "km", "cars", "units", "points",
        "troops", "jobs", "lbs", "cts", "cents", "sq", "square", "delegates", "members",
        "times", "hours", "calories", "kg", "lire", "pesos", "rupees", "words", "pages"};
    return std::find(std::begin(units), std::end(units), w) != std::end(units);
}

bool is_future_marker(std::string_view w) noexcept {
    static constexpr std::string_view words[] = {
        "will", "'ll", "shall", "must", "expected", "expects", "expect", "scheduled", "due",
        "until", "till", "next", "upcoming", "plans", "plan", "planned", "intends", "intend",
        "set", "may", "might", "should", "coming", "delivery", "later", "won't", "forthcoming",
        "before", "pending", "ahead", "await", "awaits", "awaiting"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

bool is_past_marker(std::string_view w) noexcept {
    static constexpr std::string_view words[] = {
        "said", "was", "were", "had", "did", "told", "took", "came", "began", "won", "rose",
        "fell", "made", "met", "gave", "went", "held", "left", "ago", "last", "since", "earlier",
        "saw", "sold", "bought", "paid", "lost", "got", "spoke", "wrote", "led", "became",
        "ran", "sent", "put", "cut", "hit", "set", "struck", "broke", "grew", "chose", "won",
        "fought", "thought", "brought", "found", "felt", "kept", "knew", "meant", "stood",
        "didn't", "wasn't", "weren't", "hadn't", "previous", "previously"};
    if (std::find(std::begin(words), std::end(words), w) != std::end(words)) return true;
    return w.size() > 4 && w.ends_with("ed") && !is_future_marker(w);
}

enum class Tense { past, future, unknown };

// The tense governing a date at token `at`: a future marker before it in the clause wins,
// then a past one, then markers after it; unknown when none.
Tense tense_at(const Tokens& tokens, std::size_t at, std::size_t after_end) {
    const int sentence = tokens[at].sentence;
    if (at > 0 && tokens[at - 1].is("by")) return Tense::future;  // a deadline: "exercised by June 22"
    bool past = false;
    for (std::size_t k = at, n = 0; k-- > 0 && n < 12; ++n) {
        const Token& t = tokens[k];
        if (t.sentence != sentence || t.kind == TokenKind::quote) break;
        if (t.kind != TokenKind::word) continue;
        if (t.lower == "set" && k + 1 < tokens.size() &&
            (tokens[k + 1].is("for") || tokens[k + 1].is("to")))
            return Tense::future;
        if (t.lower != "set" && is_future_marker(t.lower)) return Tense::future;
        if (t.lower == "going" && k + 1 < tokens.size() && tokens[k + 1].is("to")) return Tense::future;
        if (!past && t.lower != "set" && is_past_marker(t.lower)) past = true;
    }
    if (past) return Tense::past;
    for (std::size_t k = after_end, n = 0; k < tokens.size() && n < 8; ++k, ++n) {
        const Token& t = tokens[k];
        if (t.sentence != sentence || t.kind == TokenKind::quote) break;
        if (t.kind != TokenKind::word) continue;
        if (t.lower != "set" && t.lower != "last" && t.lower != "since" && is_future_marker(t.lower))
            return Tense::future;
        if (t.lower != "set" && t.lower != "last" && is_past_marker(t.lower)) return Tense::past;
    }
    return Tense::unknown;
}

int pub_days(const PartialDate& p) { return days_since_epoch(p); }

// A day of the month without a year: the most recent one for the past, the next one
// for the future, the nearer one when the tense is unknown.
std::optional<PartialDate> resolve_month_day(int month, int day, const PartialDate& pub, Tense tense) {
    std::optional<PartialDate> before;
    std::optional<PartialDate> after;
    for (int y = pub.year - 1; y <= pub.year + 1; ++y) {
        if (!is_valid_day(y, month, day)) continue;
        const PartialDate d{y, month, day};
        const int delta = days_since_epoch(d) - pub_days(pub);
        if (delta <= 0) before = d;
        if (delta >= 0 && !after) after = d;
    }
    if (tense == Tense::past) return before;
    if (tense == Tense::future) return after;
    if (!before) return after;
    if (!after) return before;
    const int b = pub_days(pub) - days_since_epoch(*before);
    const int a = days_since_epoch(*after) - pub_days(pub);
    return a < b ? after : before;
}

PartialDate resolve_month(int month, const PartialDate& pub, Tense tense) {
    const int before_year = month <= pub.month ? pub.year : pub.year - 1;
    const int after_year = month >= pub.month ? pub.year : pub.year + 1;
    if (tense == Tense::past) return {before_year, month, 0};
    if (tense == Tense::future) return {after_year, month, 0};
    const int back = (pub.month - month + 12) % 12;
    const int ahead = (month - pub.month + 12) % 12;
    return {ahead < back ? after_year : before_year, month, 0};
}

PartialDate resolve_weekday(int weekday, const PartialDate& pub, Tense tense, int relative) {
    const int p = pub_days(pub);
    const int pub_weekday = ((p % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday
    int back = (pub_weekday - weekday + 7) % 7;
    int ahead = (weekday - pub_weekday + 7) % 7;
    if (relative < 0) return date_from_days(p - (back == 0 ? 7 : back));
    if (relative > 0) return date_from_days(p + (ahead == 0 ? 7 : ahead));
    if (tense == Tense::past) return date_from_days(p - back);
    if (tense == Tense::future) return date_from_days(p + ahead);
    return date_from_days(ahead < back ? p + ahead : p - back);
}

PartialDate add_months(const PartialDate& pub, int delta) {
    int m = pub.year * 12 + (pub.month - 1) + delta;
    return {m / 12, m % 12 + 1, 0};
}

void emit(std::vector<PartialDate>& out, const PartialDate& d) {
    if (d.year < 1000 || d.year > 2999) return;
    if (d.day != 0 && !is_valid_day(d.year, d.month, d.day)) return;
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
}

bool word_at(const Tokens& t, std::size_t i, std::string_view w) {
    return i < t.size() && t[i].kind == TokenKind::word && t[i].lower == w;
}

// A month name counts when capitalised; "May" and "March" also need a date-like neighbour.
bool is_month_token(const Tokens& t, std::size_t i, int& month) {
    const Token& tok = t[i];
    if (tok.kind != TokenKind::word || !tok.cap) return false;
    month = month_of(tok.lower);
    if (month == 0) return false;
    const bool abbreviated = tok.lower.size() <= 4 && tok.lower != "june" && tok.lower != "july";
    std::size_t next = i + 1;
    if (abbreviated && next < t.size() && t[next].is_punct('.')) ++next;
    const bool number_follows = next < t.size() && (day_number(t[next]) || year_number(t[next]));
    if (abbreviated && tok.lower != "may" && !number_follows) {
        // "Mar" alone is rarely a month; "Sept" or "Dec." before a number is.
        return false;
    }
    if (tok.lower == "may" || tok.lower == "march") {
        if (number_follows) return true;
        if (i == 0) return false;
        const std::string_view p = t[i - 1].lower;
        static constexpr std::string_view preps[] = {"in", "of", "since", "until", "by", "early",
                                                     "late", "mid", "last", "next", "this",
                                                     "during", "through", "from", "and", "to",
                                                     "between", "before", "after", "till"};
        return std::find(std::begin(preps), std::end(preps), p) != std::end(preps);
    }
    return true;
}

}  // namespace

std::optional<PartialDate> find_dateline_date(const std::vector<Token>& body) {
    const std::size_t limit = std::min<std::size_t>(body.size(), 12);
    for (std::size_t i = 0; i < limit; ++i) {
        if (body[i].sentence != 0) break;
        int month = 0;
        if (!is_month_token(body, i, month)) {
            if (body[i].kind == TokenKind::word && (body[i].all_caps || body[i].cap)) continue;
            if (body[i].is_punct(',') || body[i].is_punct('.')) continue;
            break;
        }
        std::size_t k = i + 1;
        if (k < body.size() && body[k].is_punct('.')) ++k;
        const int day = k < body.size() ? day_number(body[k]) : 0;
        if (!day) return std::nullopt;
        ++k;
        if (k < body.size() && body[k].is_punct(',')) ++k;
        const int year = k < body.size() ? year_number(body[k]) : 0;
        if (!year || !is_valid_day(year, month, day)) return std::nullopt;
        ++k;
        if (k < body.size() && (body[k].is_punct('-') || body[k].is_punct('(') || body[k].is_punct(':')))
            return PartialDate{year, month, day};
        return std::nullopt;
    }
    return std::nullopt;
}

void find_mentioned_dates(const std::vector<Token>& t, const std::optional<PartialDate>& published,
                          std::vector<PartialDate>& out) {
    const std::size_t n = t.size();
    // The last full date written, so that "August 31, 1987 and ... by September 30" and
    // "June 15-July 15" read the later day in the same year.
    std::optional<PartialDate> context;
    int context_sentence = -1;
    std::size_t context_end = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Token& tok = t[i];
        int month = 0;
        if (tok.kind == TokenKind::word && is_month_token(t, i, month)) {
            std::size_t k = i + 1;
            if (k < n && t[k].is_punct('.')) ++k;
            // "10 June 2016": a day before the month.
            int day = 0;
            if (i > 0 && t[i - 1].kind == TokenKind::number && day_number(t[i - 1]) &&
                !(i > 1 && t[i - 2].is_punct('$')))
                day = day_number(t[i - 1]);
            if (!day && k < n && !(k + 1 < n && (t[k + 1].is_punct(':') || t[k + 1].is("pct")))) day = day_number(t[k]);
            if (day && !(i > 0 && day == day_number(t[i - 1]))) ++k;
            // A range "April 13-16" or "June 15-July 15".
            int day2 = 0;
            if (day && k + 1 < n && t[k].is_punct('-') && day_number(t[k + 1]) &&
                t[k].begin == t[k - 1].end) {
                day2 = day_number(t[k + 1]);
                k += 2;
            }
            std::size_t y = k;
            if (y < n && t[y].is_punct(',')) ++y;
            int year = y < n ? year_number(t[y]) : 0;
            if (year && y + 1 < n && (t[y + 1].is_punct('/') || is_unit(t[y + 1].lower))) year = 0;
            const std::size_t end = year ? y + 1 : k;
            if (year) {
                if (day) {
                    emit(out, {year, month, day});
                    if (day2) emit(out, {year, month, day2});
                    context = PartialDate{year, month, day};
                    context_sentence = tok.sentence;
                    context_end = end;
                } else {
                    emit(out, {year, month, 0});
                }
                i = end - 1;
                continue;
            }
            if (day && context && context_sentence == tok.sentence &&
                (t[i - 1].is_punct('-') ? context_end + 1 == i : true)) {
                // Later in a sentence that fixed the year: the same year, or the next.
                int y2 = context->year;
                if (PartialDate{y2, month, day} < *context) ++y2;
                if (is_valid_day(y2, month, day)) {
                    emit(out, {y2, month, day});
                    context = PartialDate{y2, month, day};
                    context_end = end;
                    i = end - 1;
                    continue;
                }
            }
            if (!published) {
                i = end - 1;
                continue;
            }
            const PartialDate& pub = *published;
            int relative = 0;
            if (i > 0 && word_at(t, i - 1, "last")) relative = -1;
            if (i > 0 && word_at(t, i - 1, "next")) relative = 1;
            const Tense tense = tense_at(t, i, end);
            if (day) {
                if (const auto d = resolve_month_day(month, day, pub, tense)) {
                    emit(out, *d);
                    if (day2 && is_valid_day(d->year, month, day2)) emit(out, {d->year, month, day2});
                    context = d;
                    context_sentence = tok.sentence;
                    context_end = end;
                }
            } else if (relative < 0) {
                emit(out, {month < pub.month ? pub.year : pub.year - 1, month, 0});
            } else if (relative > 0) {
                emit(out, {month > pub.month ? pub.year : pub.year + 1, month, 0});
            } else if (i > 0 && word_at(t, i - 1, "this")) {
                emit(out, {pub.year, month, 0});
            } else {
                emit(out, resolve_month(month, pub, tense));
            }
            i = end - 1;
            continue;
        }
        if (tok.kind == TokenKind::number) {
            // Numeric dates: 2/26/2012, 02/28/87.
            if (std::count(tok.lower.begin(), tok.lower.end(), '/') == 2) {
                const auto a = tok.lower.find('/');
                const auto b = tok.lower.find('/', a + 1);
                int m = 0, d = 0, y = 0;
                if (to_int(std::string_view(tok.lower).substr(0, a), m) &&
                    to_int(std::string_view(tok.lower).substr(a + 1, b - a - 1), d) &&
                    to_int(std::string_view(tok.lower).substr(b + 1), y)) {
                    const auto ylen = tok.lower.size() - b - 1;
                    if (ylen == 2) y += y > 30 ? 1900 : 2000;
                    if ((ylen == 2 || ylen == 4) && m >= 1 && m <= 12 && is_valid_day(y, m, d))
                        emit(out, {y, m, d});
                }
                continue;
            }
            const int year = year_number(tok);
            if (year < 1900 || year > 2099) continue;
            if (i > 0 && (t[i - 1].is_punct('$') || t[i - 1].is_punct('#') || t[i - 1].is("no") ||
                          t[i - 1].is("number") || t[i - 1].is_punct('+')))
                continue;
            if (i + 1 < n && (is_unit(t[i + 1].lower) || t[i + 1].is_punct('%') ||
                              (t[i + 1].is_punct('/') && t[i + 1].begin == tok.end)))
                continue;
            if (i + 1 < n && t[i + 1].is_punct('-') && i + 2 < n && t[i + 2].kind == TokenKind::number &&
                t[i + 1].begin == tok.end)
                continue;  // "1986-87"
            if (i > 0 && t[i - 1].is_punct('-') && i > 1 && t[i - 2].kind == TokenKind::number &&
                t[i - 1].begin == t[i - 2].end)
                continue;
            emit(out, {year, 0, 0});
            continue;
        }
        if (tok.kind != TokenKind::word || !published) continue;
        const PartialDate& pub = *published;
        if (const int wd = weekday_of(tok.lower); wd >= 0 && tok.cap) {
            // "Friday, June 10, 2016" is one date, written by the month rule.
            if (i + 2 < n && t[i + 1].is_punct(',') && month_of(t[i + 2].lower) && t[i + 2].cap) continue;
            if (i > 0 && word_at(t, i - 1, "later")) continue;
            // "Super Tuesday", "Good Friday": a capitalised word before makes it a name.
            if (i > 0 && t[i - 1].kind == TokenKind::word && t[i - 1].cap && !t[i - 1].sentence_start &&
                !month_of(t[i - 1].lower))
                continue;
            int relative = 0;
            if (i > 0 && word_at(t, i - 1, "last")) relative = -1;
            if (i > 0 && word_at(t, i - 1, "next")) relative = 1;
            emit(out, resolve_weekday(wd, pub, tense_at(t, i, i + 1), relative));
            continue;
        }
        const std::string_view w = tok.lower;
        if (w == "yesterday") {
            emit(out, date_from_days(pub_days(pub) - 1));
        } else if (w == "today" || w == "tonight") {
            emit(out, pub);
        } else if (w == "tomorrow") {
            emit(out, date_from_days(pub_days(pub) + 1));
        } else if ((w == "month" || w == "year") && i > 0 && t[i - 1].kind == TokenKind::word) {
            const std::string_view p = t[i - 1].lower;
            int delta = 0;
            if (p == "last" || p == "past") delta = -1;
            else if (p == "this" || p == "current") delta = 0;
            else if (p == "next" || p == "coming") delta = 1;
            else continue;
            if (p == "past" || p == "coming") continue;  // "over the past year", "in the coming year"
            if (i > 1 && t[i - 2].is("same")) continue;
            if (i > 1 && (t[i - 2].is("the") || t[i - 2].is("over"))) continue;
            // "last year" right after "the same month": the month-level form is written above.
            if (p == "last" && w == "year" && i > 4 && t[i - 2].is("month") && t[i - 3].is("same")) continue;
            if (w == "month") emit(out, add_months(pub, delta));
            else emit(out, {pub.year + delta, 0, 0});
        }
    }
}

}  // namespace dateline::extract

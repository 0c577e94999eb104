#include "core/schema.h"

#include "core/fnv1a.h"

#include <algorithm>
#include <cctype>
#include <functional>

namespace dateline::schema {
namespace {

// Packed layout of kSlotFacets (all integers little-endian):
//   u32 publication day as days since 1970-01-01 plus 1 (0 = undated)
//   u8  country count, then 2 bytes per code
//   u8  speaker count, then per speaker: u16 key length, key, u16 name length, name
// Counts above 255 are cut: no article names that many speakers or countries.
void put_u16(std::string& out, std::size_t v) {
    out.push_back(static_cast<char>(v & 0xff));
    out.push_back(static_cast<char>((v >> 8) & 0xff));
}

void put_u32(std::string& out, std::uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void put_text(std::string& out, std::string_view text) {
    const auto n = std::min<std::size_t>(text.size(), 0xffff);
    put_u16(out, n);
    out.append(text.substr(0, n));
}

class Reader {
public:
    explicit Reader(std::string_view data) : data_(data) {}

    std::uint32_t u8() { return byte(); }
    std::uint32_t u16() { const auto lo = byte(); return lo | (byte() << 8); }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int shift = 0; shift < 32; shift += 8) v |= byte() << shift;
        return v;
    }
    std::string text(std::size_t n) {
        if (n > data_.size() - pos_) throw FormatError("facet value truncated");
        std::string out(data_.substr(pos_, n));
        pos_ += n;
        return out;
    }
    std::string rest() {
        std::string out(data_.substr(pos_));
        pos_ = data_.size();
        return out;
    }
    bool done() const { return pos_ == data_.size(); }

private:
    std::uint32_t byte() {
        if (pos_ >= data_.size()) throw FormatError("facet value truncated");
        return static_cast<unsigned char>(data_[pos_++]);
    }
    std::string_view data_;
    std::size_t pos_ = 0;
};

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Keeps a term under Xapian's length limit while staying unique: long ids are cut and
// suffixed with a hash of the whole.
std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) return term.append(value);
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string_view>{}(value));
    term.append(value.substr(0, kMaxTermBytes - prefix.size() - 17));
    return term.append("#").append(hash);
}

}  // namespace

std::string encode_facets(const FacetValues& facets) {
    std::string out;
    put_u32(out, facets.date ? static_cast<std::uint32_t>(days_since_epoch(*facets.date) + 1) : 0);
    const auto countries = std::min<std::size_t>(facets.countries.size(), 255);
    out.push_back(static_cast<char>(countries));
    for (std::size_t i = 0; i < countries; ++i) {
        const auto& code = facets.countries[i];
        out.push_back(code.size() > 0 ? code[0] : '?');
        out.push_back(code.size() > 1 ? code[1] : '?');
    }
    const auto speakers = std::min<std::size_t>(facets.speakers.size(), 255);
    out.push_back(static_cast<char>(speakers));
    for (std::size_t i = 0; i < speakers; ++i) {
        put_text(out, facets.speakers[i].key);
        put_text(out, facets.speakers[i].name);
    }
    return out;
}

FacetValues decode_facets(std::string_view packed) {
    Reader in(packed);
    FacetValues facets;
    if (const auto day = in.u32(); day != 0) facets.date = date_from_days(static_cast<int>(day) - 1);
    for (auto n = in.u8(); n > 0; --n) facets.countries.push_back(in.text(2));
    for (auto n = in.u8(); n > 0; --n) {
        SpeakerValue speaker;
        speaker.key = in.text(in.u16());
        speaker.name = in.text(in.u16());
        facets.speakers.push_back(std::move(speaker));
    }
    if (!in.done()) throw FormatError("facet value has trailing bytes");
    return facets;
}

std::string speaker_slot_value(const SpeakerValue& speaker) {
    std::string out;
    put_text(out, speaker.key);
    out.append(speaker.name);
    return out;
}

SpeakerValue parse_speaker_slot_value(std::string_view value) {
    Reader in(value);
    SpeakerValue speaker;
    speaker.key = in.text(in.u16());
    speaker.name = in.rest();
    return speaker;
}

Xapian::valueno speaker_slot(unsigned position) { return kSlotFirstSpeaker + position; }
Xapian::valueno country_slot(unsigned position) { return kSlotFirstCountry + position; }

std::string shard_directory(unsigned index) { return "shard-" + std::to_string(index); }

unsigned shard_of(std::string_view doc_id, unsigned shard_count) {
    return shard_count <= 1 ? 0 : static_cast<unsigned>(fnv1a64(doc_id) % shard_count);
}

std::string id_term(std::string_view doc_id) { return bounded_term(kIdPrefix, doc_id); }
std::string speaker_term(std::string_view key) { return bounded_term(kSpeakerPrefix, key); }
std::string country_term(std::string_view iso_code) { return std::string(kCountryPrefix) + lower(iso_code); }
std::string source_term(std::string_view source) { return bounded_term(kSourcePrefix, lower(source)); }
std::string day_term(const PartialDate& day) { return std::string(kDayPrefix) + day.to_compact(); }
std::string month_term(int year, int month) {
    return std::string(kMonthPrefix) + PartialDate{year, month, 0}.to_compact();
}
std::string year_term(int year) { return std::string(kYearPrefix) + PartialDate{year, 0, 0}.to_compact(); }
std::string input_term(std::string_view input_key) { return bounded_term(kInputPrefix, input_key); }

std::string cluster_term(std::string_view cluster_id) { return std::string(kClusterPrefix) + std::string(cluster_id); }

std::string cluster_value(const ClusterValue& value) { return value.cluster_id + static_cast<char>(value.role); }

ClusterValue parse_cluster_value(std::string_view value) {
    constexpr std::size_t kIdDigits = 16;
    const auto hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
    if (value.size() != kIdDigits + 1 || !std::all_of(value.begin(), value.end() - 1, hex))
        throw FormatError("malformed cluster value (" + std::to_string(value.size()) + " bytes)");
    const char role = value.back();
    if (role != 'S' && role != 'H' && role != 'C') throw FormatError(std::string("unknown story role '") + role + "'");
    return {std::string(value.substr(0, kIdDigits)), static_cast<StoryRole>(role)};
}

std::vector<std::string> mentioned_terms(const PartialDate& date) {
    std::vector<std::string> terms{std::string(kMentionedPrefix) + PartialDate{date.year, 0, 0}.to_compact()};
    if (date.month != 0)
        terms.push_back(std::string(kMentionedPrefix) + PartialDate{date.year, date.month, 0}.to_compact());
    if (date.day != 0) terms.push_back(std::string(kMentionedPrefix) + date.to_compact());
    return terms;
}

std::string revision_value(Xapian::rev revision) {
    char text[24];
    std::snprintf(text, sizeof text, "%012llu", static_cast<unsigned long long>(revision));
    return text;
}

std::string date_value(const std::optional<PartialDate>& date) {
    return date ? date->to_compact() : std::string();
}

std::optional<PartialDate> parse_date_value(std::string_view value) {
    if (value.empty()) return std::nullopt;
    const auto malformed = [&] { return FormatError("date value \"" + std::string(value) + "\" is not a day as YYYYMMDD"); };
    if (value.size() != 8 || value.find_first_not_of("0123456789") != std::string_view::npos) throw malformed();
    const auto number = [&](std::size_t at, std::size_t n) {
        int out = 0;
        for (const char c : value.substr(at, n)) out = out * 10 + (c - '0');
        return out;
    };
    const PartialDate date{number(0, 4), number(4, 2), number(6, 2)};
    if (!is_valid_day(date.year, date.month, date.day)) throw malformed();
    return date;
}

std::string date_undated_last_value(const std::optional<PartialDate>& date) {
    return date ? date->to_compact() : std::string("~");
}

}  // namespace dateline::schema

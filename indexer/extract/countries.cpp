#include "extract/countries.h"

#include "extract/data_files.h"
#include "extract/text_folding.h"

#include <algorithm>

namespace dateline::extract {
namespace {

// Words that may stand capitalised before a place without making it a person's name.
bool is_function_word(std::string_view w) noexcept {
    static constexpr std::string_view words[] = {
        "the", "in", "of", "and", "to", "for", "from", "with", "by", "on", "at", "as",
        "but", "or", "a", "an", "said", "says", "that", "between", "against", "than",
        "if", "when", "while", "after", "before", "since", "both", "neither", "nor",
        "unlike", "like", "is", "was", "will", "would", "has", "had", "where", "why"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}


std::uint8_t parse_flags(const std::filesystem::path& file, const DataLine& l, std::size_t field) {
    std::uint8_t flags = 0;
    if (l.fields.size() <= field) return flags;
    std::string_view s = l.fields[field];
    while (!s.empty()) {
        const auto comma = s.find(',');
        const auto f = s.substr(0, comma);
        if (f == "first_name") flags |= flag_first_name;
        else if (f == "surname") flags |= flag_surname;
        else if (f == "after_comma") flags |= flag_after_comma;
        else if (f == "dateline") flags |= flag_dateline;
        else if (f == "state") flags |= flag_state;
        else if (f == "city") flags |= flag_city;
        else if (f == "person") flags |= flag_person;
        else if (f == "organization") flags |= flag_organization;
        else data_error(file, l.line, "unknown flag '" + std::string(f) + "'");
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return flags;
}

}  // namespace

std::string phrase_key(std::string_view phrase) {
    std::string key;
    for (const Token& t : tokenize(phrase)) {
        if (!key.empty()) key.push_back(' ');
        key += t.lower;
    }
    return key;
}

void CountryGazetteer::add(const std::string& alias, CountryAlias entry) {
    std::string key = phrase_key(alias);
    if (key.empty()) return;
    const auto n = static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    max_tokens_ = std::max(max_tokens_, n);
    aliases_[std::move(key)] = std::move(entry);
}

CountryGazetteer CountryGazetteer::load(const IsoCountries& iso, const std::filesystem::path& data_dir) {
    CountryGazetteer g;
    // ISO names first. "Korea, Republic of" also gives "Korea" unless another entry
    // claims the same short form; parenthesised parts are dropped.
    std::unordered_map<std::string, std::string> short_forms;
    for (const CountryInfo& c : iso.all()) {
        std::string lower_code = c.code;
        for (auto& ch : lower_code) ch = static_cast<char>(ch - 'A' + 'a');
        g.codes_[lower_code] = c.code;
        std::string name = c.name;
        if (const auto paren = name.find(" ("); paren != std::string::npos) name.resize(paren);
        if (const auto comma = name.find(", "); comma != std::string::npos) {
            const std::string head = name.substr(0, comma);
            auto [it, fresh] = short_forms.emplace(head, c.code);
            if (!fresh && it->second != c.code) it->second.clear();
        } else {
            g.add(name, {c.code, 0});
        }
        if (!c.common_name.empty()) g.add(c.common_name, {c.code, 0});
    }
    for (const auto& [head, code] : short_forms)
        if (!code.empty() && !g.aliases_.contains(phrase_key(head))) g.add(head, {code, 0});

    const auto countries_file = data_dir / "countries.tsv";
    for (const DataLine& l : read_data_file(countries_file, 2, 3)) {
        std::string code = l.fields[1];
        if (code == "-") code.clear();
        else if (!iso.find(code)) data_error(countries_file, l.line, "unknown ISO code '" + code + "'");
        g.add(l.fields[0], {code, parse_flags(countries_file, l, 2)});
    }
    const auto us_file = data_dir / "places_us.tsv";
    for (const DataLine& l : read_data_file(us_file, 1, 2))
        g.add(l.fields[0], {"US", parse_flags(us_file, l, 1)});

    for (const DataLine& l : read_data_file(data_dir / "currencies.tsv", 1, 1)) g.currencies_.insert(phrase_key(l.fields[0]));
    // The titles before a bare surname ("Mr. Jordan"), shared with the speaker rules.
    for (const DataLine& l : read_data_file(data_dir / "titles.tsv", 1, 2))
        if (l.fields.size() == 2 && l.fields[1] == "personal") g.personal_titles_.insert(fold(l.fields[0]));

    // Plurals of demonyms: Ukrainians, Israelis.
    std::vector<std::pair<std::string, CountryAlias>> plurals;
    for (const auto& [key, entry] : g.aliases_) {
        if (entry.code.empty() || key.find(' ') != std::string::npos || key.size() < 4) continue;
        if (key.ends_with("an") || key.ends_with("i")) plurals.emplace_back(key + "s", entry);
    }
    for (auto& [key, entry] : plurals) g.aliases_.try_emplace(std::move(key), std::move(entry));
    return g;
}

std::optional<std::string> CountryGazetteer::lookup(std::string_view name) const {
    const std::string key = phrase_key(name);
    if (const auto c = codes_.find(key); c != codes_.end()) return c->second;
    const auto it = aliases_.find(key);
    if (it == aliases_.end() || it->second.code.empty() || (it->second.flags & ambiguity_flags) != 0) return std::nullopt;
    return it->second.code;
}

std::vector<std::string> CountryGazetteer::codes_with_prefix(std::string_view prefix) const {
    const std::string wanted = phrase_key(prefix);
    std::vector<std::string> codes;
    if (wanted.empty()) return codes;
    constexpr std::uint8_t kNotACountryName = ambiguity_flags | flag_city | flag_state | flag_person;
    for (const auto& [alias, entry] : aliases_) {
        if (entry.code.empty() || (entry.flags & kNotACountryName) != 0) continue;
        if (alias.starts_with(wanted)) codes.push_back(entry.code);
    }
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    return codes;
}

const CountryAlias* CountryGazetteer::phrase_alias(const std::vector<Token>& tokens, std::size_t first,
                                                   std::size_t last) const {
    std::string key;
    for (std::size_t k = first; k <= last && k < tokens.size(); ++k) {
        if (!key.empty()) key.push_back(' ');
        key += tokens[k].lower;
    }
    const auto it = aliases_.find(std::string_view(key));
    return it == aliases_.end() ? nullptr : &it->second;
}

bool CountryGazetteer::is_place_phrase(const std::vector<Token>& tokens, std::size_t first,
                                       std::size_t last, bool any_reading) const {
    const CountryAlias* alias = phrase_alias(tokens, first, last);
    return alias && (any_reading || !(alias->flags & (flag_first_name | flag_surname | flag_person)));
}

bool CountryGazetteer::is_institution(const std::vector<Token>& tokens, std::size_t first, std::size_t last) const {
    const CountryAlias* alias = phrase_alias(tokens, first, last);
    return alias && (alias->flags & flag_organization);
}

void CountryGazetteer::find(const std::vector<Token>& tokens, bool all_caps, bool is_body,
                            std::vector<std::string>& codes) const {
    std::vector<CountryMention> mentions;
    find_mentions(tokens, all_caps, is_body, mentions);
    for (const CountryMention& m : mentions)
        if (std::find(codes.begin(), codes.end(), m.code) == codes.end()) codes.push_back(m.code);
}

const std::pair<const std::string, CountryAlias>* CountryGazetteer::match(const std::vector<Token>& tokens,
                                                                           std::size_t i, bool all_caps,
                                                                           bool is_body, std::size_t& last,
                                                                           std::string& key) const {
    const Token& t = tokens[i];
    if (t.kind != TokenKind::word || !(t.cap || all_caps)) return nullptr;
    const std::size_t max_n = std::min(max_tokens_, tokens.size() - i);
    for (std::size_t n = max_n; n >= 1; --n) {
        key.clear();
        for (std::size_t k = 0; k < n; ++k) {
            if (k) key.push_back(' ');
            key += tokens[i + k].lower;
        }
        const auto it = aliases_.find(std::string_view(key));
        if (it == aliases_.end()) continue;
        const CountryAlias& a = it->second;
        last = i + n - 1;
        bool ok = true;
        if (!all_caps && (a.flags & flag_first_name) && last + 1 < tokens.size()) {
            const Token& next = tokens[last + 1];
            if (next.kind == TokenKind::word && next.cap && next.sentence == t.sentence &&
                !aliases_.contains(std::string_view(next.lower)))
                ok = false;
        }
        if (!all_caps && (a.flags & flag_surname) && i > 0) {
            const Token& prev = tokens[i - 1];
            if (prev.kind == TokenKind::word &&
                (personal_titles_.contains(std::string_view(prev.lower)) ||
                 (prev.cap && !t.sentence_start && !is_function_word(prev.lower) &&
                  !aliases_.contains(std::string_view(prev.lower)))))
                ok = false;
        }
        if (a.flags & flag_after_comma) {
            ok = i >= 2 && tokens[i - 1].is_punct(',') && tokens[i - 2].kind == TokenKind::word &&
                 tokens[i - 2].cap;
        }
        if (a.flags & flag_dateline) ok = is_body && i < 3 && t.all_caps;
        if (ok) return &*it;
        if (n == 1) break;
    }
    return nullptr;
}

void CountryGazetteer::find_mentions(const std::vector<Token>& tokens, bool all_caps, bool is_body,
                                     std::vector<CountryMention>& mentions) const {
    std::string key;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        std::size_t last = i;
        const auto* entry = match(tokens, i, all_caps, is_body, last, key);
        if (!entry) continue;
        const CountryAlias& a = entry->second;
        // A ticker symbol in angle brackets: "Union Carbide Corp <UK>".
        const bool ticker = i > 0 && tokens[i - 1].is_punct('<') && last + 1 < tokens.size() &&
                            tokens[last + 1].is_punct('>');
        // A town named after a foreign place: "Paris, Texas", "DUBLIN, Calif.".
        bool us_town = false;
        if (a.code != "US" && last + 2 < tokens.size() && tokens[last + 1].is_punct(',')) {
            std::size_t state_last = last + 2;
            const auto* state = match(tokens, last + 2, all_caps, is_body, state_last, key);
            // "Mexico, California and Texas" is a list, not a town.
            const bool listed = state_last + 1 < tokens.size() &&
                                (tokens[state_last + 1].is("and") || tokens[state_last + 1].is("or"));
            us_town = state && (state->second.flags & flag_state) && !listed;
        }
        if (!a.code.empty() && !ticker && !us_town) {
            const bool currency = last + 1 < tokens.size() && tokens[last + 1].kind == TokenKind::word &&
                                  currencies_.contains(std::string_view(tokens[last + 1].lower));
            // "London-based", "Tokyo-based": where a company sits, not what the story is about.
            const bool based = last + 2 < tokens.size() && tokens[last + 1].is_punct('-') &&
                               tokens[last + 2].is("based");
            // The start of a company name in angle brackets: "<British Petroleum Co PLC>".
            const bool company = i > 0 && tokens[i - 1].is_punct('<');
            mentions.push_back({a.code, entry->first, i, last, tokens[i].sentence,
                                (a.flags & flag_city) != 0, currency || based || company});
        }
        i = last;
    }
}

std::vector<std::string> about_countries(const CountryMentions& mentions) {
    // A short story is a wire report: its headline, dateline and lead say what it is about.
    constexpr int short_story_sentences = 15;
    // A story naming this many countries is about all of them (a list of members, markets).
    constexpr std::size_t many_countries = 7;

    struct Evidence {
        std::string_view code;
        int mentions = 0;  // not counting weak mentions
        int later = 0;     // weight after the lead: 2 for a country's name, 1 for a city
        bool lead = false;
    };
    std::vector<Evidence> found;
    const auto add = [&](const CountryMention& m, bool lead) {
        auto it = std::find_if(found.begin(), found.end(), [&](const Evidence& e) { return e.code == m.code; });
        if (it == found.end()) it = found.insert(found.end(), Evidence{m.code});
        if (m.weak) return;
        ++it->mentions;
        it->lead |= lead;
        if (!lead) it->later += m.city ? 1 : 2;
    };
    for (const CountryMention& m : mentions.title) add(m, true);
    for (const CountryMention& m : mentions.body) add(m, m.sentence == 0);

    const auto named = static_cast<std::size_t>(
        std::count_if(found.begin(), found.end(), [](const Evidence& e) { return e.mentions > 0; }));
    const bool any_lead = std::any_of(found.begin(), found.end(), [](const Evidence& e) { return e.lead; });
    const bool keep_all_named = !any_lead || named >= many_countries ||
                                mentions.body_sentences > short_story_sentences;
    std::vector<std::string> codes;
    for (const Evidence& e : found) {
        const bool keep = named == 0 ||                                   // currencies only
                          (e.mentions > 0 && (e.lead || keep_all_named || e.later >= 4));
        if (keep) codes.emplace_back(e.code);
    }
    return codes;
}

}  // namespace dateline::extract

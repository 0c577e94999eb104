#include "extract/countries.h"

#include "core/data_files.h"
#include "core/text_folding.h"

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

}  // namespace

CountryGazetteer CountryGazetteer::load(const IsoCountries& iso, const std::filesystem::path& data_dir) {
    CountryGazetteer g;
    g.names_ = CountryNames::load(iso, data_dir);
    for (const DataLine& l : read_data_file(data_dir / "currencies.tsv", 1, 1)) g.currencies_.insert(phrase_key(l.fields[0]));
    // The titles before a bare surname ("Mr. Jordan"), shared with the speaker rules.
    for (const DataLine& l : read_data_file(data_dir / "titles.tsv", 1, 2))
        if (l.fields.size() == 2 && l.fields[1] == "personal") g.personal_titles_.insert(fold(l.fields[0]));
    return g;
}

const CountryAlias* CountryGazetteer::phrase_alias(const std::vector<Token>& tokens, std::size_t first,
                                                   std::size_t last) const {
    std::string key;
    for (std::size_t k = first; k <= last && k < tokens.size(); ++k) {
        if (!key.empty()) key.push_back(' ');
        key += tokens[k].lower;
    }
    const auto it = names_.aliases().find(std::string_view(key));
    return it == names_.aliases().end() ? nullptr : &it->second;
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
    const std::size_t max_n = std::min(names_.max_tokens(), tokens.size() - i);
    for (std::size_t n = max_n; n >= 1; --n) {
        key.clear();
        for (std::size_t k = 0; k < n; ++k) {
            if (k) key.push_back(' ');
            key += tokens[i + k].lower;
        }
        const auto it = names_.aliases().find(std::string_view(key));
        if (it == names_.aliases().end()) continue;
        const CountryAlias& a = it->second;
        last = i + n - 1;
        bool ok = true;
        if (!all_caps && (a.flags & flag_first_name) && last + 1 < tokens.size()) {
            const Token& next = tokens[last + 1];
            if (next.kind == TokenKind::word && next.cap && next.sentence == t.sentence &&
                !names_.aliases().contains(std::string_view(next.lower)))
                ok = false;
        }
        if (!all_caps && (a.flags & flag_surname) && i > 0) {
            const Token& prev = tokens[i - 1];
            if (prev.kind == TokenKind::word &&
                (personal_titles_.contains(std::string_view(prev.lower)) ||
                 (prev.cap && !t.sentence_start && !is_function_word(prev.lower) &&
                  !names_.aliases().contains(std::string_view(prev.lower)))))
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

// libFuzzer target: JSON Lines records (parse_jsonl_record), and the stored JSON form of
// what they yield (article_to_json / article_from_json).
#include "core/article_json.h"
#include "fuzz_check.h"
#include "readers/reader.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace dateline;

namespace {

// What the index stores must read back as the article the reader produced.
void check_round_trip(const index::Article& article) {
    const nlohmann::json stored = index::article_to_json(article);
    const std::string text = stored.dump();
    const index::Article back = index::article_from_json(nlohmann::json::parse(text));
    fuzz::check(back.id == article.id, "stored id reads back", article.id);
    fuzz::check(back.title == article.title && back.body == article.body, "stored text reads back");
    fuzz::check(back.url == article.url && back.source == article.source, "stored url and source read back");
    fuzz::check(back.date == article.date, "stored date reads back");
    fuzz::check(back.speakers == article.speakers && back.countries == article.countries, "stored facets read back");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line = fuzz::as_text(data, size);
    index::Article article;
    try {
        article = index::parse_jsonl_record(line);
    } catch (const std::invalid_argument&) {
        return 0;  // rejected with a reason: the documented outcome for a bad record
    }
    fuzz::check_article(article);
    fuzz::check(!article.id.empty(), "a record has an id");
    // An integer id is the record's own number, written as JSON writes it.
    const auto record = nlohmann::json::parse(line);
    if (record["id"].is_number_integer())
        fuzz::check(article.id == record["id"].dump(), "an integer id keeps its value", article.id);
    if (article.countries_given)
        for (const auto& code : article.countries) fuzz::check(!code.empty(), "given countries are codes");
    check_round_trip(article);
    return 0;
}

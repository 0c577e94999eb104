#include "core/article_json.h"

#include <stdexcept>

namespace dateline::index {

using nlohmann::json;

json article_to_json(const Article& article, BodyField body) {
    json out = {{"id", article.id}, {"title", article.title}};
    if (body == BodyField::include) out["body"] = article.body;
    out["url"] = article.url;
    out["source"] = article.source;
    out["date"] = article.date ? json(article.date->to_iso()) : json(nullptr);
    out["speakers"] = article.speakers;
    // Only when there are some, so that the change hash of an article without any stays as it was.
    if (!article.organizations.empty()) out["organizations"] = article.organizations;
    out["countries"] = article.countries;
    json mentioned = json::array();
    for (const auto& date : article.mentioned_dates) mentioned.push_back(date.to_iso());
    out["mentioned_dates"] = std::move(mentioned);
    json attributions = json::array();
    for (const auto& a : article.attributions)
        attributions.push_back({{"speaker", a.speaker}, {"cue", a.cue}, {"text", a.text}, {"field", a.field},
                                {"begin", a.begin}, {"end", a.end}, {"cue_begin", a.cue_begin}});
    out["attributions"] = std::move(attributions);
    return out;
}

Article article_from_json(const json& in) {
    if (!in.is_object()) throw std::invalid_argument("stored document is not a JSON object");
    try {
        Article article;
        article.id = in.at("id").get<std::string>();
        article.title = in.value("title", "");
        article.body = in.value("body", "");
        article.url = in.value("url", "");
        article.source = in.value("source", "");
        if (const auto it = in.find("date"); it != in.end() && it->is_string())
            article.date = parse_iso_date(it->get_ref<const std::string&>());
        article.speakers = in.value("speakers", std::vector<std::string>{});
        article.organizations = in.value("organizations", std::vector<std::string>{});
        article.countries = in.value("countries", std::vector<std::string>{});
        for (const auto& text : in.value("mentioned_dates", std::vector<std::string>{}))
            if (auto date = parse_iso_date(text)) article.mentioned_dates.push_back(*date);
        for (const auto& a : in.value("attributions", json::array())) {
            Attribution attribution;
            attribution.speaker = a.at("speaker").get<std::string>();
            attribution.cue = a.value("cue", "");
            attribution.text = a.value("text", "");
            attribution.field = a.value("field", "body");
            attribution.begin = a.value("begin", std::size_t{0});
            attribution.end = a.value("end", std::size_t{0});
            attribution.cue_begin = a.value("cue_begin", std::size_t{0});
            article.attributions.push_back(std::move(attribution));
        }
        return article;
    } catch (const json::exception& e) {
        throw std::invalid_argument(std::string("stored document: ") + e.what());
    }
}

}  // namespace dateline::index

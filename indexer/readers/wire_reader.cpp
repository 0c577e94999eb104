// The wire agencies' XML: IPTC NewsML-G2 news items and NITF documents, one article each.
#include "readers/html_text.h"
#include "readers/text_util.h"
#include "readers/xml_news.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace dateline::index {
namespace {

std::string text_of(const xmlNode* node) { return collapse_whitespace(xml_text(node)); }

// `body.content` (NITF, and NITF inside a NewsML-G2 item) is markup of paragraphs; the HTML
// reader's text extraction reads it as it reads a page's body.
std::string markup_text(const xmlNode* node) { return node ? html_text(xml_inner_markup(node)) : std::string(); }

// Wire copy opens with its dateline ("KYIV, April 21, 2025 -"), where extraction looks
// for a date; a body that does not carry it gets it in front.
std::string with_dateline(std::string body, const std::string& dateline) {
    if (dateline.empty() || body.starts_with(dateline)) return body;
    return body.empty() ? dateline : dateline + " - " + body;
}

// Day-precision dates in ISO 8601, extended (2025-04-21T...) or basic (20250421T...).
std::optional<PartialDate> wire_date(std::string_view text) {
    text = trim(text);
    if (text.size() >= 8 && std::all_of(text.begin(), text.begin() + 8, [](char c) { return c >= '0' && c <= '9'; })) {
        const std::string extended = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) + "-" +
                                     std::string(text.substr(6, 2));
        return parse_iso_day(extended);
    }
    return parse_iso_day(text);
}

void add_country(std::string_view code, Article& article) {
    auto iso = iso_alpha2(code);
    if (iso && std::find(article.countries.begin(), article.countries.end(), *iso) == article.countries.end())
        article.countries.push_back(std::move(*iso));
}

// A NewsML-G2 concept's country, by the ISO 3166-1 schemes IPTC's catalogue aliases.
void add_qcode_country(const std::string& qcode, Article& article) {
    for (const std::string_view scheme : {"iso3166-1a2:", "cntry:", "country:"})
        if (qcode.size() > scheme.size() && std::equal(scheme.begin(), scheme.end(), qcode.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            }))
            add_country(std::string_view(qcode).substr(scheme.size()), article);
}

// Located and subject concepts, and the broader concepts (a city's country) inside them.
void newsml_countries(const xmlNode* node, Article& article) {
    for (const xmlNode* child = node->children; child; child = child->next) {
        const std::string_view name = xml_name(child);
        if (name == "located" || name == "subject" || name == "broader") {
            add_qcode_country(xml_attribute(child, "qcode"), article);
            newsml_countries(child, article);
        }
    }
}

// NITF's event locations (docdata) and countries named in locations.
void nitf_countries(const xmlNode* node, Article& article) {
    for (const xmlNode* child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        const std::string_view name = xml_name(child);
        if (name == "evloc" || name == "country") add_country(xml_attribute(child, "iso-cc"), article);
        nitf_countries(child, article);
    }
}

void require_text_found(const Article& article) {
    if (article.title.empty() && trim(article.body).empty()) throw std::invalid_argument("empty document (no headline or text)");
}

}  // namespace

Article read_newsml_item(const xmlNode* root, std::string default_id) {
    Article article;
    article.id = std::string(trim(xml_attribute(root, "guid")));
    if (article.id.empty()) article.id = std::move(default_id);
    const xmlNode* item_meta = xml_child(root, "itemMeta");
    const xmlNode* content_meta = xml_child(root, "contentMeta");
    article.title = text_of(xml_child(content_meta, "headline"));

    const xmlNode* content = xml_descendant(xml_child(root, "contentSet"), "body.content");
    if (!content) content = xml_descendant(xml_child(root, "contentSet"), "body");  // XHTML inline
    std::string body = markup_text(content);
    if (body.empty()) body = std::string(trim(xml_text(xml_descendant(xml_child(root, "contentSet"), "inlineData"))));
    article.body = with_dateline(std::move(body), text_of(xml_child(content_meta, "dateline")));

    for (const xmlNode* date : {xml_child(item_meta, "firstCreated"), xml_child(content_meta, "contentCreated"),
                                xml_child(item_meta, "versionCreated")})
        if (!article.date && date) article.date = wire_date(xml_text(date));

    if (const xmlNode* provider = xml_child(item_meta, "provider")) {
        article.source = text_of(xml_child(provider, "name"));
        if (article.source.empty()) article.source = collapse_whitespace(xml_attribute(provider, "literal"));
        if (article.source.empty()) {
            const std::string qcode = xml_attribute(provider, "qcode");
            article.source = collapse_whitespace(qcode.substr(qcode.find(':') + 1));
        }
    }
    if (content_meta) newsml_countries(content_meta, article);
    require_text_found(article);
    return article;
}

Article read_nitf(const xmlNode* root, std::string default_id) {
    const xmlNode* head = xml_child(root, "head");
    const xmlNode* docdata = xml_child(head, "docdata");
    const xmlNode* body = xml_child(root, "body");
    const xmlNode* body_head = xml_child(body, "body.head");

    Article article;
    article.id = std::string(trim(xml_attribute(xml_child(docdata, "doc-id"), "id-string")));
    if (article.id.empty()) article.id = std::move(default_id);
    article.title = text_of(xml_child(xml_child(body_head, "hedline"), "hl1"));
    if (article.title.empty()) article.title = text_of(xml_child(head, "title"));
    article.body = with_dateline(markup_text(xml_child(body, "body.content")), text_of(xml_child(body_head, "dateline")));
    article.date = wire_date(xml_attribute(xml_child(docdata, "date.issue"), "norm"));
    if (!article.date) article.date = wire_date(xml_attribute(xml_child(head, "pubdata"), "date.publication"));

    article.source = collapse_whitespace(xml_attribute(xml_child(head, "pubdata"), "name"));
    if (article.source.empty()) article.source = text_of(xml_child(body_head, "distributor"));
    if (article.source.empty()) article.source = collapse_whitespace(xml_attribute(xml_child(docdata, "doc.copyright"), "holder"));
    nitf_countries(root, article);
    require_text_found(article);
    return article;
}

}  // namespace dateline::index

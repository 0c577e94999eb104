// RSS 2.0 and Atom feeds: one article per item or entry, the feed's title as their source.
#include "readers/html_text.h"
#include "readers/text_util.h"
#include "readers/xml_news.h"

#include <stdexcept>

namespace dateline::index {
namespace {

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kContentNs = "http://purl.org/rss/1.0/modules/content/";

// Text an element gives, by Atom's `type` (RSS text elements carry HTML, as `html` does).
std::string element_text(const xmlNode* node, bool atom) {
    const std::string type = atom ? xml_attribute(node, "type") : "html";
    if (type == "xhtml") return html_text(xml_inner_markup(node));
    if (type == "html" || type == "text/html") return html_text(xml_text(node));
    if (type.empty() || type == "text" || type == "text/plain") return std::string(trim(xml_text(node)));
    return {};  // a media type (an image, a PDF): no text for us
}

const xmlNode* child_in(const xmlNode* item, std::string_view name, std::string_view ns) {
    for (const xmlNode* child = item->children; child; child = child->next)
        if (xml_name(child) == name && xml_namespace(child) == ns) return child;
    return nullptr;
}

// Atom: the entry's alternate link (rel absent or "alternate"); RSS: the link's text.
std::string item_link(const xmlNode* item, bool atom) {
    if (!atom) return std::string(trim(xml_text(xml_child(item, "link"))));
    for (const xmlNode* child = item->children; child; child = child->next) {
        if (xml_name(child) != "link") continue;
        const std::string rel = xml_attribute(child, "rel");
        if (rel.empty() || rel == "alternate") return std::string(trim(xml_attribute(child, "href")));
    }
    return {};
}

std::string item_body(const xmlNode* item, bool atom) {
    if (const xmlNode* encoded = child_in(item, "encoded", kContentNs)) return html_text(xml_text(encoded));
    if (const xmlNode* content = child_in(item, "content", kAtomNs); content && xml_attribute(content, "src").empty())
        if (std::string text = element_text(content, true); !text.empty()) return text;
    if (const xmlNode* description = xml_child(item, "description")) return html_text(xml_text(description));
    if (const xmlNode* summary = xml_child(item, "summary")) return element_text(summary, atom);
    return {};
}

// Dated to the day, as every article (Article::date); a malformed date leaves the item
// undated rather than unread, for extraction to date from its dateline.
std::optional<PartialDate> item_date(const xmlNode* item) {
    for (const char* name : {"published", "updated", "date"}) {
        if (auto date = parse_iso_day(trim(xml_text(xml_child(item, name))))) return date;
    }
    return parse_rfc822_date(xml_text(xml_child(item, "pubDate")));
}

Article feed_item(const xmlNode* item, bool atom, const std::string& source, const ReaderLimits& limits) {
    Article article;
    article.url = item_link(item, atom);
    article.id = std::string(trim(xml_text(xml_child(item, atom ? "id" : "guid"))));
    if (article.id.empty()) article.id = article.url;
    if (article.id.empty()) throw std::invalid_argument(atom ? "entry has no id and no link" : "item has no guid and no link");
    if (const xmlNode* title = xml_child(item, "title")) article.title = collapse_whitespace(element_text(title, atom));
    article.body = item_body(item, atom);
    if (article.title.empty() && article.body.empty()) throw std::invalid_argument("empty item (no title or text)");
    const std::size_t size = article.title.size() + article.body.size();
    if (size > limits.max_record_bytes)
        throw std::invalid_argument("item of " + std::to_string(size) + " bytes of text exceeds the limit of " +
                                    std::to_string(limits.max_record_bytes));
    article.date = item_date(item);
    article.source = source;
    return article;
}

}  // namespace

void read_feed(XmlStream& xml, const std::string& where, const ReaderLimits& limits, const ArticleSink& on_article,
               const ProblemSink& on_problem) {
    const bool atom = xml.local_name() == "feed";
    // RSS: rss > channel > item; Atom: feed > entry. The feed's title comes before its items.
    const int item_depth = atom ? 1 : 2;
    const std::string_view item_name = atom ? "entry" : "item";
    std::string source;
    bool more = xml.next_element();
    while (more) {
        const bool at_item_level = xml.depth() == item_depth;
        if (at_item_level && xml.local_name() == item_name) {
            const xmlNode* item = xml.expand();
            try {
                on_article(feed_item(item, atom, source, limits));
            } catch (const std::invalid_argument& e) {
                on_problem({where + ":" + std::to_string(xmlGetLineNo(item)), e.what()});
            }
            more = xml.skip_to_next_element();
        } else if (at_item_level && xml.local_name() == "title" && source.empty()) {
            source = collapse_whitespace(element_text(xml.expand(), atom));
            more = xml.skip_to_next_element();
        } else if (xml.depth() < item_depth) {
            more = xml.next_element();  // into the channel
        } else {
            more = xml.skip_to_next_element();  // the feed's own metadata, images, links
        }
    }
}

}  // namespace dateline::index

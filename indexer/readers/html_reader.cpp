// HTML articles: the readable text of the page and its publication metadata.
#include "readers/html_nesting.h"
#include "readers/html_text.h"
#include "readers/reader.h"
#include "readers/text_util.h"

#include "core/utf8.h"

#include <gumbo.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace dateline::index {
namespace {

// Every allocation of one parse, so that what gumbo loses is freed with the parse. Debian's
// gumbo 0.10.1 loses the strings of a DOCTYPE met inside a <noscript> of the head
// (handle_in_head_noscript reports it and returns without destroying the token; fuzz_html_reader
// found "<noscript><html><!doctype h"). Each block is malloc'd behind a list link: O(1) to
// track and to free, where a set of pointers would hash on every one of gumbo's many small
// allocations.
class GumboArena {
public:
    GumboArena() = default;
    GumboArena(const GumboArena&) = delete;
    GumboArena& operator=(const GumboArena&) = delete;
    ~GumboArena() {
        while (live_.next != &live_) deallocate(this, live_.next + 1);
    }

    // Gumbo's defaults, allocating from this arena.
    GumboOptions options() {
        GumboOptions options = kGumboDefaultOptions;
        options.allocator = &allocate;
        options.deallocator = &deallocate;
        options.userdata = this;
        return options;
    }

private:
    // A header that keeps the block after it aligned as malloc's own.
    struct alignas(std::max_align_t) Link {
        Link* prev;
        Link* next;
    };

    static void* allocate(void* userdata, std::size_t size) {
        auto* const arena = static_cast<GumboArena*>(userdata);
        auto* const link = static_cast<Link*>(std::malloc(sizeof(Link) + size));
        if (!link) return nullptr;  // as malloc, which gumbo's default would have called
        link->prev = &arena->live_;
        link->next = arena->live_.next;
        link->next->prev = link;
        arena->live_.next = link;
        return link + 1;
    }

    static void deallocate(void* /*userdata*/, void* block) {
        if (!block) return;  // gumbo frees absent strings, as free() allows
        Link* const link = static_cast<Link*>(block) - 1;
        link->prev->next = link->next;
        link->next->prev = link->prev;
        std::free(link);
    }

    Link live_{&live_, &live_};  // the list's sentinel
};

// A parsed page; gumbo frees its tree, the arena whatever gumbo lost on the way.
class GumboDocument {
public:
    explicit GumboDocument(std::string_view html)
        : options_(arena_.options()), output_(gumbo_parse_with_options(&options_, html.data(), html.size())) {}
    GumboDocument(const GumboDocument&) = delete;
    GumboDocument& operator=(const GumboDocument&) = delete;
    ~GumboDocument() {
        if (output_) gumbo_destroy_output(&options_, output_);
    }

    const GumboOutput* output() const { return output_; }

private:
    GumboArena arena_;  // first: it outlives the output
    const GumboOptions options_;
    GumboOutput* const output_;
};

std::string_view attribute(const GumboNode* node, const char* name) {
    if (node->type != GUMBO_NODE_ELEMENT) return {};
    const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
    return attr ? std::string_view(attr->value) : std::string_view();
}

GumboTag tag_of(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT ? node->v.element.tag : GUMBO_TAG_UNKNOWN;
}

const GumboVector& children_of(const GumboNode* node) {
    static const GumboVector kNone{nullptr, 0, 0};
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) return node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) return node->v.document.children;
    return kNone;
}

template <typename Visit>
void for_each_element(const GumboNode* node, const Visit& visit) {
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
    if (node->type == GUMBO_NODE_ELEMENT) visit(node);
    const GumboVector& children = children_of(node);
    for (unsigned i = 0; i < children.length; ++i) for_each_element(static_cast<const GumboNode*>(children.data[i]), visit);
}

const GumboNode* first_element(const GumboNode* root, GumboTag tag) {
    const GumboNode* found = nullptr;
    for_each_element(root, [&](const GumboNode* node) {
        if (!found && tag_of(node) == tag) found = node;
    });
    return found;
}

// Navigation, scripts and page furniture carry no article text.
bool is_skipped(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM:
        case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME: case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_SELECT: case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
            return true;
        default:
            return false;
    }
}

bool is_block(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
        case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
        case GUMBO_TAG_TR: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
        case GUMBO_TAG_BR: case GUMBO_TAG_HR:
            return true;
        default:
            return false;
    }
}

// Collects text as paragraphs: block elements end a paragraph, inline ones do not.
class TextCollector {
public:
    void collect(const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
            // Text keeps its own spacing: inline markup (<b>, <a>) must not split words.
            current_.append(node->v.text.text);
            return;
        }
        if (node->type != GUMBO_NODE_ELEMENT) return;
        const GumboTag tag = node->v.element.tag;
        if (is_skipped(tag)) return;
        const bool block = is_block(tag);
        if (block) end_paragraph();
        if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) current_.push_back(' ');
        const GumboVector& children = children_of(node);
        for (unsigned i = 0; i < children.length; ++i) collect(static_cast<const GumboNode*>(children.data[i]));
        if (block) end_paragraph();
    }

    std::string text() {
        end_paragraph();
        return std::move(text_);
    }

private:
    void end_paragraph() {
        std::string paragraph = collapse_whitespace(current_);
        current_.clear();
        if (paragraph.empty()) return;
        if (!text_.empty()) text_.append("\n\n");
        text_.append(paragraph);
    }

    std::string current_;
    std::string text_;
};

std::string node_text(const GumboNode* node) {
    TextCollector collector;
    const GumboVector& children = children_of(node);
    for (unsigned i = 0; i < children.length; ++i) collector.collect(static_cast<const GumboNode*>(children.data[i]));
    return collapse_whitespace(collector.text());
}

std::string raw_text(const GumboNode* node) {
    std::string out;
    const GumboVector& children = children_of(node);
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) out.append(child->v.text.text);
    }
    return out;
}

std::string_view meta_content(const GumboNode* root, std::string_view key) {
    std::string_view found;
    for_each_element(root, [&](const GumboNode* node) {
        if (!found.empty() || tag_of(node) != GUMBO_TAG_META) return;
        if (attribute(node, "property") == key || attribute(node, "name") == key || attribute(node, "itemprop") == key)
            found = attribute(node, "content");
    });
    return found;
}

// JSON-LD may nest the article in @graph or in arrays: look for datePublished anywhere.
std::optional<PartialDate> json_ld_date(const nlohmann::json& node) {
    if (node.is_object()) {
        if (const auto it = node.find("datePublished"); it != node.end() && it->is_string())
            if (auto date = parse_iso_day(it->get_ref<const std::string&>())) return date;
        for (const auto& [key, value] : node.items())
            if (auto date = json_ld_date(value)) return date;
    } else if (node.is_array()) {
        for (const auto& value : node)
            if (auto date = json_ld_date(value)) return date;
    }
    return std::nullopt;
}

std::optional<PartialDate> publication_date(const GumboNode* root) {
    for (const auto key : {"article:published_time", "datePublished", "date", "pubdate", "DC.date.issued"})
        if (auto date = parse_iso_day(meta_content(root, key))) return date;
    std::optional<PartialDate> found;
    for_each_element(root, [&](const GumboNode* node) {
        if (found || tag_of(node) != GUMBO_TAG_SCRIPT || attribute(node, "type") != "application/ld+json") return;
        const auto json = nlohmann::json::parse(raw_text(node), nullptr, /*allow_exceptions=*/false);
        if (!json.is_discarded()) found = json_ld_date(json);
    });
    if (found) return found;
    for_each_element(root, [&](const GumboNode* node) {
        if (!found && tag_of(node) == GUMBO_TAG_TIME) found = parse_iso_day(attribute(node, "datetime"));
    });
    return found;
}

// About 0.4 s of gumbo's tree building: a page of 14,000 nested elements, or 3 million tags
// at a depth of 60 (pages nest a few dozen deep).
constexpr std::uint64_t kMaxNestingWork = 200'000'000;

void require_shallow(std::string_view content) {
    if (nesting_work(content, kMaxNestingWork) > kMaxNestingWork)
        throw std::invalid_argument("HTML elements nested too deeply: the depths of its tags add up to more than " +
                                    std::to_string(kMaxNestingWork));
}

}  // namespace

std::string html_text(std::string_view html) {
    require_shallow(html);
    const GumboDocument document(html);
    if (!document.output()) throw std::invalid_argument("HTML could not be parsed");
    const GumboNode* body = first_element(document.output()->root, GUMBO_TAG_BODY);
    if (!body) return {};
    TextCollector collector;
    collector.collect(body);
    return replace_invalid_utf8(collector.text());
}

Article parse_html_document(std::string_view content, std::string id) {
    require_shallow(content);
    const GumboDocument document(content);
    if (!document.output()) throw std::invalid_argument("HTML could not be parsed");
    const GumboNode* root = document.output()->root;

    const GumboNode* main = first_element(root, GUMBO_TAG_ARTICLE);
    if (!main) main = first_element(root, GUMBO_TAG_MAIN);
    if (!main) main = first_element(root, GUMBO_TAG_BODY);

    Article article;
    article.id = std::move(id);
    article.title = collapse_whitespace(meta_content(root, "og:title"));
    if (article.title.empty() && main)
        if (const GumboNode* h1 = first_element(main, GUMBO_TAG_H1)) article.title = node_text(h1);
    if (article.title.empty())
        if (const GumboNode* title = first_element(root, GUMBO_TAG_TITLE)) article.title = node_text(title);

    if (main) {
        TextCollector collector;
        collector.collect(main);
        article.body = collector.text();
        // The headline usually opens the article element too; it is the title, not body.
        if (!article.title.empty() && article.body.starts_with(article.title)) {
            article.body.erase(0, article.title.size());
            article.body = std::string(trim(article.body));
        }
    }
    article.date = publication_date(root);
    for_each_element(root, [&](const GumboNode* node) {
        if (article.url.empty() && tag_of(node) == GUMBO_TAG_LINK && attribute(node, "rel") == "canonical")
            article.url = std::string(attribute(node, "href"));
    });
    if (article.url.empty()) article.url = std::string(meta_content(root, "og:url"));
    article.source = collapse_whitespace(meta_content(root, "og:site_name"));
    if (article.title.empty() && article.body.empty()) throw std::invalid_argument("empty document (no title or text)");
    // Clean input can still come out spoilt: gumbo 0.10 writes a numeric reference past
    // 32 bits (`&#x10FFFF3594;`) as one stray byte where U+FFFD belongs.
    for (std::string* text : {&article.title, &article.body, &article.url, &article.source})
        *text = replace_invalid_utf8(*text);
    return article;
}

}  // namespace dateline::index

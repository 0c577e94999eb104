#include "readers/xml_stream.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <climits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace dateline::index {
namespace {

// NONET: no fetch of a DTD or an entity from the network. Left out on purpose: NOENT
// (substitute entities), DTDLOAD and DTDATTR (read the external subset), HUGE (lift the
// limits on text node size and nesting depth that bound a hostile document's cost).
constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOXINCNODE;

// libxml2 sets up its tables once, before any thread uses it (its documented rule).
void init_libxml2() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

void keep_first_error(void* user, xmlErrorPtr error) {
    auto& first = *static_cast<XmlStream::FirstError*>(user);
    if (!error || error->level < XML_ERR_ERROR || !first.reason.empty()) return;
    std::string message = error->message ? error->message : "parse error";
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    first = {std::move(message), error->line};
}

int read_file(void* context, char* buffer, int length) {
    auto* const file = static_cast<std::FILE*>(context);
    const std::size_t got = std::fread(buffer, 1, static_cast<std::size_t>(length), file);
    if (got == 0 && std::ferror(file)) return -1;
    return static_cast<int>(got);
}

std::string_view as_view(const xmlChar* text) {
    return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

void append_text(const xmlNode* node, std::string& out) {
    for (const xmlNode* child = node->children; child; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) out += as_view(child->content);
        else if (child->type == XML_ELEMENT_NODE) append_text(child, out);
        // XML_ENTITY_REF_NODE: never followed, so a declared entity costs nothing.
    }
}

}  // namespace

XmlStream::XmlStream(xmlTextReaderPtr reader, std::FILE* file) : reader_(reader), file_(file) {
    if (!reader_) {
        if (file_) std::fclose(file_);
        throw std::invalid_argument("cannot start the XML parser");
    }
    xmlTextReaderSetStructuredErrorHandler(reader_, &keep_first_error, &error_);
}

XmlStream::XmlStream(XmlStream&& other) noexcept
    : reader_(std::exchange(other.reader_, nullptr)), file_(std::exchange(other.file_, nullptr)),
      error_(std::move(other.error_)) {
    // The handler's argument is the address of error_, which moved.
    if (reader_) xmlTextReaderSetStructuredErrorHandler(reader_, &keep_first_error, &error_);
}

XmlStream::~XmlStream() {
    if (reader_) xmlFreeTextReader(reader_);
    if (file_) std::fclose(file_);
}

XmlStream XmlStream::from_memory(std::string_view content) {
    init_libxml2();
    if (content.size() > static_cast<std::size_t>(INT_MAX)) throw std::invalid_argument("XML document too large");
    return XmlStream(xmlReaderForMemory(content.data(), static_cast<int>(content.size()), nullptr, nullptr, kOptions),
                     nullptr);
}

XmlStream XmlStream::from_file(const std::filesystem::path& file) {
    init_libxml2();
    std::FILE* const handle = std::fopen(file.c_str(), "rb");
    if (!handle) throw std::invalid_argument("cannot open for reading");
    // No close callback: the stream closes the file it opened, whatever libxml2 does.
    return XmlStream(xmlReaderForIO(&read_file, nullptr, handle, nullptr, nullptr, kOptions), handle);
}

bool XmlStream::move(int status) {
    if (status == 1) return true;
    if (status == 0 && error_.reason.empty()) return false;
    if (error_.reason.empty()) error_ = {"parse error", xmlTextReaderGetParserLineNumber(reader_)};
    throw XmlError("malformed XML: " + error_.reason, error_.line);
}

bool XmlStream::next_element() {
    while (move(xmlTextReaderRead(reader_)))
        if (xmlTextReaderNodeType(reader_) == XML_READER_TYPE_ELEMENT) return true;
    return false;
}

bool XmlStream::skip_to_next_element() {
    if (!move(xmlTextReaderNext(reader_))) return false;
    if (xmlTextReaderNodeType(reader_) == XML_READER_TYPE_ELEMENT) return true;
    return next_element();
}

std::string_view XmlStream::local_name() const { return as_view(xmlTextReaderConstLocalName(reader_)); }

int XmlStream::depth() const { return xmlTextReaderDepth(reader_); }

const xmlNode* XmlStream::expand() {
    const xmlNode* node = xmlTextReaderExpand(reader_);
    if (!node) move(-1);  // a parse error inside the subtree
    return node;
}

std::string xml_text(const xmlNode* node) {
    std::string out;
    if (node) append_text(node, out);
    return out;
}

std::string xml_attribute(const xmlNode* node, std::string_view name) {
    if (!node || node->type != XML_ELEMENT_NODE) return {};
    for (const xmlAttr* attr = node->properties; attr; attr = attr->next) {
        if (as_view(attr->name) != name) continue;
        std::string value;
        for (const xmlNode* child = attr->children; child; child = child->next)
            if (child->type == XML_TEXT_NODE) value += as_view(child->content);
        return value;
    }
    return {};
}

std::string xml_inner_markup(const xmlNode* node) {
    if (!node) return {};
    const std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), &xmlBufferFree);
    if (!buffer) throw std::bad_alloc();
    for (xmlNode* child = node->children; child; child = child->next) {
        if (child->type == XML_ENTITY_REF_NODE) continue;
        xmlNodeDump(buffer.get(), node->doc, child, 0, 0);
    }
    return std::string(as_view(xmlBufferContent(buffer.get())));
}

std::string_view xml_name(const xmlNode* node) {
    return node && node->type == XML_ELEMENT_NODE ? as_view(node->name) : std::string_view();
}

std::string_view xml_namespace(const xmlNode* node) {
    return node && node->type == XML_ELEMENT_NODE && node->ns ? as_view(node->ns->href) : std::string_view();
}

const xmlNode* xml_child(const xmlNode* node, std::string_view name) {
    if (!node) return nullptr;
    for (const xmlNode* child = node->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xml_name(child) == name) return child;
    return nullptr;
}

const xmlNode* xml_descendant(const xmlNode* node, std::string_view name) {
    if (!node) return nullptr;
    for (const xmlNode* child = node->children; child; child = child->next) {
        if (child->type != XML_ELEMENT_NODE) continue;
        if (xml_name(child) == name) return child;
        if (const xmlNode* found = xml_descendant(child, name)) return found;
    }
    return nullptr;
}

}  // namespace dateline::index

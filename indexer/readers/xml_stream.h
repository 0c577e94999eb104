// Untrusted XML read as a stream (libxml2's xmlTextReader), one element's subtree at a time.
#pragma once

#include <libxml/tree.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

typedef struct _xmlTextReader* xmlTextReaderPtr;

namespace dateline::index {

/// Malformed XML: libxml2's reason, and the line it was found on.
class XmlError : public std::invalid_argument {
public:
    XmlError(const std::string& reason, long line) : std::invalid_argument(reason), line_(line) {}
    long line() const { return line_; }

private:
    long line_;
};

/// Reads XML from memory or a file without building the whole tree: a 50,000-item feed
/// holds one item in memory. No DTD is loaded, nothing is fetched from the network and no
/// entity is substituted, so an entity-expansion bomb stays a handful of unexpanded
/// references (and libxml2 refuses the expansion loop it sees). Malformed XML throws
/// XmlError; what came before it was read.
class XmlStream {
public:
    /// `content` must outlive the stream.
    static XmlStream from_memory(std::string_view content);
    /// Throws std::invalid_argument when the file cannot be opened.
    static XmlStream from_file(const std::filesystem::path& file);

    XmlStream(XmlStream&& other) noexcept;
    XmlStream& operator=(XmlStream&&) = delete;
    XmlStream(const XmlStream&) = delete;
    ~XmlStream();

    /// Moves to the start of the next element in document order; false at the end.
    bool next_element();
    /// Moves past the current element's subtree to the next element in document order
    /// (not into the subtree); false at the end.
    bool skip_to_next_element();
    /// The current element's local name (no namespace prefix).
    std::string_view local_name() const;
    /// 0 for the root element.
    int depth() const;
    /// The current element with its whole subtree, valid until the stream moves.
    const xmlNode* expand();

    /// What libxml2 reported first (an error handler's record, public for that handler).
    struct FirstError {
        std::string reason;
        long line = 0;
    };

private:
    XmlStream(xmlTextReaderPtr reader, std::FILE* file);
    bool move(int status);  // a libxml2 move result: true on a node, false at the end, throws on error

    xmlTextReaderPtr reader_;
    std::FILE* file_;  // owned when reading a file
    FirstError error_;  // libxml2's first error
};

// Reading a subtree. Entity references are never followed: their text is left out.

/// The element's text: its text and CDATA descendants, concatenated.
std::string xml_text(const xmlNode* node);
/// An attribute's value by local name, empty when absent.
std::string xml_attribute(const xmlNode* node, std::string_view name);
/// The element's children serialised as markup, for the HTML reader's text extraction.
std::string xml_inner_markup(const xmlNode* node);
/// The first child element of that local name, or nullptr.
const xmlNode* xml_child(const xmlNode* node, std::string_view name);
/// The element's local name ("" for other nodes).
std::string_view xml_name(const xmlNode* node);
/// The namespace URI of the element ("" for none).
std::string_view xml_namespace(const xmlNode* node);
/// The first descendant element (in document order) of that local name, or nullptr.
const xmlNode* xml_descendant(const xmlNode* node, std::string_view name);

}  // namespace dateline::index

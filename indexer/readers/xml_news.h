// The XML news formats, read from a stream positioned on the document's root element.
#pragma once

#include "readers/reader.h"
#include "readers/xml_stream.h"

#include <cstdint>
#include <string>

namespace dateline::index {

/// An RSS 2.0 (`rss`) or Atom (`feed`) feed: each item or entry to `on_article`; an item
/// that cannot be read to `on_problem` as `where:line`, and reading goes on.
void read_feed(XmlStream& xml, const std::string& where, const ReaderLimits& limits, const ArticleSink& on_article,
               const ProblemSink& on_problem);

/// An IPTC NewsML-G2 `newsItem`: one article; `default_id` when it has no guid.
Article read_newsml_item(const xmlNode* root, std::string default_id);

/// An NITF document (`nitf`): one article; `default_id` when it has no doc-id.
Article read_nitf(const xmlNode* root, std::string default_id);

}  // namespace dateline::index

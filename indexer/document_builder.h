// Article -> Xapian::Document, spelling every term and value through schema.h.
#pragma once

#include "core/article.h"

#include <xapian.h>

#include <string>
#include <string_view>

namespace dateline::index {

/// What kSlotArticleDigest holds for `article` as read (before extraction) from `input_key`.
std::string article_digest(const Article& article, std::string_view input_key);

class DocumentBuilder {
public:
    /// Spelling data is not recorded here: IndexWriter::sync_spelling() derives it from the
    /// index at the end of a run.
    DocumentBuilder();

    /// The document for `article`, whose speakers must already be canonical. `input_key`
    /// names the input file it came from (for deleting documents whose source is gone).
    Xapian::Document build(const Article& article, std::string_view input_key);

private:
    Xapian::TermGenerator text_terms_;  // stemmed English, positions, for title and body
    Xapian::TermGenerator name_terms_;  // speaker name words, unstemmed
};

}  // namespace dateline::index

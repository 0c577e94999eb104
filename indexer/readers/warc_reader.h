// WARC files as a stream of records, the HTML responses among them read as articles.
#pragma once

#include "readers/byte_source.h"
#include "readers/reader.h"

namespace dateline::index {

/// Reads the WARC records of `bytes`, gzip members or plain (told by the first bytes), as
/// parse_warc describes. Holds one record's page at a time (at most max_record_bytes).
ReadCounts read_warc(ByteSource& bytes, const std::string& where, const ReaderLimits& limits,
                     const ArticleSink& on_article, const ProblemSink& on_problem);

}  // namespace dateline::index

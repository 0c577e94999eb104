// The checks both XML fuzz targets (feeds, wire formats) make of what parse_news_xml yields.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dateline::fuzz {

/// Reads the input as an XML news document and checks every article and problem.
void fuzz_news_xml(const std::uint8_t* data, std::size_t size);

}  // namespace dateline::fuzz

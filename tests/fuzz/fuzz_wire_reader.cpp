// libFuzzer target: NewsML-G2 items and NITF documents (parse_news_xml over libxml2's reader).
#include "fuzz_news_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dateline::fuzz::fuzz_news_xml(data, size);
    return 0;
}

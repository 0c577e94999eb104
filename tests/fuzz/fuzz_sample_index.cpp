#include "fuzz_sample_index.h"

#include "fuzz_check.h"

namespace dateline::fuzz {

std::filesystem::path sample_db() { return DATELINE_FUZZ_SAMPLE_DB; }

const search::Vocabulary& vocabulary() {
    static const search::Vocabulary loaded(data_dir());
    return loaded;
}

}  // namespace dateline::fuzz

#include "search/result.h"

namespace dateline::search {

const char* to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_param: return "bad_param";
        case ErrorCode::bad_query: return "bad_query";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::index_unavailable: return "index_unavailable";
        case ErrorCode::internal: return "internal";
    }
    return "internal";
}

}  // namespace dateline::search

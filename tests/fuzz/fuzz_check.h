// Invariant checks shared by the fuzz targets: a broken invariant aborts with its reason,
// so that libFuzzer keeps the input as a crash, exactly as it does for a sanitizer report.
#pragma once

#include "core/article.h"
#include "core/date.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace dateline::fuzz {

/// Prints "fuzz invariant broken: <what>[: <detail>]" to stderr and aborts.
[[noreturn]] void fail(std::string_view what, std::string_view detail = {});

inline void check(bool holds, std::string_view what, std::string_view detail = {}) {
    if (!holds) fail(what, detail);
}

/// Valid UTF-8 without NUL bytes, as every text the indexer stores must be.
void check_utf8(std::string_view text, std::string_view what);

/// A real calendar date at year, month or day precision (month 0 implies day 0).
void check_partial_date(const PartialDate& date, std::string_view what);

/// The text fields of an article are clean UTF-8, its date (if any) a real day, and its
/// facet lists hold no duplicates.
void check_article(const index::Article& article);

/// The fuzz input as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// The bundled extraction data (indexer/extract/data), compiled in by CMake.
std::filesystem::path data_dir();

}  // namespace dateline::fuzz

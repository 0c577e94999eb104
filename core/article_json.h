// The JSON form of an article: stored as the Xapian document data, printed by
// `dateline-index --extract-only`, and returned by the document endpoint.
#pragma once

#include "core/article.h"

#include <nlohmann/json.hpp>

namespace dateline::index {

enum class BodyField { include, omit };

/// Keys: id, title, [body], url, source, date (ISO or null), speakers, countries,
/// mentioned_dates (ISO strings), attributions (speaker, cue, text, field, begin, end,
/// cue_begin).
nlohmann::json article_to_json(const Article& article, BodyField body = BodyField::include);

/// The inverse of article_to_json(); throws std::invalid_argument on a malformed object.
Article article_from_json(const nlohmann::json& json);

}  // namespace dateline::index

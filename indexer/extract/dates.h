// Dates in article text: the dateline's publication date and every mentioned date.
#pragma once

#include "core/date.h"
#include "core/tokenizer.h"

#include <optional>
#include <vector>

namespace dateline::extract {

/// The publication date written at the top of a body ("April 21, 2025 -" or
/// "KYIV, April 21, 2025 -"); nothing when the dateline has no year ("NEW YORK, Feb 26 -").
std::optional<PartialDate> find_dateline_date(const std::vector<Token>& body);

/// Appends every date the tokens mention, at its own precision, without duplicates.
/// Expressions without a year (weekdays, "March 3", "last month") need `published`
/// and are resolved by the tense rule; week-level, quarter and decade expressions
/// are never emitted.
void find_mentioned_dates(const std::vector<Token>& tokens, const std::optional<PartialDate>& published,
                          std::vector<PartialDate>& out);

}  // namespace dateline::extract

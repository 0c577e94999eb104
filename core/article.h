// An article as the indexer sees it: text plus the facets read or extracted from it.
#pragma once

#include "core/date.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace dateline::index {

/// Evidence for one speaker: the statement attributed to them and the cue that did it.
/// Offsets are byte offsets into the field named by `field` ("title" or "body").
struct Attribution {
    std::string speaker;     // canonical display name, as in Article::speakers
    std::string cue;         // "said", "told reporters", "according to", ":" ...
    std::string text;        // the quote or reported statement
    std::string field = "body";
    std::size_t begin = 0;   // [begin, end) of `text` in the field
    std::size_t end = 0;
    std::size_t cue_begin = 0;
};

struct Article {
    std::string id;      // unique: JSONL `id`, or the path relative to the input root
    std::string title;
    std::string body;
    std::string url;
    std::string source;  // publication or feed name, free text

    std::optional<PartialDate> date;  // publication date, precision day, or none (undated)

    std::vector<std::string> speakers;   // canonical display names, unique
    std::vector<std::string> organizations;  // organisations a statement is attributed to, unique
    std::vector<std::string> countries;  // ISO 3166-1 alpha-2, upper case, unique
    std::vector<PartialDate> mentioned_dates;  // unique, at their own precision
    std::vector<Attribution> attributions;

    // Set when the input named these facets explicitly; extraction then leaves them alone.
    // Countries a reader sets without countries_given (a wire item's located and subject
    // codes) are kept by extraction, which adds the ones the text names.
    bool speakers_given = false;
    bool countries_given = false;
};

}  // namespace dateline::index

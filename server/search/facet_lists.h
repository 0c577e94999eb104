// The facet lists of a response: a facet's top values by count, and the date histogram.
#pragma once

#include "search/facet_counter.h"
#include "search/facet_store.h"
#include "search/search_request.h"
#include "search/search_response.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace dateline::search {

/// The `size` values with the highest counts (then by label), plus every selected value
/// (`selected`, as asked for in `requested`) even outside the top or without a match;
/// `label_of(value, key)` fills a value's label and flag.
template <typename Label>
FacetCounts top_values(const std::vector<std::uint32_t>& counts, const FacetDictionary& dictionary,
                       const std::vector<Ordinal>& selected, const std::vector<std::string>& requested, int size,
                       const Label& label_of) {
    FacetCounts facet;
    std::vector<Ordinal> present;
    for (Ordinal ordinal = 0; ordinal < counts.size(); ++ordinal)
        if (counts[ordinal] > 0) present.push_back(ordinal);
    facet.distinct = present.size();
    const auto by_count_then_name = [&](Ordinal a, Ordinal b) {
        if (counts[a] != counts[b]) return counts[a] > counts[b];
        return dictionary.label(a) < dictionary.label(b);
    };
    const std::size_t keep = std::min<std::size_t>(present.size(), static_cast<std::size_t>(size));
    std::partial_sort(present.begin(), present.begin() + static_cast<std::ptrdiff_t>(keep), present.end(),
                      by_count_then_name);
    present.resize(keep);
    for (std::size_t i = 0; i < selected.size(); ++i) {
        // A selected value stays visible even outside the top, or when nothing has it.
        if (selected[i] == FacetDictionary::kAbsent) {
            FacetValueCount missing;
            missing.value = requested[i];
            missing.selected = true;
            label_of(missing, requested[i]);
            facet.values.push_back(std::move(missing));
        } else if (std::find(present.begin(), present.end(), selected[i]) == present.end()) {
            present.push_back(selected[i]);
        }
    }
    for (const Ordinal ordinal : present) {
        FacetValueCount value;
        value.value = dictionary.label(ordinal);
        value.count = counts[ordinal];
        value.selected = std::find(selected.begin(), selected.end(), ordinal) != selected.end();
        label_of(value, dictionary.value(ordinal));
        facet.values.push_back(std::move(value));
    }
    std::stable_sort(facet.values.begin(), facet.values.end(), [](const auto& a, const auto& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return facet;
}

/// The date facet: chronological buckets at the granularity that fits the span of the
/// matches (or of the selected range), with "undated" last; `granularity` is set to it.
FacetCounts date_histogram(const FacetCounter& counter, const FacetStore& store, const SearchRequest& request,
                           DateGranularity& granularity);

}  // namespace dateline::search

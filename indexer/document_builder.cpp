#include "document_builder.h"

#include "core/article_json.h"
#include "extract/extractor.h"
#include "core/fnv1a.h"
#include "core/schema.h"
#include "core/text_folding.h"
#include "near_duplicates.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace dateline::index {
namespace {

schema::FacetValues facet_values(const Article& article) {
    schema::FacetValues facets;
    facets.date = article.date;
    facets.countries = article.countries;
    for (const auto& name : article.speakers) facets.speakers.push_back({dateline::speaker_key(name), name});
    return facets;
}

// The per-position slots of the remote facet path (schema::kFacetSlots): the first values
// go into slots, and a document with more is marked so that its rest is counted too.
void add_facet_slots(Xapian::Document& doc, const schema::FacetValues& facets) {
    const auto speakers = std::min<std::size_t>(facets.speakers.size(), schema::kFacetSlots);
    for (unsigned i = 0; i < speakers; ++i)
        doc.add_value(schema::speaker_slot(i), schema::speaker_slot_value(facets.speakers[i]));
    const auto countries = std::min<std::size_t>(facets.countries.size(), schema::kFacetSlots);
    for (unsigned i = 0; i < countries; ++i) doc.add_value(schema::country_slot(i), facets.countries[i]);
    if (facets.speakers.size() > schema::kFacetSlots || facets.countries.size() > schema::kFacetSlots)
        doc.add_boolean_term(std::string(schema::kFacetOverflowTerm));
}

}  // namespace

std::string article_digest(const Article& article, std::string_view input_key) {
    Fnv1a64 hash;
    hash.update(article_to_json(article).dump());
    hash.update(std::string_view("\0", 1));  // no article and key run together into another's
    hash.update(input_key);
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016" PRIx64, hash.value());
    return hex;
}

// Words only, no stem terms (schema.h): the server expands a query's stems into the words
// that share them (server/search/stem_expansion.h). A stem term beside every word cost a
// third of the indexer's CPU time (scripts/bench/RESULTS.md).
DocumentBuilder::DocumentBuilder() { text_terms_.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE); }

Xapian::Document DocumentBuilder::build(const Article& article, std::string_view input_key) {
    Xapian::Document doc;
    text_terms_.set_document(doc);
    // Words are indexed unaccented (schema.h), so that "Zürich" and "Zurich" are one word;
    // the stored text keeps its marks. The title is indexed twice: prefixed for `title:` and
    // unprefixed (weighted up) so a plain query ranks headline matches first.
    const std::string title = dateline::unaccent(article.title);
    text_terms_.index_text(title, 1, std::string(schema::kTitlePrefix));
    text_terms_.increase_termpos();
    text_terms_.index_text(title, 2);
    text_terms_.increase_termpos();
    text_terms_.index_text(dateline::unaccent(article.body));

    name_terms_.set_document(doc);
    const schema::FacetValues facets = facet_values(article);
    for (const auto& speaker : facets.speakers) {
        doc.add_boolean_term(schema::speaker_term(speaker.key));
        name_terms_.index_text_without_positions(dateline::unaccent(speaker.name), 1,
                                                 std::string(schema::kSpeakerWordPrefix));
    }
    for (const auto& code : article.countries) doc.add_boolean_term(schema::country_term(code));
    if (!article.source.empty()) doc.add_boolean_term(schema::source_term(article.source));
    if (article.date) {
        doc.add_boolean_term(schema::day_term(*article.date));
        doc.add_boolean_term(schema::month_term(article.date->year, article.date->month));
        doc.add_boolean_term(schema::year_term(article.date->year));
    } else {
        doc.add_boolean_term(std::string(schema::kUndatedTerm));
    }
    for (const auto& date : article.mentioned_dates)
        for (const auto& term : schema::mentioned_terms(date)) doc.add_boolean_term(term);
    doc.add_boolean_term(schema::input_term(input_key));
    doc.add_boolean_term(schema::id_term(article.id));

    doc.add_value(schema::kSlotDate, schema::date_value(article.date));
    doc.add_value(schema::kSlotDateUndatedLast, schema::date_undated_last_value(article.date));
    doc.add_value(schema::kSlotFacets, schema::encode_facets(facets));
    add_facet_slots(doc, facets);
    // Alone in its story until the run's cluster pass says otherwise (story_clusters.h).
    doc.add_value(schema::kSlotNearDuplicate, encode_signature(minhash_signature(article.title, article.body)));
    doc.add_value(schema::kSlotCluster, schema::cluster_value({cluster_id_of(article.id), schema::StoryRole::alone}));
    doc.set_data(article_to_json(article).dump());
    return doc;
}

}  // namespace dateline::index

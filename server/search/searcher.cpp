#include "search/searcher.h"

#include "extract/text_folding.h"
#include "schema.h"
#include "search/facet_counter.h"
#include "search/facet_filters.h"
#include "search/highlighter.h"
#include "search/match_deadline.h"
#include "search/posting_match.h"
#include "search/shard_facet_counting.h"
#include "search/stored_fields.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_set>
#include <unordered_map>

namespace dateline::search {
namespace {

using nlohmann::json;

constexpr std::size_t kSnippetBytes = 280;
constexpr std::uint64_t kSuggestBelow = 5;  // results under which "did you mean" is looked for
constexpr int kMaxNetworkAttempts = 3;
// How long a request waits for a snapshot of the index's latest revision while a reindex
// commits, and how long it pauses when a rebuild of the snapshot did not get one: a reindex
// committing small batches can outpace the rebuilds for a second or two.
constexpr auto kIndexChangePatience = std::chrono::seconds(5);
constexpr auto kRebuildRetryPause = std::chrono::milliseconds(20);

FacetSelection make_selection(const SearchRequest& request, const FacetStore& store) {
    FacetSelection selection;
    selection.speaker_active = !request.speakers.empty();
    for (const auto& speaker : request.speakers)
        selection.speakers.push_back(resolve_speaker(store.speaker_dictionary(), speaker));
    selection.country_active = !request.countries.empty();
    for (const auto& country : request.countries)
        selection.countries.push_back(store.country_dictionary().find(country));
    selection.date_active = request.undated || request.from || request.to;
    selection.undated_only = request.undated;
    if (request.from) selection.first_day = days_since_epoch(*request.from);
    if (request.to) selection.last_day = days_since_epoch(*request.to);
    selection.filters = facet_filters(request, store.speaker_dictionary());
    selection.count_stories = request.count_stories;
    return selection;
}

// The same filters as FacetSelection, as a Xapian query for the ranked pass.
Xapian::Query filter_query(const SearchRequest& request, const FacetStore& store) {
    const FacetFilters filters = facet_filters(request, store.speaker_dictionary());
    return all_of({&filters.speaker, &filters.country, &filters.date});
}

MatchCompleteness count_facets(const ParsedQuery& parsed, const FacetStore& store, Xapian::Database& db,
                               std::chrono::microseconds time_limit, FacetCounter& counter) {
    if (const auto over_shards = count_facets_over_shards(parsed, store, db, time_limit, counter)) return *over_shards;
    if (parsed.browse) {
        // No text: every live document matches, so walk the column store directly (a
        // bounded loop over arrays; no time limit needed).
        for (Xapian::docid id = 1; id <= store.last_docid(); ++id)
            if (store.contains(id)) counter.count(id);
        return {};
    }
    FacetCountingSpy spy(counter);
    return spy_on_matches(db, parsed.query, {&spy}, deadline_after(time_limit));
}

// Counts a search as running while it lives.
class RunningSearch {
public:
    explicit RunningSearch(std::atomic<unsigned>& running) : running_(running), count_(++running) {}
    ~RunningSearch() { --running_; }
    RunningSearch(const RunningSearch&) = delete;
    RunningSearch& operator=(const RunningSearch&) = delete;
    /// Searches running when this one started, itself included.
    unsigned count() const { return count_; }

private:
    std::atomic<unsigned>& running_;
    unsigned count_;
};

// 2000 -> "2000", 0.5 -> "0.5": whole milliseconds as integers.
std::string milliseconds_text(std::chrono::microseconds time) {
    if (time.count() % 1000 == 0) return std::to_string(time.count() / 1000);
    std::ostringstream text;
    text << std::chrono::duration<double, std::milli>(time).count();
    return text.str();
}

void add_warning(std::string& warnings, const std::string& warning) {
    warnings += warnings.empty() ? warning : "; " + warning;
}

// A parsed query with the facet counts of its matches.
struct CountedMatches {
    ParsedQuery parsed;
    FacetCounter counter;
    MatchCompleteness completeness;
    /// The documents of the page in order, when the posting-list match chose them; without
    /// it, Xapian's ranked match finds the page.
    std::optional<std::vector<PageDocument>> page;
};

PageOrder page_order(SortOrder sort, bool browse) {
    switch (sort) {
        case SortOrder::relevance: return browse ? PageOrder::newest : PageOrder::relevance;
        case SortOrder::newest: return PageOrder::newest;
        case SortOrder::oldest: return PageOrder::oldest;
    }
    return PageOrder::relevance;
}

// Parses the query and counts every match (or as many as the time limit allows), choosing
// the page on the way when the posting-list match can run the query. A wildcard expanding
// past the limit is searched as its most frequent words, with a warning, rather than
// refused: "pre*" is a fair thing to type into a search box.
// The places of the ordering a search keeps: [first, first + count).
struct PageWindow {
    Xapian::doccount first = 0;
    Xapian::doccount count = 0;
};

Result<CountedMatches> count_matches(const SearchRequest& request, PageWindow window, const FacetSelection& selection,
                                     const Snapshot& snapshot, ShardedDatabase& handle, const Vocabulary& vocabulary,
                                     const SearchLimits& limits, MatchEngine engine) {
    Xapian::Database& db = handle.combined;
    const FacetStore& store = snapshot.facets();
    const StemExpansion& stems = snapshot.stems();
    // A walk over one shard split in two reads its second half through a handle of its own,
    // leased from the snapshot's pool only then, and returned when the count is done.
    std::optional<Snapshot::Lease> second_lease;
    const auto second_handle = [&]() -> std::span<const Xapian::Database> {
        try {
            second_lease.emplace(snapshot.acquire());
        } catch (const StaleSnapshot&) {
            return {};  // the disk moved on: walk on one thread, at this handle's revision
        }
        return second_lease->handle().shards;
    };
    const auto attempt = [&](WildcardOverflow overflow) -> Result<CountedMatches> {
        const QueryLimits query_limits{limits.max_wildcard_expansion, overflow};
        auto parsed = parse_query(request.query, db, store, vocabulary, stems, query_limits, request.typing);
        if (!parsed) return parsed.error();
        if (!request.cluster.empty()) {
            // One story's articles: a boolean filter, which also makes a browse a term walk.
            parsed->query = Xapian::Query(Xapian::Query::OP_FILTER, parsed->query,
                                          Xapian::Query(schema::cluster_term(request.cluster)));
            parsed->browse = false;
        }
        CountedMatches counted{std::move(*parsed), FacetCounter(store, selection), {}, {}};
        if (engine == MatchEngine::posting_lists && store.has_columns() && posting_match_supports(counted.parsed.query)) {
            const PostingMatchRequest page{
                window.first, window.count,
                page_order(request.sort, counted.parsed.browse), limits.match_time, limits.parallel_walk_postings,
                second_handle, &snapshot.postings()};
            PostingMatch match = run_posting_match(counted.parsed.query, db, handle.shards, store, counted.counter, page);
            counted.completeness = match.completeness;
            counted.page = std::move(match.page);
        } else {
            counted.completeness = count_facets(counted.parsed, store, db, limits.match_time, counted.counter);
        }
        counted.counter.finish_stories();
        if (counted.completeness.partial)
            add_warning(counted.parsed.warning,
                        "the search took longer than " + milliseconds_text(limits.match_time) + " ms: counted " +
                            std::to_string(counted.counter.total()) + " of about " +
                            std::to_string(counted.completeness.estimated) + " matching documents");
        return counted;
    };
    try {
        return attempt(WildcardOverflow::error);
    } catch (const Xapian::WildcardError&) {
        auto counted = attempt(WildcardOverflow::most_frequent);
        if (counted)
            add_warning(counted->parsed.warning, "a wildcard matches more than " +
                                                     std::to_string(limits.max_wildcard_expansion) +
                                                     " words: only the most frequent of them were searched");
        return counted;
    }
}

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

DateGranularity granularity_for(std::int32_t first, std::int32_t last) {
    const std::int32_t span = last - first;
    if (span <= 62) return DateGranularity::day;
    if (span <= 366 * 5) return DateGranularity::month;
    return DateGranularity::year;
}

PartialDate bucket_of(std::int32_t day, DateGranularity granularity) {
    PartialDate date = date_from_days(day);
    if (granularity != DateGranularity::day) date.day = 0;
    if (granularity == DateGranularity::year) date.month = 0;
    return date;
}

// Buckets are chronological. Counts ignore the date filter (as every facet ignores its
// own), but a selected range zooms the histogram: only its buckets are listed, at the
// granularity that fits its span.
FacetCounts date_histogram(const FacetCounter& counter, const FacetStore& store, const SearchRequest& request,
                           DateGranularity& granularity) {
    FacetCounts facet;
    const auto& days = counter.day_counts();
    std::int32_t first = -1, last = -1;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i] == 0) continue;
        if (first < 0) first = static_cast<std::int32_t>(i);
        last = static_cast<std::int32_t>(i);
    }
    // Without a dated match there is nothing to zoom into, and store.first_day() may be
    // kUndated (an index without dates), which no day can be subtracted from.
    if (first >= 0 && request.from) first = std::max(first, days_since_epoch(*request.from) - store.first_day());
    if (first >= 0 && request.to) last = std::min(last, days_since_epoch(*request.to) - store.first_day());
    granularity = first < 0 || last < first ? DateGranularity::month : granularity_for(first, last);
    // Days on and after `next_bucket` start another bucket: a day's date is worked out only
    // for the first day of each bucket (thousands of days, a few hundred buckets at most).
    std::int32_t next_bucket = std::numeric_limits<std::int32_t>::min();
    for (std::int32_t i = std::max(first, 0); first >= 0 && i <= last; ++i) {
        if (days[static_cast<std::size_t>(i)] == 0) continue;
        if (store.first_day() + i >= next_bucket) {
            const PartialDate bucket = bucket_of(store.first_day() + i, granularity);
            next_bucket = days_since_epoch(last_day(bucket)) + 1;
            FacetValueCount value;
            value.value = bucket.to_iso();
            value.selected = request.from || request.to;
            facet.values.push_back(std::move(value));
        }
        facet.values.back().count += days[static_cast<std::size_t>(i)];
    }
    if (counter.undated_count() > 0 || request.undated) {
        FacetValueCount undated;
        undated.value = "undated";
        undated.count = counter.undated_count();
        undated.selected = request.undated;
        facet.values.push_back(std::move(undated));
    }
    facet.distinct = static_cast<std::size_t>(std::count_if(facet.values.begin(), facet.values.end(),
                                                            [](const auto& v) { return v.count > 0; }));
    return facet;
}

// The same order as the posting-list match keeps (page_order), for Xapian's ranked match.
// By value slots, not KeyMakers, which Xapian's remote backend cannot run. Undated documents
// come last either way: an empty kSlotDate sorts last when descending.
void set_order(Xapian::Enquire& enquire, PageOrder order) {
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    switch (order) {
        case PageOrder::relevance: return;
        case PageOrder::oldest: enquire.set_sort_by_value_then_relevance(schema::kSlotDateUndatedLast, false); return;
        case PageOrder::newest: enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true); return;
    }
}

const char* sort_name(SortOrder sort, bool browse) {
    switch (sort) {
        case SortOrder::relevance: return browse ? "-date" : "relevance";
        case SortOrder::newest: return "-date";
        case SortOrder::oldest: return "date";
    }
    return "relevance";
}

Hit make_hit(const Highlighter& highlighter, StoredHitFields stored, double score, const Vocabulary& vocabulary) {
    Hit hit;
    hit.id = std::move(stored.id);
    hit.title_html = highlighter.whole(stored.title);
    hit.snippet_html = highlighter.passage(stored.body, kSnippetBytes);
    hit.date = std::move(stored.date);
    hit.speakers = std::move(stored.speakers);
    for (const auto& code : stored.countries) hit.countries.push_back(country_ref(vocabulary, code));
    hit.score = score;
    return hit;
}

// Highlights the request's query. Xapian objects count references without atomics: the
// highlighter belongs to one request and so to one thread. The index holds no stem terms:
// a stem weighs as the documents of its words.
Highlighter highlighter_of(const ParsedQuery& parsed, const Xapian::Database& db, const StemExpansion& stems) {
    const auto frequency = [&db, &stems](const std::string& term) {
        return StemExpansion::is_stem_term(term) ? stems.frequency(term) : db.get_termfreq(term);
    };
    return Highlighter(parsed.stemmed, parsed.wildcards, frequency, db.get_doccount());
}

// The hits of a page the posting-list match chose, in its order and with its weights (the
// tests hold them equal to Xapian's).
// A story's matches that pass every filter.
struct StoryMatches {
    std::uint32_t articles = 0;
    bool head = false;  // the head is among them
};

std::unordered_map<Ordinal, StoryMatches> matching_story_members(const FacetCounter& counter) {
    std::unordered_map<Ordinal, StoryMatches> out;
    const auto& heads = counter.store().story_heads();
    for (const StoryMatch& match : counter.story_matches()) {
        if (!(match.counts & StoryMatch::passes)) continue;
        StoryMatches& story = out[match.story];
        ++story.articles;
        story.head = story.head || heads[match.story] == match.id;
    }
    return out;
}

// A result of a collapsed page: the story's head when it matches, else its best-ranked
// article, placed where the story's best-ranked article is; `copies` its other matches.
struct CollapsedDocument {
    PageDocument shown;
    std::uint32_t copies = 0;
};

// The page [offset, offset + size) of the stories ranked in `ranked` (the first places of
// the ordering; `all_ranked`: every match). Nothing when `ranked` holds too few stories and
// more matches exist: any story ranked later ranks below all of those found.
std::optional<std::vector<CollapsedDocument>> collapse_page(const std::vector<PageDocument>& ranked, bool all_ranked,
                                                            const FacetStore& store, const FacetCounter& counter,
                                                            std::uint64_t offset, int size) {
    const auto matching = matching_story_members(counter);
    std::unordered_set<Ordinal> seen;
    std::vector<CollapsedDocument> page;
    std::uint64_t place = 0;
    const std::uint64_t end = offset + static_cast<std::uint64_t>(size);
    for (const PageDocument& document : ranked) {
        if (place == end) break;
        const Ordinal story = store.story(document.id);
        if (story != FacetStore::kAlone && !seen.insert(story).second) continue;
        if (place++ < offset) continue;
        if (story == FacetStore::kAlone) {
            page.push_back({document, 0});
            continue;
        }
        const auto found = matching.find(story);
        const StoryMatches members = found == matching.end() ? StoryMatches{1, false} : found->second;
        page.push_back({{members.head ? store.story_heads()[story] : document.id, document.weight}, members.articles - 1});
    }
    if (place < end && !all_ranked) return std::nullopt;
    return page;
}

std::vector<Hit> hits_of_page(const std::vector<PageDocument>& page, const ParsedQuery& parsed, Xapian::Database& db,
                              const StemExpansion& stems, const Vocabulary& vocabulary) {
    if (page.empty()) return {};
    const Highlighter highlighter = highlighter_of(parsed, db, stems);
    std::vector<Hit> hits;
    for (const auto& [id, weight] : page) {
        // The walk chose live documents of this revision: Xapian need not read the
        // document's term list to check that it exists (a block read or two a hit, perf).
        const Xapian::Document document = db.get_document(id, Xapian::DOC_ASSUME_VALID);
        hits.push_back(make_hit(highlighter, read_hit_fields(document.get_data()), weight, vocabulary));
    }
    return hits;
}

// A document's story for GET /api/doc: its cluster id, its head and, for a story of several
// articles, every other article with its date and source (oldest first, as heads are chosen).
json story_of(Xapian::Database& db, const Xapian::Document& document, const std::string& id) {
    const std::string value = document.get_value(schema::kSlotCluster);
    if (value.empty()) return nullptr;
    const schema::ClusterValue story = schema::parse_cluster_value(value);
    json out = {{"id", story.cluster_id}, {"head", id}, {"copies", json::array()}};
    if (story.role == schema::StoryRole::alone) return out;
    const std::string term = schema::cluster_term(story.cluster_id);
    std::vector<json> copies;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        const Xapian::Document other = db.get_document(*it);
        const json data = json::parse(other.get_data());
        const std::string other_id = data.value("id", std::string());
        if (schema::parse_cluster_value(other.get_value(schema::kSlotCluster)).role == schema::StoryRole::head)
            out["head"] = other_id;
        if (other_id == id) continue;
        copies.push_back({{"id", other_id}, {"title", data.value("title", std::string())},
                          {"date", data.contains("date") ? data["date"] : json(nullptr)},
                          {"source", data.value("source", std::string())}});
    }
    std::stable_sort(copies.begin(), copies.end(), [](const json& a, const json& b) {
        const auto key = [](const json& c) { return c["date"].is_string() ? c["date"].get<std::string>() : std::string("~"); };
        return key(a) != key(b) ? key(a) < key(b) : a["id"].get<std::string>() < b["id"].get<std::string>();
    });
    out["copies"] = std::move(copies);
    return out;
}

// Lower case without accents (the folding of speaker keys), so that "zel" finds "Zelenskyy"
// and "turk" or "türk" finds "Türkiye".
std::string fold_for_prefix(std::string_view text) { return extract::fold(text); }

bool has_word_starting_with(std::string_view text, std::string_view prefix) {
    for (std::size_t start = 0; start < text.size();) {
        if (text.substr(start).starts_with(prefix)) return true;
        const auto next = text.find_first_of(" -'", start);
        if (next == std::string_view::npos) break;
        start = next + 1;
    }
    return false;
}

}  // namespace

const char* to_string(DateGranularity granularity) noexcept {
    switch (granularity) {
        case DateGranularity::year: return "year";
        case DateGranularity::month: return "month";
        case DateGranularity::day: return "day";
    }
    return "month";
}

CountryRef country_ref(const Vocabulary& vocabulary, const std::string& code) {
    CountryRef ref{code, code, ""};
    if (const auto* info = vocabulary.countries.find(code)) {
        ref.label = vocabulary.countries.display_name(code);
        ref.flag = info->flag;
    }
    return ref;
}

template <typename Work>
auto Searcher::with_snapshot(Work&& work) const
    -> decltype(work(std::declval<const Snapshot&>(), std::declval<ShardedDatabase&>())) {
    const auto give_up_at = std::chrono::steady_clock::now() + kIndexChangePatience;
    int network_attempts = 0;
    for (;;) {
        std::shared_ptr<const Snapshot> snapshot;
        try {
            snapshot = index_.current();
            const auto lease = snapshot->acquire();
            return work(*snapshot, lease.handle());
        } catch (const StaleSnapshot&) {
            // The disk moved on and this snapshot's revision can no longer be opened.
        } catch (const Xapian::DatabaseModifiedError&) {
            // The writer has overwritten blocks of the revision this request was reading.
        } catch (const Xapian::NetworkError& e) {
            // A remote shard's connection may have dropped; the lease closed it, so the next
            // attempt connects afresh.
            if (++network_attempts == kMaxNetworkAttempts)
                return Error{ErrorCode::index_unavailable, "a remote shard cannot be reached: " + e.get_description()};
            continue;
        } catch (const Xapian::DatabaseError& e) {
            return Error{ErrorCode::index_unavailable, "the index cannot be read: " + e.get_description()};
        } catch (const Xapian::Error& e) {
            return Error{ErrorCode::internal, e.get_description()};
        } catch (const std::runtime_error& e) {
            return Error{ErrorCode::index_unavailable, e.what()};
        }
        // Stale: read the latest revision, which this request or a concurrent one rebuilds.
        index_.replace_stale(snapshot);
        if (index_.current() != snapshot) continue;
        if (std::chrono::steady_clock::now() >= give_up_at)
            return Error{ErrorCode::index_unavailable, "the index kept changing during the request; try again"};
        std::this_thread::sleep_for(kRebuildRetryPause);  // the rebuild met a commit; let the writer move on
    }
}

SearchLimits Searcher::limits_when_running(unsigned running) const {
    SearchLimits limits = limits_;
    if (running >= cores_) limits.parallel_walk_postings = std::nullopt;
    return limits;
}

Result<SearchResponse> Searcher::search(const SearchRequest& request) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<SearchResponse> {
        const auto started = std::chrono::steady_clock::now();
        Xapian::Database& db = handle.combined;
        const FacetStore& store = snapshot.facets();
        if (request.count_stories && !store.has_columns())
            return Error{ErrorCode::bad_param, "parameter 'count': stories are counted over local shards only"};
        const FacetSelection selection = make_selection(request, store);
        const RunningSearch running(searches_running_);
        const std::uint64_t offset = static_cast<std::uint64_t>(request.page - 1) * static_cast<std::uint64_t>(request.size);
        // Collapsing ranks more than the page: the matches hidden under a story that ranks
        // higher are dropped from it. Twice the places asked, and more if that was too few.
        const bool collapse = request.collapse && store.has_columns() && !store.story_ids().empty() && request.size > 0;
        Xapian::doccount window = static_cast<Xapian::doccount>(collapse ? 2 * (offset + request.size) + 16 : request.size);
        std::optional<CountedMatches> counted_page;
        std::vector<PageDocument> ranked;
        std::vector<CollapsedDocument> collapsed;
        for (;;) {
            auto counted = count_matches(request, {collapse ? 0 : static_cast<Xapian::doccount>(offset), window}, selection,
                                         snapshot, handle, vocabulary_, limits_when_running(running.count()), engine_);
            if (!counted) return counted.error();
            counted_page.emplace(std::move(*counted));
            const std::uint64_t matches = counted_page->completeness.partial
                                              ? std::max<std::uint64_t>(counted_page->counter.total(), counted_page->completeness.estimated)
                                              : counted_page->counter.total();
            if (counted_page->page) {
                ranked = std::move(*counted_page->page);
            } else if (request.size > 0 && (collapse || offset < matches)) {
                Xapian::Enquire enquire(db);
                const Xapian::Query filters = filter_query(request, store);
                enquire.set_query(filters.empty() ? counted_page->parsed.query
                                                  : Xapian::Query(Xapian::Query::OP_FILTER, counted_page->parsed.query, filters));
                set_order(enquire, page_order(request.sort, counted_page->parsed.browse));
                const Xapian::MSet mset = enquire.get_mset(collapse ? 0 : static_cast<Xapian::doccount>(offset), window);
                ranked.clear();
                for (auto item = mset.begin(); item != mset.end(); ++item) ranked.push_back({*item, item.get_weight()});
            }
            if (!collapse) break;
            const bool all_ranked = ranked.size() < window;
            if (auto page = collapse_page(ranked, all_ranked, store, counted_page->counter, offset, request.size)) {
                collapsed = std::move(*page);
                break;
            }
            window *= 4;  // rare: more copies among the first places than the window allowed for
        }
        const ParsedQuery& parsed = counted_page->parsed;
        const FacetCounter& counter = counted_page->counter;

        SearchResponse response;
        response.query = request.query;
        response.total = counter.total();
        response.stories = counter.stories();
        response.count_stories = request.count_stories;
        response.collapse = request.collapse;
        response.partial = counted_page->completeness.partial;
        response.page = request.page;
        response.size = request.size;
        response.sort = sort_name(request.sort, parsed.browse);
        // Spelling correction is a second parse: worth it only when the query finds little.
        // A suggestion is offered only if it finds more, under the same filters: counting
        // is cheap, and "did you mean" leading to nothing again is worse than silence.
        if (response.total < kSuggestBelow && !response.partial) {
            SearchRequest corrected = request;
            corrected.query = suggest_spelling(request.query, db, store, vocabulary_, request.typing);
            if (!corrected.query.empty()) {
                const auto found = count_matches(corrected, {}, selection, snapshot, handle, vocabulary_,
                                                 limits_when_running(running.count()), engine_);
                if (found && found->counter.total() > response.total) response.suggestion = corrected.query;
            }
        }
        response.warning = parsed.warning;
        response.speaker = top_values(counter.speaker_counts(), store.speaker_dictionary(), selection.speakers,
                                      request.speakers, request.facet_size, [](FacetValueCount&, const std::string&) {});
        response.country = top_values(counter.country_counts(), store.country_dictionary(), selection.countries,
                                      request.countries, request.facet_size,
                                      [&](FacetValueCount& value, const std::string& code) {
                                          const CountryRef ref = country_ref(vocabulary_, code);
                                          value.value = code;
                                          value.label = ref.label;
                                          value.flag = ref.flag;
                                      });
        response.date = date_histogram(counter, store, request, response.date_granularity);

        if (!collapse)
            for (const auto& document : ranked) collapsed.push_back({document, 0});
        std::vector<PageDocument> shown;
        for (const auto& document : collapsed) shown.push_back(document.shown);
        response.results = hits_of_page(shown, parsed, db, snapshot.stems(), vocabulary_);
        const auto matching = matching_story_members(counter);
        for (std::size_t i = 0; i < response.results.size(); ++i) {
            const Ordinal story = store.story(shown[i].id);
            if (story == FacetStore::kAlone) continue;
            response.results[i].cluster = store.story_ids()[story];
            // A match the time limit left uncounted has no entry: it shows no copies.
            if (const auto found = matching.find(story); found != matching.end() && found->second.articles > 0)
                response.results[i].copies = found->second.articles - 1;
        }
        response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        return response;
    });
}

Result<FacetSearchResponse> Searcher::facet_values(const SearchRequest& request, FacetName facet,
                                                   const std::string& prefix) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<FacetSearchResponse> {
        const FacetStore& store = snapshot.facets();
        const FacetSelection selection = make_selection(request, store);
        const RunningSearch running(searches_running_);
        const auto counted = count_matches(request, {}, selection, snapshot, handle, vocabulary_,
                                           limits_when_running(running.count()), engine_);
        if (!counted) return counted.error();
        const FacetCounter& counter = counted->counter;

        const bool speakers = facet == FacetName::speaker;
        const FacetDictionary& dictionary = speakers ? store.speaker_dictionary() : store.country_dictionary();
        const auto& counts = speakers ? counter.speaker_counts() : counter.country_counts();
        const std::string wanted = fold_for_prefix(prefix);
        const std::string wanted_key = speakers ? extract::speaker_key(prefix) : std::string();
        // Everyday names of countries, from the aliases `country:` reads: "usa", "uk", "turk".
        const std::vector<std::string> aliased =
            speakers || wanted.empty() ? std::vector<std::string>() : vocabulary_.extractor.country_codes_for_prefix(prefix);
        std::vector<Ordinal> matching;
        for (Ordinal ordinal = 0; ordinal < dictionary.size(); ++ordinal) {
            if (counts[ordinal] == 0) continue;
            const std::string label = speakers ? dictionary.label(ordinal) : country_ref(vocabulary_, dictionary.value(ordinal)).label;
            const bool match = wanted.empty() || has_word_starting_with(fold_for_prefix(label), wanted) ||
                               (!wanted_key.empty() && has_word_starting_with(dictionary.value(ordinal), wanted_key)) ||
                               (!speakers && fold_for_prefix(dictionary.value(ordinal)) == wanted) ||
                               std::binary_search(aliased.begin(), aliased.end(), dictionary.value(ordinal));
            if (match) matching.push_back(ordinal);
        }
        std::sort(matching.begin(), matching.end(), [&](Ordinal a, Ordinal b) {
            return counts[a] != counts[b] ? counts[a] > counts[b] : dictionary.label(a) < dictionary.label(b);
        });
        if (matching.size() > static_cast<std::size_t>(request.facet_size)) matching.resize(static_cast<std::size_t>(request.facet_size));

        FacetSearchResponse response;
        response.facet = speakers ? "speaker" : "country";
        response.partial = counted->completeness.partial;
        for (const Ordinal ordinal : matching) {
            FacetValueCount value;
            value.count = counts[ordinal];
            value.value = dictionary.label(ordinal);
            if (!speakers) {
                const CountryRef ref = country_ref(vocabulary_, dictionary.value(ordinal));
                value.value = ref.code;
                value.label = ref.label;
                value.flag = ref.flag;
            }
            const auto& chosen = speakers ? selection.speakers : selection.countries;
            value.selected = std::find(chosen.begin(), chosen.end(), ordinal) != chosen.end();
            response.values.push_back(std::move(value));
        }
        return response;
    });
}

Result<json> Searcher::document(const std::string& id, const std::string& query) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<json> {
        Xapian::Database& db = handle.combined;
        const std::string term = schema::id_term(id);
        const auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) return Error{ErrorCode::not_found, "no document with id \"" + id + "\""};
        const Xapian::Document document = db.get_document(*posting);
        json stored = json::parse(document.get_data());
        stored["cluster"] = story_of(db, document, id);
        json countries = json::array();
        for (const auto& code : stored.value("countries", std::vector<std::string>{})) {
            const CountryRef ref = country_ref(vocabulary_, code);
            countries.push_back({{"code", ref.code}, {"label", ref.label}, {"flag", ref.flag}});
        }
        stored["countries"] = std::move(countries);
        if (!query.empty()) {
            const auto parsed = parse_query(query, db, snapshot.facets(), vocabulary_, snapshot.stems());
            if (!parsed) return parsed.error();
            const Highlighter highlighter = highlighter_of(*parsed, db, snapshot.stems());
            stored["matches"] = {{"title", highlighter.matches(stored.value("title", std::string{}))},
                                 {"body", highlighter.matches(stored.value("body", std::string{}))}};
        }
        return stored;
    });
}

Result<Searcher::Health> Searcher::health() const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<Health> {
        return Health{handle.combined.get_doccount(), snapshot.revision(), snapshot.last_update(), index_.disk_problem()};
    });
}

}  // namespace dateline::search

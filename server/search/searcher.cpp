#include "search/searcher.h"

#include "core/text_folding.h"
#include "core/article_json.h"
#include "core/schema.h"
#include "core/speaker_key.h"
#include "search/facet_counter.h"
#include "search/facet_filters.h"
#include "search/facet_lists.h"
#include "search/highlighter.h"
#include "search/match_deadline.h"
#include "search/match/posting_match.h"
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

// Sorts after every ISO date.
const std::string kUndatedLast = "~";

// A document's story for GET /api/doc: its cluster id, its head and, for a story of several
// articles, every other article with its date and source (oldest first, as heads are chosen).
std::optional<DocumentStory> story_of(Xapian::Database& db, const Xapian::Document& document, const std::string& id) {
    const std::string value = document.get_value(schema::kSlotCluster);
    if (value.empty()) return std::nullopt;
    const schema::ClusterValue cluster = schema::parse_cluster_value(value);
    DocumentStory story{cluster.cluster_id, id, {}};
    if (cluster.role == schema::StoryRole::alone) return story;
    const std::string term = schema::cluster_term(cluster.cluster_id);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        const Xapian::Document other = db.get_document(*it);
        const json data = json::parse(other.get_data());
        std::string other_id = data.value("id", std::string());
        if (schema::parse_cluster_value(other.get_value(schema::kSlotCluster)).role == schema::StoryRole::head)
            story.head = other_id;
        if (other_id == id) continue;
        StoryCopy copy{std::move(other_id), data.value("title", std::string()), std::nullopt, data.value("source", std::string())};
        if (data.contains("date") && data["date"].is_string()) copy.date = data["date"].get<std::string>();
        story.copies.push_back(std::move(copy));
    }
    std::stable_sort(story.copies.begin(), story.copies.end(), [](const StoryCopy& a, const StoryCopy& b) {
        const std::string& a_key = a.date ? *a.date : kUndatedLast;
        const std::string& b_key = b.date ? *b.date : kUndatedLast;
        return a_key != b_key ? a_key < b_key : a.id < b.id;
    });
    return story;
}

// Lower case without accents (the folding of speaker keys), so that "zel" finds "Zelenskyy"
// and "turk" or "türk" finds "Türkiye".
std::string fold_for_prefix(std::string_view text) { return dateline::fold(text); }

bool has_word_starting_with(std::string_view text, std::string_view prefix) {
    for (std::size_t start = 0; start < text.size();) {
        if (text.substr(start).starts_with(prefix)) return true;
        const auto next = text.find_first_of(" -'", start);
        if (next == std::string_view::npos) break;
        start = next + 1;
    }
    return false;
}

// Keeps the documents first indexed at or after `since`'s time, or in a revision after its
// revision of their shard (the combined database interleaves the shards' docids).
std::optional<Error> keep_new_since(std::vector<PageDocument>& order, const NewSince& since, const Xapian::Database& db,
                                    std::size_t shards) {
    if (since.time.empty() && since.revisions.size() != std::max<std::size_t>(shards, 1))
        return Error{ErrorCode::bad_param, "parameter 'new_since': the index has " + std::to_string(shards) +
                                               " shards, the revision \"" + since.text + "\" names " +
                                               std::to_string(since.revisions.size())};
    std::erase_if(order, [&](const PageDocument& page) {
        const Xapian::Document document = db.get_document(page.id, Xapian::DOC_ASSUME_VALID);
        if (!since.time.empty()) return document.get_value(schema::kSlotFirstIndexed) < since.time;
        const std::size_t shard = shards <= 1 ? 0 : (page.id - 1) % shards;
        return document.get_value(schema::kSlotFirstRevision) <= schema::revision_value(since.revisions[shard]);
    });
    return std::nullopt;
}

// Keeps the docids of the matches that pass every filter, as Xapian's match meets them.
class MatchCollector final : public Xapian::MatchSpy {
public:
    MatchCollector(FacetCounter& counter, std::vector<Xapian::docid>& matches) : counter_(counter), matches_(matches) {}
    void operator()(const Xapian::Document& doc, double) override {
        if (counter_.count(doc.get_docid())) matches_.push_back(doc.get_docid());
    }

private:
    FacetCounter& counter_;
    std::vector<Xapian::docid>& matches_;
};

// The matches of a search that pass every filter, unranked: a co-occurrence needs the set
// only, and ranking every match (BM25 and a heap of them all) cost it 10 to 20 times a
// search (RESULTS.md). A browse reads the column store; a query is matched by Xapian with no
// time limit. Local shards only (the store's columns).
Result<std::vector<Xapian::docid>> matching_set(const SearchRequest& request, const Snapshot& snapshot,
                                                const Xapian::Database& db, const Vocabulary& vocabulary,
                                                const SearchLimits& limits) {
    const FacetStore& store = snapshot.facets();
    const FacetSelection selection = make_selection(request, store);
    FacetCounter counter(store, selection);
    const QueryLimits query_limits{limits.max_wildcard_expansion, WildcardOverflow::most_frequent};
    const auto parsed = parse_query(request.query, db, store, vocabulary, snapshot.stems(), query_limits, request.typing);
    if (!parsed) return parsed.error();
    std::vector<Xapian::docid> matches;
    if (parsed->browse) {
        for (Xapian::docid id = 1; id <= store.last_docid(); ++id)
            if (store.contains(id) && counter.count(id)) matches.push_back(id);
        return matches;
    }
    MatchCollector collector(counter, matches);
    spy_on_matches(db, parsed->query, {&collector}, std::nullopt);
    return matches;
}

// The matches of an export, in order, read a part at a time through one leased handle.
class MatchExportStream final : public ExportStream {
public:
    MatchExportStream(Snapshot::Lease lease, std::vector<PageDocument> order, ExportManifest manifest,
                      const ExportRequest& request)
        : lease_(std::move(lease)), order_(std::move(order)), manifest_(std::move(manifest)), format_(request.format),
          rows_(request.content == ExportContent::matches) {}

    bool next(std::string& out, std::size_t bytes) override {
        if (position_ == 0 && rows_ && format_ == ExportFormat::csv) out += csv_header_of_matches();
        const std::size_t start = out.size();
        Xapian::Database& db = lease_.db();
        while (position_ < order_.size() && out.size() - start < bytes) {
            const auto& [docid, weight] = order_[position_++];
            // Chosen by the match among this revision's live documents: no term list read.
            StoredHitFields fields = read_hit_fields(db.get_document(docid, Xapian::DOC_ASSUME_VALID).get_data());
            ids_.add(fields.id);
            if (!rows_) continue;
            append_row(out,
                       ExportRow{std::move(fields.id), std::move(fields.title), std::move(fields.date), std::move(fields.url),
                                 std::move(fields.source), std::move(fields.speakers), std::move(fields.countries), weight},
                       format_);
        }
        if (position_ < order_.size()) return true;
        manifest_.ids_sha256 = ids_.sha256();
        if (!rows_) out += to_json(manifest_) + "\n";
        else if (format_ == ExportFormat::jsonl) out += "{\"manifest\":" + to_json(manifest_) + "}\n";
        return false;
    }

    const ExportManifest& manifest() const override { return manifest_; }

private:
    Snapshot::Lease lease_;  // its snapshot's docids are the order's
    std::vector<PageDocument> order_;
    std::size_t position_ = 0;
    ExportManifest manifest_;
    ExportFormat format_;
    bool rows_;
    IdSet ids_;
};

// A body made at once: the facet counts are a few thousand rows at most.
class WholeExportStream final : public ExportStream {
public:
    WholeExportStream(std::string body, ExportManifest manifest) : body_(std::move(body)), manifest_(std::move(manifest)) {}
    bool next(std::string& out, std::size_t) override {
        out += body_;
        body_.clear();
        return false;
    }
    const ExportManifest& manifest() const override { return manifest_; }

private:
    std::string body_;
    ExportManifest manifest_;
};

// A timeline series' matches by day, to sum over a period: articles, or with count=stories
// each story of several articles once per period (and once in the span's total) however many
// of its articles fall in it. Articles alone count one each either way.
class DayCounts {
public:
    DayCounts(std::size_t days, std::int32_t first_day, bool stories)
        : articles_(days, 0), alone_(stories ? days : 0, 0), first_day_(first_day), stories_(stories) {}

    void add(std::int32_t day, Ordinal story) {
        const auto at = static_cast<std::size_t>(day - first_day_);
        ++articles_[at];
        if (!stories_) return;
        if (story == FacetStore::kAlone) ++alone_[at];
        else members_.push_back({day, story});
    }
    /// Call once every match is added, before count().
    void finish() { std::sort(members_.begin(), members_.end()); }

    bool any(std::int32_t day) const { return articles_[static_cast<std::size_t>(day - first_day_)] > 0; }

    /// Articles, or stories, published from `first` to `last` (inclusive).
    std::uint64_t count(std::int32_t first, std::int32_t last) const {
        const auto& per_day = stories_ ? alone_ : articles_;
        std::uint64_t sum = 0;
        for (std::int32_t day = first; day <= last; ++day) sum += per_day[static_cast<std::size_t>(day - first_day_)];
        if (!stories_) return sum;
        const auto begin = std::lower_bound(members_.begin(), members_.end(), std::pair{first, Ordinal{0}});
        const auto end = std::lower_bound(begin, members_.end(), std::pair{last + 1, Ordinal{0}});
        std::vector<Ordinal> stories;
        for (auto it = begin; it != end; ++it) stories.push_back(it->second);
        std::sort(stories.begin(), stories.end());
        return sum + static_cast<std::uint64_t>(std::unique(stories.begin(), stories.end()) - stories.begin());
    }

private:
    std::vector<std::uint32_t> articles_;  // by day - first_day
    std::vector<std::uint32_t> alone_;     // count=stories: articles of no story of several
    std::vector<std::pair<std::int32_t, Ordinal>> members_;  // count=stories: (day, story), sorted
    std::int32_t first_day_;
    bool stories_;
};

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
    return search_with(request, [this](unsigned running) { return limits_when_running(running); });
}

template <typename LimitsFor>
Result<SearchResponse> Searcher::search_with(const SearchRequest& request, const LimitsFor& limits_for) const {
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
                                         snapshot, handle, vocabulary_, limits_for(running.count()), engine_);
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
        response.revision = snapshot.revision();
        response.updated = snapshot.last_update();
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
                                                 limits_for(running.count()), engine_);
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

SearchLimits Searcher::unlimited_when_running(unsigned running) const {
    SearchLimits limits = limits_when_running(running);
    limits.match_time = std::chrono::microseconds{0};
    return limits;
}

Result<Searcher::OrderedMatches> Searcher::ordered_matches(const SearchRequest& request, const Snapshot& snapshot,
                                                           ShardedDatabase& handle) const {
    Xapian::Database& db = handle.combined;
    const FacetStore& store = snapshot.facets();
    const FacetSelection selection = make_selection(request, store);
    const RunningSearch running(searches_running_);
    SearchRequest whole = request;
    whole.page = 1;
    whole.size = static_cast<int>(std::min<Xapian::doccount>(std::max(db.get_lastdocid(), store.last_docid()) + 1,
                                                             std::numeric_limits<int>::max()));
    auto counted = count_matches(whole, {0, static_cast<Xapian::doccount>(whole.size)}, selection, snapshot, handle, vocabulary_, unlimited_when_running(running.count()),
                                 engine_);
    if (!counted) return counted.error();
    OrderedMatches matches{{}, counted->parsed.browse};
    if (counted->page) {
        matches.order = std::move(*counted->page);
    } else if (counted->counter.total() > 0) {
        // Queries the posting-list walk cannot run (wildcards, ranges, remote shards):
        // Xapian ranks them all at once, which holds its match set in memory meanwhile.
        Xapian::Enquire enquire(db);
        const Xapian::Query filters = filter_query(request, store);
        enquire.set_query(filters.empty() ? counted->parsed.query
                                          : Xapian::Query(Xapian::Query::OP_FILTER, counted->parsed.query, filters));
        set_order(enquire, page_order(request.sort, counted->parsed.browse));
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(counted->counter.total()));
        matches.order.reserve(mset.size());
        for (auto item = mset.begin(); item != mset.end(); ++item) matches.order.push_back({*item, item.get_weight()});
    }
    return matches;
}

Result<std::unique_ptr<ExportStream>> Searcher::open_export(const ExportRequest& request) const {
    const auto unlimited = [this](unsigned running) { return unlimited_when_running(running); };
    if (request.content == ExportContent::facets) {
        SearchRequest counts = request.search;
        counts.size = 0;
        const auto response = search_with(counts, unlimited);
        if (!response) return response.error();
        const ExportManifest manifest{request.search, {}, response->sort, response->revision, response->updated, response->total, {}};
        return std::unique_ptr<ExportStream>(
            std::make_unique<WholeExportStream>(facets_export(*response, manifest, request.format), manifest));
    }
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase&) -> Result<std::unique_ptr<ExportStream>> {
        // The stream's own handle, which it keeps: the order's docids are this revision's.
        Snapshot::Lease lease = snapshot.acquire();
        ShardedDatabase& handle = lease.handle();
        Xapian::Database& db = handle.combined;
        auto matches = ordered_matches(request.search, snapshot, handle);
        if (!matches) return matches.error();
        std::vector<PageDocument> order = std::move(matches->order);
        if (request.new_since)
            if (const auto error = keep_new_since(order, *request.new_since, db, handle.shards.size())) return *error;
        ExportManifest manifest{request.search, request.new_since ? request.new_since->text : std::string(),
                                sort_name(request.search.sort, matches->browse), snapshot.revision(),
                                snapshot.last_update(), order.size(), {}};
        return std::unique_ptr<ExportStream>(
            std::make_unique<MatchExportStream>(std::move(lease), std::move(order), std::move(manifest), request));
    });
}

Result<TimelineResponse> Searcher::timeline(const TimelineRequest& request) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<TimelineResponse> {
        const auto started = std::chrono::steady_clock::now();
        const FacetStore& store = snapshot.facets();
        if (!store.has_columns()) return Error{ErrorCode::bad_param, "a timeline needs local shards (the index has remote ones)"};
        TimelineResponse response;
        response.revision = snapshot.revision();
        response.updated = snapshot.last_update();
        response.series = request.series;
        response.count_stories = request.base.count_stories;
        if (response.series.empty()) response.series.push_back({"q", request.base.query});
        if (store.first_day() == FacetStore::kUndated) {
            response.totals.assign(response.series.size(), 0);
            return response;
        }
        const std::int32_t index_first = store.first_day(), index_last = store.last_day();
        const std::int32_t from = request.base.from ? std::max(days_since_epoch(*request.base.from), index_first) : index_first;
        const std::int32_t to = request.base.to ? std::min(days_since_epoch(*request.base.to), index_last) : index_last;
        const std::size_t days = static_cast<std::size_t>(index_last - index_first + 1);

        // Per series, its matches a day. The date filter is left out, as every facet leaves
        // its own: the span below applies it. One pass over the base search's matches counts
        // the base and every speaker and country series (a test of the match's column values);
        // only a q series with a query of its own is matched again, narrowed by the base.
        SearchRequest undated_base = request.base;
        undated_base.from.reset();
        undated_base.to.reset();
        const bool stories = request.base.count_stories;
        std::vector<DayCounts> per_series(response.series.size(), DayCounts(days, index_first, stories));
        const RunningSearch running(searches_running_);
        const SearchLimits unlimited = unlimited_when_running(running.count());
        const auto add_day = [&](DayCounts& counts, Xapian::docid id) {
            if (const std::int32_t day = store.day(id); day != FacetStore::kUndated) counts.add(day, store.story(id));
        };
        struct ColumnSeries {
            std::size_t index;
            bool speaker;
            Ordinal value;
        };
        std::vector<ColumnSeries> column_series;
        std::vector<std::size_t> base_series;
        for (std::size_t i = 0; i < response.series.size(); ++i) {
            const Series& series = response.series[i];
            if (series.kind == "q" && !series.value.empty() && series.value != request.base.query) {
                SearchRequest narrowed = undated_base;
                narrowed.query = request.base.query.empty() ? series.value : "(" + request.base.query + ") AND (" + series.value + ")";
                const auto matches = matching_set(narrowed, snapshot, handle.combined, vocabulary_, unlimited);
                if (!matches) return matches.error();
                for (const Xapian::docid id : *matches) add_day(per_series[i], id);
            } else if (series.kind == "speaker" || series.kind == "country") {
                const bool speaker = series.kind == "speaker";
                if (!(speaker ? request.base.speakers : request.base.countries).empty())
                    return Error{ErrorCode::bad_param, "parameter 'series': a " + series.kind + " series counts within the search, "
                                                       "which may not filter by " + series.kind + " itself"};
                column_series.push_back({i, speaker, speaker ? resolve_speaker(store.speaker_dictionary(), series.value)
                                                             : store.country_dictionary().find(series.value)});
            } else {
                base_series.push_back(i);
            }
        }
        if (!column_series.empty() || !base_series.empty()) {
            const auto matches = matching_set(undated_base, snapshot, handle.combined, vocabulary_, unlimited);
            if (!matches) return matches.error();
            for (const Xapian::docid id : *matches) {
                for (const std::size_t i : base_series) add_day(per_series[i], id);
                for (const ColumnSeries& series : column_series) {
                    const auto values = series.speaker ? store.speakers(id) : store.countries(id);
                    if (std::find(values.begin(), values.end(), series.value) != values.end()) add_day(per_series[series.index], id);
                }
            }
        }
        DayCounts all(days, index_first, stories);
        for (Xapian::docid id = 1; id <= store.last_docid(); ++id)
            if (store.contains(id)) add_day(all, id);
        all.finish();
        for (DayCounts& counts : per_series) counts.finish();

        // The span: the request's dates, else the days some series has a match on.
        std::int32_t first = from, last = to;
        if (!request.base.from || !request.base.to) {
            std::int32_t seen_first = std::numeric_limits<std::int32_t>::max(), seen_last = std::numeric_limits<std::int32_t>::min();
            for (const auto& counts : per_series)
                for (std::int32_t day = from; day <= to; ++day)
                    if (counts.any(day)) {
                        seen_first = std::min(seen_first, day);
                        seen_last = std::max(seen_last, day);
                    }
            if (!request.base.from) first = seen_first;
            if (!request.base.to) last = seen_last;
        }
        response.totals.assign(response.series.size(), 0);
        response.interval = request.interval == Interval::automatic && first <= last ? automatic_interval(first, last) : request.interval;
        if (response.interval == Interval::automatic) response.interval = Interval::month;
        constexpr std::size_t kMaxPeriods = 5000;
        for (std::int32_t start = first <= last ? period_start(first, response.interval) : 1; start <= last;
             start = next_period_start(start, response.interval)) {
            if (response.periods.size() == kMaxPeriods)
                return Error{ErrorCode::bad_param, "parameter 'interval': more than " + std::to_string(kMaxPeriods) +
                                                       " periods; choose a longer interval or a shorter span"};
            TimelinePeriod period;
            period.start = date_from_days(start).to_iso();
            period.label = response.interval == Interval::month  ? period.start.substr(0, 7)
                           : response.interval == Interval::year ? period.start.substr(0, 4)
                                                                 : period.start;
            period.counts.assign(response.series.size(), 0);
            const std::int32_t end = std::min(next_period_start(start, response.interval) - 1, last);
            period.all = all.count(std::max(start, first), end);
            for (std::size_t i = 0; i < per_series.size(); ++i) period.counts[i] = per_series[i].count(std::max(start, first), end);
            response.periods.push_back(std::move(period));
        }
        // A story with articles in several periods counts in each, and once in the total.
        if (first <= last)
            for (std::size_t i = 0; i < per_series.size(); ++i) response.totals[i] = per_series[i].count(first, last);
        response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        return response;
    });
}

Result<CooccurrenceResponse> Searcher::cooccurrence(const CooccurrenceRequest& request) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<CooccurrenceResponse> {
        const auto started = std::chrono::steady_clock::now();
        const FacetStore& store = snapshot.facets();
        if (!store.has_columns())
            return Error{ErrorCode::bad_param, "a co-occurrence needs local shards (the index has remote ones)"};
        const RunningSearch running(searches_running_);
        const auto matches = matching_set(request.base, snapshot, handle.combined, vocabulary_, unlimited_when_running(running.count()));
        if (!matches) return matches.error();
        const auto values_of = [&](Dimension dimension, Xapian::docid id) {
            return dimension == Dimension::speaker ? store.speakers(id) : store.countries(id);
        };
        const auto dictionary_of = [&](Dimension dimension) -> const FacetDictionary& {
            return dimension == Dimension::speaker ? store.speaker_dictionary() : store.country_dictionary();
        };
        // The top values of each side among the matches, most frequent first, then by name.
        const auto top = [&](Dimension dimension, std::vector<AxisValue>& axis) {
            const FacetDictionary& dictionary = dictionary_of(dimension);
            std::vector<std::uint64_t> counts(dictionary.size(), 0);
            for (const Xapian::docid id : *matches)
                for (const Ordinal value : values_of(dimension, id)) ++counts[value];
            std::vector<Ordinal> present;
            for (Ordinal ordinal = 0; ordinal < counts.size(); ++ordinal)
                if (counts[ordinal] > 0) present.push_back(ordinal);
            std::sort(present.begin(), present.end(), [&](Ordinal a, Ordinal b) {
                return counts[a] != counts[b] ? counts[a] > counts[b] : dictionary.label(a) < dictionary.label(b);
            });
            if (present.size() > static_cast<std::size_t>(request.size)) present.resize(static_cast<std::size_t>(request.size));
            std::vector<int> place(dictionary.size(), -1);
            for (const Ordinal ordinal : present) {
                place[ordinal] = static_cast<int>(axis.size());
                if (dimension == Dimension::speaker) {
                    axis.push_back({dictionary.label(ordinal), dictionary.label(ordinal), counts[ordinal]});
                } else {
                    const CountryRef ref = country_ref(vocabulary_, dictionary.value(ordinal));
                    axis.push_back({ref.code, ref.label, counts[ordinal]});
                }
            }
            return place;
        };
        CooccurrenceResponse response;
        response.rows = request.rows;
        response.cols = request.cols;
        response.total = matches->size();
        response.revision = snapshot.revision();
        response.updated = snapshot.last_update();
        const std::vector<int> row_place = top(request.rows, response.row_values);
        const std::vector<int> col_place = top(request.cols, response.col_values);
        response.counts.assign(response.row_values.size(), std::vector<std::uint64_t>(response.col_values.size(), 0));
        for (const Xapian::docid id : *matches)
            for (const Ordinal row : values_of(request.rows, id))
                if (row_place[row] >= 0)
                    for (const Ordinal col : values_of(request.cols, id))
                        if (col_place[col] >= 0) ++response.counts[static_cast<std::size_t>(row_place[row])][static_cast<std::size_t>(col_place[col])];
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
        const std::string wanted_key = speakers ? dateline::speaker_key(prefix) : std::string();
        // Everyday names of countries, from the aliases `country:` reads: "usa", "uk", "turk".
        const std::vector<std::string> aliased =
            speakers || wanted.empty() ? std::vector<std::string>() : vocabulary_.country_names.codes_for_typed_prefix(prefix);
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

Result<DocumentResponse> Searcher::document(const std::string& id, const std::string& query) const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<DocumentResponse> {
        Xapian::Database& db = handle.combined;
        const std::string term = schema::id_term(id);
        const auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) return Error{ErrorCode::not_found, "no document with id \"" + id + "\""};
        const Xapian::Document stored = db.get_document(*posting);
        DocumentResponse response;
        response.article = index::article_from_json(json::parse(stored.get_data()));
        response.story = story_of(db, stored, id);
        for (const auto& code : response.article.countries) response.countries.push_back(country_ref(vocabulary_, code));
        if (!query.empty()) {
            const auto parsed = parse_query(query, db, snapshot.facets(), vocabulary_, snapshot.stems());
            if (!parsed) return parsed.error();
            const Highlighter highlighter = highlighter_of(*parsed, db, snapshot.stems());
            response.matches = DocumentMatches{highlighter.matches(response.article.title),
                                               highlighter.matches(response.article.body)};
        }
        return response;
    });
}

Result<HealthResponse> Searcher::health() const {
    return with_snapshot([&](const Snapshot& snapshot, ShardedDatabase& handle) -> Result<HealthResponse> {
        return HealthResponse{handle.combined.get_doccount(), snapshot.revision(), snapshot.last_update(), index_.disk_problem()};
    });
}

}  // namespace dateline::search

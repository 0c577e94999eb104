// dateline-bench-query: runs the benchmark query mix in-process and prints latency per
// query kind for Dateline, for plain Xapian without facets (the floor) and, given a
// baseline database, for straightforward Xapian facets with match spies.
#include "latency_stats.h"
#include "core/command_line.h"
#include "core/program_main.h"
#include "query_mix.h"

#include "http/url.h"
#include "core/install_layout.h"
#include "core/schema.h"
#include "search/index.h"
#include "search/response_json.h"
#include "search/searcher.h"
#include "search/vocabulary.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <thread>
#include <unordered_map>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;
using Clock = std::chrono::steady_clock;

namespace {

enum ExitCode : int { kOk = dateline::kExitOk, kQueryErrors = 3 };

struct Options {
    fs::path db;
    fs::path baseline_db;
    fs::path queries;
    fs::path data_dir;
    fs::path summary;
    fs::path write_urls;
    unsigned passes = 3;
    unsigned threads = 2;
    bool throughput_only = false;
    int size = 10;
    int facet_size = 10;
    std::size_t slowest = 10;
    std::size_t posting_cache_mb = search::kDefaultPostingCacheMb;
    search::SearchLimits limits;
};

double elapsed_ms(Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

long proc_status_kb(const char* field) {
    std::ifstream in("/proc/self/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(std::string(field).size()));
    return -1;
}

// Latencies of one engine over the mix, by kind and overall.
struct Measurement {
    std::string engine;
    std::map<std::string, std::vector<double>> by_kind;
    std::vector<double> all;
    std::map<const bench::QueryRow*, double> slowest_by_row;  // each query's slowest pass
    double wall_ms = 0;
    std::size_t errors = 0;

    void add(const std::string& kind, double ms) {
        by_kind[kind].push_back(ms);
        all.push_back(ms);
    }
    double qps() const { return wall_ms > 0 ? static_cast<double>(all.size()) * 1000.0 / wall_ms : 0; }
};

// Runs `one(row)` over the mix: one warm-up pass, then `passes` timed passes.
template <typename One>
Measurement measure(const std::string& engine, const std::vector<bench::QueryRow>& rows, unsigned passes, One&& one) {
    Measurement m;
    m.engine = engine;
    for (const auto& row : rows) one(row);
    const auto started = Clock::now();
    for (unsigned pass = 0; pass < passes; ++pass) {
        for (const auto& row : rows) {
            const auto t = Clock::now();
            if (!one(row)) ++m.errors;
            const double ms = elapsed_ms(t);
            m.add(row.kind, ms);
            double& slowest = m.slowest_by_row[&row];
            slowest = std::max(slowest, ms);
        }
    }
    m.wall_ms = elapsed_ms(started);
    return m;
}

// Queries per second with `threads` threads each running the mix `passes` times, each
// starting at a different row so that they do not run the same query in lockstep.
template <typename One>
double throughput(const std::vector<bench::QueryRow>& rows, unsigned passes, unsigned threads, One&& one) {
    std::atomic<std::size_t> done{0};
    const auto started = Clock::now();
    {
        std::vector<std::jthread> workers;
        for (unsigned t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                const std::size_t n = rows.size(), offset = n * t / threads;
                for (unsigned pass = 0; pass < passes; ++pass)
                    for (std::size_t i = 0; i < n; ++i) one(rows[(i + offset) % n]);
                done += n * passes;
            });
        }
    }
    return static_cast<double>(done) * 1000.0 / elapsed_ms(started);
}

// ---- Plain Xapian: the same words through QueryParser, no facets, default check_at_least.
// Dateline's databases hold words only: their stems are expanded as the server expands them.

Xapian::QueryParser plain_parser(const Xapian::Database& db) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    return parser;
}

// The row's filters on a database laid out like Dateline's (XC terms, day in slot 0).
Xapian::Query with_filters(Xapian::Query query, const bench::QueryRow& row, bench::DaySpan span) {
    std::vector<Xapian::Query> filters;
    if (!row.country.empty()) filters.emplace_back(schema::country_term(row.country));
    const auto from = bench::from_day(row, span), to = bench::to_day(row, span);
    if (from || to) {
        const std::string lo = from ? date_from_days(*from).to_compact() : std::string("0");
        const std::string hi = to ? date_from_days(*to).to_compact() : std::string("99999999");
        filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
    }
    if (filters.empty()) return query;
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
}

// A fresh match-all query each time: the static Xapian::Query::MatchAll has a non-atomic
// reference count, so copying it from several threads corrupts it.
Xapian::Query parse_text(Xapian::QueryParser& parser, const bench::QueryRow& row) {
    if (row.op == bench::QueryOp::browse) return Xapian::Query(std::string());
    const Xapian::Query query = parser.parse_query(bench::query_text(row), Xapian::QueryParser::FLAG_DEFAULT);
    return query.empty() ? Xapian::Query(std::string()) : query;
}

// Browsing is newest first in Dateline; the floors sort the same way.
void order_like_dateline(Xapian::Enquire& enquire, const bench::QueryRow& row) {
    if (row.op == bench::QueryOp::browse) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
}

// ---- Straightforward faceted Xapian, on the baseline database of dateline-bench-index-baseline:
// slot 1 month YYYYMM, slot 2 countries and slot 3 speakers joined by '\n'.

constexpr Xapian::valueno kBaselineMonth = 1, kBaselineCountries = 2, kBaselineSpeakers = 3;

// ValueCountMatchSpy for a slot holding several values separated by '\n'.
class ListCountMatchSpy : public Xapian::MatchSpy {
public:
    explicit ListCountMatchSpy(Xapian::valueno slot) : slot_(slot) {}
    void operator()(const Xapian::Document& doc, double) override {
        const std::string list = doc.get_value(slot_);
        for (std::size_t start = 0; start < list.size();) {
            const std::size_t end = std::min(list.find('\n', start), list.size());
            ++counts_[list.substr(start, end - start)];
            start = end + 1;
        }
    }
    std::vector<std::pair<std::string, Xapian::doccount>> top(std::size_t n) const {
        std::vector<std::pair<std::string, Xapian::doccount>> values(counts_.begin(), counts_.end());
        const auto keep = std::min(n, values.size());
        std::partial_sort(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(keep), values.end(),
                          [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
        values.resize(keep);
        return values;
    }

private:
    Xapian::valueno slot_;
    std::unordered_map<std::string, Xapian::doccount> counts_;
};

// ---- Output

void print_table(const std::vector<Measurement>& measurements, std::ostream& out) {
    out << std::fixed << std::setprecision(3);
    for (const auto& m : measurements) {
        out << "\n== " << m.engine << ": " << m.all.size() << " queries, " << std::setprecision(1) << m.qps()
            << " QPS single-threaded, " << m.errors << " errors\n" << std::setprecision(3);
        out << std::left << std::setw(16) << "kind" << std::right << std::setw(7) << "n" << std::setw(10) << "mean"
            << std::setw(10) << "p50" << std::setw(10) << "p95" << std::setw(10) << "p99" << std::setw(10) << "max"
            << "  (ms)\n";
        auto row = [&](const std::string& kind, const std::vector<double>& samples) {
            const auto s = bench::summarize(samples);
            out << std::left << std::setw(16) << kind << std::right << std::setw(7) << s.count << std::setw(10) << s.mean_ms
                << std::setw(10) << s.p50_ms << std::setw(10) << s.p95_ms << std::setw(10) << s.p99_ms << std::setw(10)
                << s.max_ms << '\n';
        };
        for (const auto& [kind, samples] : m.by_kind) row(kind, samples);
        row("ALL", m.all);
    }
}

// The `count` queries whose slowest pass was slowest: what makes an engine's p99.
void print_slowest(const Measurement& m, std::size_t count, std::ostream& out) {
    std::vector<std::pair<const bench::QueryRow*, double>> rows(m.slowest_by_row.begin(), m.slowest_by_row.end());
    count = std::min(count, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(count), rows.end(),
                      [](const auto& a, const auto& b) { return a.second > b.second; });
    out << "\nslowest queries of " << m.engine << " (slowest pass, ms):\n" << std::fixed << std::setprecision(3);
    for (std::size_t i = 0; i < count; ++i) {
        const bench::QueryRow& row = *rows[i].first;
        out << std::setw(10) << rows[i].second << "  " << row.qid << ' ' << row.kind << " q=" << bench::query_text(row);
        if (!row.country.empty()) out << " country=" << row.country;
        if (row.f0 || row.f1) out << " dates=" << row.f0.value_or(0) << ".." << row.f1.value_or(1);
        out << '\n';
    }
}

void write_summary(const std::vector<Measurement>& measurements, const std::map<std::string, double>& extra,
                   const fs::path& path) {
    std::ofstream out(path);
    out << std::setprecision(6);
    for (const auto& m : measurements) {
        auto put = [&](const std::string& kind, const std::vector<double>& samples) {
            const auto s = bench::summarize(samples);
            out << m.engine << '.' << kind << ".p50=" << s.p50_ms << '\n'
                << m.engine << '.' << kind << ".p95=" << s.p95_ms << '\n'
                << m.engine << '.' << kind << ".p99=" << s.p99_ms << '\n'
                << m.engine << '.' << kind << ".mean=" << s.mean_ms << '\n';
        };
        for (const auto& [kind, samples] : m.by_kind) put(kind, samples);
        put("ALL", m.all);
        out << m.engine << ".qps=" << m.qps() << '\n' << m.engine << ".errors=" << m.errors << '\n';
    }
    for (const auto& [key, value] : extra) out << key << '=' << value << '\n';
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    std::uint64_t parallel_walk_postings = o.limits.parallel_walk_postings.value_or(0);
    po::options_description desc(
        "Usage: dateline-bench-query --db PATH --queries FILE.tsv [options]\n"
        "Runs the query mix (columns qid kind op text country f0 f1) in-process, one warm-up pass\n"
        "then --passes timed passes, and prints p50/p95/p99 per kind for: Dateline (search and\n"
        "JSON rendering, top --size with --facet-size values per facet), plain Xapian on the same\n"
        "database (top --size, no facets) and, with --baseline-db, straightforward Xapian facets\n"
        "(match spies, check_at_least = all documents). Then QPS with --threads threads.\n"
        "Exit status: 0 done, 1 fatal error, 2 usage error, 3 some Dateline queries failed.\n\nOptions");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<fs::path>(&o.db)->required(), "Dateline database")
        ("queries", po::value<fs::path>(&o.queries)->required(), "query mix TSV")
        ("baseline-db", po::value<fs::path>(&o.baseline_db), "database written by dateline-bench-index-baseline")
        ("data-dir", po::value<fs::path>(&o.data_dir)->default_value(dateline::default_data_dir()),
         "directory of the extraction data files")
        ("passes", po::value<unsigned>(&o.passes)->default_value(o.passes), "timed passes over the mix")
        ("threads", po::value<unsigned>(&o.threads)->default_value(o.threads), "threads for the throughput run (0: skip)")
        ("size", po::value<int>(&o.size)->default_value(o.size), "results per query")
        ("facet-size", po::value<int>(&o.facet_size)->default_value(o.facet_size), "values per facet")
        ("throughput-only", po::bool_switch(&o.throughput_only), "only the --threads run (no latency tables)")
        ("slowest", po::value<std::size_t>(&o.slowest)->default_value(o.slowest),
         "list this many of Dateline's slowest queries after the tables (0: none)")
        ("parallel-walk-postings", po::value<std::uint64_t>(&parallel_walk_postings)->default_value(parallel_walk_postings),
         "split a search reading at least this many postings over threads (0: never), as "
         "dateline-serve's option")
        ("posting-cache-mb", po::value<std::size_t>(&o.posting_cache_mb)->default_value(o.posting_cache_mb),
         "memory for decoded posting lists of frequent terms (0: none), as dateline-serve's option")
        ("summary", po::value<fs::path>(&o.summary), "also write key=value figures to this file")
        ("write-urls", po::value<fs::path>(&o.write_urls), "also write the mix as /api/search targets, one per line");
    if (!read_command_line(argc, argv, desc)) return std::nullopt;
    if (o.passes < 1) throw po::error("--passes must be at least 1");
    o.limits.parallel_walk_postings = search::parallel_walk_postings_from(parallel_walk_postings);
    if (o.throughput_only && o.threads == 0) throw po::error("--throughput-only needs --threads of at least 1");
    return o;
}

int run(const Options& options) {
    const auto rows = bench::load_queries(options.queries);
    const long rss_before_kb = proc_status_kb("VmRSS:");
    const auto load_started = Clock::now();
    const search::Vocabulary vocabulary(options.data_dir);
    search::Index index(search::IndexSources{{options.db}, {}}, std::chrono::milliseconds{0}, 1,
                        search::PostingCacheLimits::of_megabytes(options.posting_cache_mb));
    const search::Searcher searcher(index, vocabulary, options.limits);
    const double load_ms = elapsed_ms(load_started);
    const auto snapshot = index.current();
    const auto& facets = snapshot->facets();
    if (facets.first_day() == search::FacetStore::kUndated) throw std::runtime_error("the index has no dated document");
    const bench::DaySpan span{facets.first_day(), facets.last_day()};
    std::map<std::string, double> extra{
        {"docs", snapshot->doc_count()},
        {"queries", static_cast<double>(rows.size())},
        {"open_ms", load_ms},
        {"rss_after_open_kb", static_cast<double>(proc_status_kb("VmRSS:"))},
        {"rss_before_open_kb", static_cast<double>(rss_before_kb)},
    };
    std::cout << "dateline-bench-query: " << snapshot->doc_count() << " documents, " << rows.size()
              << " queries, dates " << date_from_days(span.first).to_iso() << ".." << date_from_days(span.last).to_iso()
              << "; opened in " << std::fixed << std::setprecision(0) << load_ms << " ms, RSS "
              << proc_status_kb("VmRSS:") / 1024 << " MB\n";

    std::vector<search::SearchRequest> requests;
    std::unordered_map<const bench::QueryRow*, const search::SearchRequest*> request_of;
    requests.reserve(rows.size());
    for (const auto& row : rows) requests.push_back(bench::to_request(row, span, options.size, options.facet_size));
    for (std::size_t i = 0; i < rows.size(); ++i) request_of[&rows[i]] = &requests[i];

    if (!options.write_urls.empty()) {
        std::ofstream urls(options.write_urls);
        for (const auto& request : requests) {
            std::string target = "/api/search";
            char separator = '?';
            for (const auto& [name, value] : search::to_params(request)) {
                target += separator + name + '=' + http::percent_encode(value);
                separator = '&';
            }
            urls << target << '\n';
        }
    }

    std::unordered_map<std::string, std::uint64_t> dateline_totals;
    std::size_t render_bytes = 0;
    auto dateline_one = [&](const bench::QueryRow& row) {
        const auto response = searcher.search(*request_of.at(&row));
        if (!response) {
            std::cerr << "dateline-bench-query: query " << row.qid << ": " << response.error().message << '\n';
            return false;
        }
        render_bytes = search::to_json(*response).size();
        dateline_totals[row.qid] = response->total;
        return true;
    };
    auto search_only = [&](const bench::QueryRow& row) { return searcher.search(*request_of.at(&row)).ok(); };

    if (options.throughput_only) {
        for (const auto& row : rows) search_only(row);
        const double qps = throughput(rows, options.passes, options.threads, search_only);
        std::cout << std::setprecision(1) << "Dateline (search only) with " << options.threads << " threads: " << qps << " QPS\n";
        if (!options.summary.empty()) {
            std::ofstream out(options.summary);
            out << "dateline.threads=" << options.threads << "\ndateline.qps_threads=" << qps << '\n';
        }
        return kOk;
    }

    std::vector<Measurement> measurements;
    measurements.push_back(measure("dateline", rows, options.passes, dateline_one));
    measurements.push_back(measure("dateline_search_only", rows, options.passes, search_only));
    // Story clusters (issue 24): the same searches without collapsing copies, and counting
    // stories, for the cost of each against the default (collapsed, counting articles).
    std::vector<search::SearchRequest> uncollapsed = requests, by_story = requests;
    for (auto& request : uncollapsed) request.collapse = false;
    for (auto& request : by_story) request.count_stories = true;
    const auto variant_of = [&](const std::vector<search::SearchRequest>& variant) {
        return [&](const bench::QueryRow& row) {
            return searcher.search(variant[static_cast<std::size_t>(request_of.at(&row) - requests.data())]).ok();
        };
    };
    measurements.push_back(measure("dateline_no_collapse", rows, options.passes, variant_of(uncollapsed)));
    measurements.push_back(measure("dateline_search_only_again", rows, options.passes, search_only));
    measurements.push_back(measure("dateline_count_stories", rows, options.passes, variant_of(by_story)));
    extra["last_response_bytes"] = static_cast<double>(render_bytes);
    // The sum of the totals: a peer run on the same mix should match about as many documents.
    std::uint64_t matches = 0;
    for (const auto& [qid, total] : dateline_totals) matches += total;
    extra["dateline.matches_per_pass"] = static_cast<double>(matches);

    // The same searches with Xapian's matcher counting and ranking: what the posting-list
    // match saves, and a check that both give the same page, total and facets.
    const search::Searcher xapian_searcher(index, vocabulary, options.limits, search::MatchEngine::xapian);
    auto xapian_matcher_one = [&](const bench::QueryRow& row) { return xapian_searcher.search(*request_of.at(&row)).ok(); };
    measurements.push_back(measure("dateline_xapian_matcher", rows, options.passes, xapian_matcher_one));
    std::size_t engines_agree = 0;
    for (const auto& row : rows) {
        const auto ours = searcher.search(*request_of.at(&row));
        const auto theirs = xapian_searcher.search(*request_of.at(&row));
        if (!ours || !theirs) continue;
        nlohmann::json a = nlohmann::json::parse(search::to_json(*ours));
        nlohmann::json b = nlohmann::json::parse(search::to_json(*theirs));
        a.erase("took_ms");
        b.erase("took_ms");
        if (a == b) {
            ++engines_agree;
        } else {
            std::cerr << "dateline-bench-query: query " << row.qid << ": the two matchers answer differently\n";
        }
    }
    extra["responses_agree_between_matchers"] = static_cast<double>(engines_agree);

    Xapian::Database plain_db(options.db.string());
    Xapian::QueryParser plain = plain_parser(plain_db);
    const search::StemExpansion plain_stems(plain_db);
    auto plain_one = [&](const bench::QueryRow& row) {
        Xapian::Enquire enquire(plain_db);
        enquire.set_query(with_filters(plain_stems.expand(parse_text(plain, row)), row, span));
        order_like_dateline(enquire, row);
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(options.size));
        for (auto item = mset.begin(); item != mset.end(); ++item) (void)item.get_document().get_data();
        return true;
    };
    measurements.push_back(measure("plain_xapian", rows, options.passes, plain_one));

    std::size_t totals_agree = 0;
    if (!options.baseline_db.empty()) {
        Xapian::Database base_db(options.baseline_db.string());
        Xapian::QueryParser base_parser = plain_parser(base_db);
        std::unordered_map<std::string, std::uint64_t> base_totals;
        auto base_one = [&](const bench::QueryRow& row) {
            Xapian::Enquire enquire(base_db);
            enquire.set_query(with_filters(parse_text(base_parser, row), row, span));
            order_like_dateline(enquire, row);
            Xapian::ValueCountMatchSpy months(kBaselineMonth);
            ListCountMatchSpy countries(kBaselineCountries), speakers(kBaselineSpeakers);
            enquire.add_matchspy(&months);
            enquire.add_matchspy(&countries);
            enquire.add_matchspy(&speakers);
            const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(options.size), base_db.get_doccount());
            for (auto item = mset.begin(); item != mset.end(); ++item) (void)item.get_document().get_data();
            std::size_t shown = 0;
            for (auto v = months.top_values_begin(static_cast<Xapian::doccount>(options.facet_size)); v != months.top_values_end(10); ++v) ++shown;
            shown += countries.top(static_cast<std::size_t>(options.facet_size)).size() + speakers.top(static_cast<std::size_t>(options.facet_size)).size();
            base_totals[row.qid] = mset.get_matches_estimated();
            return shown > 0 || mset.empty();
        };
        measurements.push_back(measure("baseline_faceted_xapian", rows, options.passes, base_one));
        for (const auto& [qid, total] : dateline_totals)
            if (base_totals.count(qid) && base_totals[qid] == total) ++totals_agree;
        extra["totals_agree_with_baseline"] = static_cast<double>(totals_agree);
    }

    if (options.threads > 0) {
        extra["dateline.threads"] = options.threads;
        extra["dateline.qps_threads"] = throughput(rows, options.passes, options.threads, search_only);
    }
    extra["rss_peak_kb"] = static_cast<double>(proc_status_kb("VmHWM:"));

    print_table(measurements, std::cout);
    if (options.slowest > 0) print_slowest(measurements.front(), options.slowest, std::cout);
    if (options.threads > 0)
        std::cout << std::setprecision(1) << "\nDateline (search only) with " << options.threads
                  << " threads: " << extra["dateline.qps_threads"] << " QPS\n";
    const auto floor = std::find_if(measurements.begin(), measurements.end(),
                                    [](const Measurement& m) { return m.engine == "plain_xapian"; });
    const auto dateline_all = bench::summarize(measurements.front().all);
    const auto floor_all = bench::summarize(floor->all);
    std::cout << std::setprecision(2) << "Dateline / plain-Xapian floor: p50 x" << dateline_all.p50_ms / floor_all.p50_ms
              << ", p99 x" << dateline_all.p99_ms / floor_all.p99_ms << ", mean x"
              << dateline_all.mean_ms / floor_all.mean_ms << '\n';
    if (!options.baseline_db.empty())
        std::cout << "totals equal to the baseline's on " << totals_agree << " of " << rows.size() << " queries\n";
    std::cout << "matches per pass (sum of the queries' totals): " << std::setprecision(0) << matches << '\n';
    std::cout << std::setprecision(2) << "peak RSS " << extra["rss_peak_kb"] / 1024 << " MB\n";
    if (!options.summary.empty()) write_summary(measurements, extra, options.summary);
    return measurements[0].errors == 0 ? kOk : kQueryErrors;
}

}  // namespace

int main(int argc, char** argv) {
    return dateline::program_main("dateline-bench-query", argc, argv, parse_options, run);
}

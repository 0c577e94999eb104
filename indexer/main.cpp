// dateline-index: reads articles, extracts their facets, keeps the Xapian database up to date.
#include "core/date.h"
#include "extract/extractor.h"
#include "index_stats.h"
#include "indexing_run.h"
#include "progress_bar.h"
#include "run_lock.h"
#include "core/command_line.h"
#include "core/program_main.h"

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

// Exit status, documented in README.md and `--help`.
enum ExitCode : int { kOk = kExitOk, kSkippedSome = 3, kBusy = 4 };  // 1 and 2: program_main.h

// One thread per shard: far more shards than cores only costs memory and file handles.
constexpr unsigned kMaxShards = 64;

struct Options {
    index::RunOptions run;
    fs::path data_dir;
    fs::path report;
    bool extract_only = false;
    bool stats = false;
    bool quiet = false;
    bool summary = false;
};

const char* const kUsageText =
    "Usage: dateline-index --db PATH [options] INPUT...   index new and changed inputs\n"
    "       dateline-index --extract-only [options] INPUT... print extracted facets (JSON Lines)\n"
    "       dateline-index --stats --db PATH               describe a database\n"
    "Reads articles (.txt, .md, .html, .jsonl; RSS/Atom feeds, NewsML-G2 and NITF as .xml, .rss,\n"
    ".atom; web archives as .warc, .warc.gz) from files or directories (walked recursively).\n"
    "Only new and changed files are read; documents of files gone from a directory INPUT are\n"
    "deleted. With --shards N the database is N shards, built in parallel threads; search\n"
    "them as one with dateline-serve --db PATH, or serve each with xapian-tcpsrv.\n"
    "Exit status: 0 all inputs indexed, 3 some inputs skipped (reported on stderr as\n"
    "path[:line]: reason), 4 another run holds the database, 1 fatal error, 2 usage error.\n\nOptions";

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    po::options_description visible(kUsageText);
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<fs::path>(&o.run.db), "the database directory (created if missing)")
        ("full", po::bool_switch(&o.run.full),
         "reindex every input, and delete every document not found in these inputs")
        ("shards", po::value<unsigned>(&o.run.shards),
         "split a new database into N shards, one thread each (documents routed by FNV-1a 64 of "
         "their id); fixed at creation: another N needs --full, which rebuilds")
        ("extract-only", po::bool_switch(&o.extract_only),
         "print the extracted facets of each document as JSON Lines; touch no database")
        ("stats", po::bool_switch(&o.stats), "print document count, last update, facet values and size")
        ("wait", po::bool_switch(&o.run.wait_for_lock), "wait for another run on the database instead of exiting 4")
        ("data-dir", po::value<fs::path>(&o.data_dir)->default_value(dateline::default_data_dir()),
         "directory of the extraction data files")
        ("batch-size", po::value<std::size_t>(&o.run.batch_size)->default_value(o.run.batch_size),
         "documents per commit over all shards: bounds memory (a killed run is finished by the next)")
        ("max-file-size", po::value<std::size_t>(&o.run.limits.max_file_bytes)->default_value(o.run.limits.max_file_bytes),
         "largest .txt/.md/.html, NewsML-G2 or NITF file read, in bytes; larger ones are skipped")
        ("max-record-size", po::value<std::size_t>(&o.run.limits.max_record_bytes)->default_value(o.run.limits.max_record_bytes),
         "largest record of a container read, in bytes: a JSON Lines line, a feed item's text, a "
         "WARC file's HTML page")
        ("report", po::value<fs::path>(&o.report), "write a JSON summary of the run to this file")
        ("quiet,q", po::bool_switch(&o.quiet), "print nothing but problems")
        ("summary", po::bool_switch(&o.summary), "print the one-line summary even with --quiet");
    const auto vm = read_command_line(argc, argv, visible, "input", po::value<std::vector<fs::path>>(&o.run.inputs));
    if (!vm) return std::nullopt;
    if (o.stats) {
        if (o.run.db.empty()) throw po::error("--stats needs --db PATH");
        if (!o.run.inputs.empty()) throw po::error("--stats takes no INPUT");
        return o;
    }
    if (o.run.inputs.empty()) throw po::error("no INPUT given");
    if (!o.extract_only && o.run.db.empty()) throw po::error("--db PATH is required (or --extract-only)");
    if (o.extract_only && !o.run.db.empty()) throw po::error("--extract-only touches no database: drop --db");
    if (o.run.batch_size == 0) throw po::error("--batch-size must be at least 1");
    if (vm->count("shards") && (o.run.shards < 1 || o.run.shards > kMaxShards))
        throw po::error("--shards must be between 1 and " + std::to_string(kMaxShards));
    if (vm->count("shards") && o.extract_only) throw po::error("--extract-only touches no database: drop --shards");
    return o;
}

void write_report(const fs::path& file, const Options& options, const index::RunSummary& summary,
                  const std::string& started, int exit_code) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& input : options.run.inputs) inputs.push_back(input.string());
    const nlohmann::json report = {
        {"db", options.run.db.string()}, {"inputs", inputs}, {"full", options.run.full},
        {"started", started}, {"finished", utc_now_iso()}, {"seconds", summary.seconds},
        {"documents", summary.documents}, {"added", summary.added}, {"updated", summary.updated},
        {"deleted", summary.deleted}, {"unchanged", summary.unchanged}, {"skipped", summary.skipped},
        {"other_records", summary.other_records},
        {"peak_rss_bytes", summary.peak_rss_bytes}, {"exit_code", exit_code}};
    std::ofstream out(file);
    out << report.dump(2) << '\n';
    if (!out) throw std::runtime_error(file.string() + ": cannot write the report");
}

int run(Options& options) {
    if (options.stats) {
        std::cout << index::format_index_stats(index::read_index_stats(options.run.db));
        return kOk;
    }
    const extract::Extractor extractor(options.data_dir);
    const auto report_problem = [](index::InputProblem&& p) { std::cerr << p.where << ": " << p.reason << '\n'; };
    if (options.extract_only) {
        const auto summary = index::extract_inputs(options.run, extractor, std::cout, report_problem);
        return summary.skipped == 0 ? kOk : kSkippedSome;
    }

    const std::string started = utc_now_iso();
    std::optional<index::ProgressBar> bar;
    if (!options.quiet && isatty(STDERR_FILENO) == 1) {
        bar.emplace(stderr);
        options.run.on_progress = [&bar](const index::Progress& progress) { bar->update(progress); };
    }
    const auto with_bar_cleared = [&](index::InputProblem&& p) {
        if (bar) bar->finish();
        report_problem(std::move(p));
    };
    const auto summary = index::index_inputs(options.run, extractor, with_bar_cleared);
    if (bar) bar->finish();
    const int exit_code = summary.skipped == 0 ? kOk : kSkippedSome;
    if (!options.quiet || options.summary)
        std::fprintf(stderr,
                     "dateline-index: %zu documents indexed (%zu added, %zu updated), %zu deleted, %zu unchanged, "
                     "%zu skipped, in %.2f s, peak RSS %.1f MiB\n",
                     summary.documents, summary.added, summary.updated, summary.deleted, summary.unchanged,
                     summary.skipped, summary.seconds, static_cast<double>(summary.peak_rss_bytes) / (1 << 20));
    if (summary.other_records > 0 && (!options.quiet || options.summary))
        std::fprintf(stderr, "dateline-index: %zu WARC records passed over (requests, metadata, redirects, non-HTML)\n",
                     summary.other_records);
    if (!options.report.empty()) write_report(options.report, options, summary, started, exit_code);
    return exit_code;
}

// Another run holding the database is not a failure of this one: say so, exit 4.
int run_reporting_busy(Options& options) {
    try {
        return run(options);
    } catch (const index::DatabaseBusy& e) {
        std::cerr << "dateline-index: " << e.what() << '\n';
        return kBusy;
    } catch (const Xapian::Error& e) {
        // A full disk, most often: say which database, and that its last commit stands.
        std::cerr << "dateline-index: " << options.run.db.string() << ": " << e.get_description()
                  << " (the database keeps its last commit; the next run after fixing this indexes the rest)\n";
        return kExitFatal;
    }
}

}  // namespace

int main(int argc, char** argv) { return dateline::program_main("dateline-index", argc, argv, parse_options, run_reporting_busy); }

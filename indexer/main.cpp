// dateline-index: reads articles, extracts their facets, writes the Xapian database.
#include "extract/extractor.h"
#include "indexing_run.h"

#include <boost/program_options.hpp>
#include <xapian.h>

#include <cstdio>
#include <iostream>
#include <optional>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

// Exit status, documented in README.md and `--help`.
enum ExitCode : int { kOk = 0, kFatal = 1, kUsage = 2, kSkippedSome = 3 };

struct Options {
    fs::path db;
    std::vector<fs::path> inputs;
    fs::path data_dir;
    bool extract_only = false;
    bool quiet = false;
    std::size_t batch_size = 10000;
    index::ReaderLimits limits;
};

const char* const kUsageText =
    "Usage: dateline-index --db PATH [options] INPUT...\n"
    "       dateline-index --extract-only [options] INPUT...\n"
    "Indexes articles (.txt, .md, .html, .jsonl) from files or directories (walked\n"
    "recursively) into a Dateline database, extracting speakers, countries and dates.\n"
    "Exit status: 0 all inputs indexed, 3 some inputs skipped (reported on stderr as\n"
    "path[:line]: reason), 1 fatal error, 2 usage error.\n\nOptions";

std::optional<Options> parse_options(int argc, char** argv) {
    Options options;
    po::options_description visible(kUsageText);
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<fs::path>(&options.db), "the database directory (created if missing)")
        ("extract-only", po::bool_switch(&options.extract_only),
         "print the extracted facets of each document as JSON Lines; touch no database")
        ("data-dir", po::value<fs::path>(&options.data_dir)->default_value(extract::default_data_dir()),
         "directory of the extraction data files")
        ("batch-size", po::value<std::size_t>(&options.batch_size)->default_value(options.batch_size),
         "documents per commit")
        ("max-file-size", po::value<std::size_t>(&options.limits.max_file_bytes)->default_value(options.limits.max_file_bytes),
         "largest .txt/.md/.html file read, in bytes; larger ones are skipped")
        ("max-record-size", po::value<std::size_t>(&options.limits.max_line_bytes)->default_value(options.limits.max_line_bytes),
         "largest JSON Lines record read, in bytes")
        ("quiet,q", po::bool_switch(&options.quiet), "print nothing but problems");
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::vector<fs::path>>(&options.inputs));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("input", -1);

    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return std::nullopt;
    }
    po::notify(vm);
    if (options.inputs.empty()) throw po::error("no INPUT given");
    if (!options.extract_only && options.db.empty()) throw po::error("--db PATH is required (or --extract-only)");
    if (options.extract_only && !options.db.empty()) throw po::error("--extract-only touches no database: drop --db");
    if (options.batch_size == 0) throw po::error("--batch-size must be at least 1");
    return options;
}

int run(const Options& options) {
    const extract::Extractor extractor(options.data_dir);
    const auto report = [](index::InputProblem&& problem) { std::cerr << problem.where << ": " << problem.reason << '\n'; };
    index::RunOptions run_options{options.db, options.inputs, options.batch_size, options.limits};
    if (options.extract_only) {
        const auto summary = index::extract_inputs(run_options, extractor, std::cout, report);
        return summary.skipped == 0 ? kOk : kSkippedSome;
    }
    const auto summary = index::index_inputs(run_options, extractor, report);
    if (!options.quiet)
        std::fprintf(stderr, "dateline-index: %zu documents (%zu added, %zu updated), %zu skipped, in %.2f s\n",
                     summary.documents, summary.added, summary.updated, summary.skipped, summary.seconds);
    return summary.skipped == 0 ? kOk : kSkippedSome;
}

}  // namespace

int main(int argc, char** argv) {
    std::optional<Options> options;
    try {
        options = parse_options(argc, argv);
        if (!options) return kOk;
    } catch (const po::error& e) {
        std::cerr << "dateline-index: " << e.what() << " (see --help)\n";
        return kUsage;
    }
    try {
        return run(*options);
    } catch (const Xapian::Error& e) {
        std::cerr << "dateline-index: " << e.get_description() << '\n';
    } catch (const std::exception& e) {
        std::cerr << "dateline-index: " << e.what() << '\n';
    }
    return kFatal;
}

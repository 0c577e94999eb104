// dateline-index: reads articles, extracts their facets, writes the Xapian database.
#include "article_json.h"
#include "document_builder.h"
#include "extract/extractor.h"
#include "index_writer.h"
#include "input_walker.h"
#include "schema.h"

#include <boost/program_options.hpp>

#include <chrono>
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

void report_problem(const index::InputProblem& problem, std::size_t& count) {
    std::cerr << problem.where << ": " << problem.reason << '\n';
    ++count;
}

int run(const Options& options) {
    const auto started = std::chrono::steady_clock::now();
    const extract::Extractor extractor(options.data_dir);
    std::size_t skipped = 0;
    const auto on_problem = [&](index::InputProblem&& problem) { report_problem(problem, skipped); };
    const auto files = index::list_input_files(options.inputs, on_problem);

    std::optional<index::IndexWriter> writer;
    std::optional<index::DocumentBuilder> builder;
    if (!options.extract_only) {
        writer.emplace(options.db, options.batch_size);
        builder.emplace(writer->database());
    }
    std::size_t documents = 0;
    for (const auto& file : files) {
        const auto on_article = [&](index::Article&& article) {
            extractor.extract(article);
            ++documents;
            if (options.extract_only) {
                std::cout << index::article_to_json(article, index::BodyField::omit).dump() << '\n';
                return;
            }
            writer->write(builder->build(article, file.input_key), schema::id_term(article.id));
        };
        index::read_input_file(file.path, file.format, file.default_id, options.limits, on_article, on_problem);
    }
    if (writer) {
        const auto counts = writer->finish();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (!options.quiet)
            std::fprintf(stderr, "dateline-index: %zu documents (%zu added, %zu updated), %zu skipped, in %.2f s\n",
                         documents, counts.added, counts.updated, skipped, seconds);
    }
    return skipped == 0 ? kOk : kSkippedSome;
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

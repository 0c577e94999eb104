// dateline-search: queries a Dateline database from the shell, with the API's engine and JSON.
#include "search/index.h"
#include "search/response_json.h"
#include "search/response_text.h"
#include "search/searcher.h"
#include "search/vocabulary.h"
#include "program_main.h"

#include <boost/program_options.hpp>

#include <iostream>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

struct Options {
    std::vector<fs::path> shards;
    fs::path data_dir;
    bool json = false;
    search::Params params;  // validated by the same parser as the API
};

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    std::vector<std::string> words, speakers, countries;
    std::string from, to, sort;
    int page = 1, size = 10, facet_size = 10;
    bool typing = false, no_collapse = false;
    std::string count, cluster;
    po::options_description visible(
        "Usage: dateline-search --db PATH [options] QUERY...\n"
        "Searches a Dateline database; QUERY uses the query language of the API (see README).\n"
        "Exit status: 0 success, 1 error (bad query, unreadable index), 2 usage error.\n\nOptions");
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<std::vector<fs::path>>(&o.shards)->required(), "database directory (repeat for shards)")
        ("json", po::bool_switch(&o.json), "print the API's JSON response instead of a table")
        ("speaker", po::value<std::vector<std::string>>(&speakers), "only articles quoting this speaker (repeatable: any of them)")
        ("country", po::value<std::vector<std::string>>(&countries), "only articles about this ISO country code (repeatable: any of them)")
        ("from", po::value<std::string>(&from), "published on or after this date (YYYY[-MM[-DD]])")
        ("to", po::value<std::string>(&to), "published on or before this date (YYYY[-MM[-DD]])")
        ("typing", po::bool_switch(&typing),
         "the query is being typed: its last word, unless a space or closing quote follows it, "
         "also matches as a prefix (as the API's typing=true)")
        ("no-collapse", po::bool_switch(&no_collapse), "list every article, copies too (the API's collapse=false)")
        ("count", po::value<std::string>(&count)->default_value("articles"),
         "articles, or stories: totals and facets count a story of several articles once")
        ("cluster", po::value<std::string>(&cluster), "only the articles of this story (its cluster id)")
        ("sort", po::value<std::string>(&sort)->default_value("relevance"), "relevance, date (oldest first) or -date (newest first)")
        ("page", po::value<int>(&page)->default_value(page), "result page, from 1")
        ("size", po::value<int>(&size)->default_value(size), "results per page")
        ("facet-size", po::value<int>(&facet_size)->default_value(facet_size), "values shown per facet")
        ("data-dir", po::value<fs::path>(&o.data_dir)->default_value(extract::default_data_dir()),
         "directory of the extraction data files");
    po::options_description hidden;
    hidden.add_options()("query", po::value<std::vector<std::string>>(&words));
    po::options_description all;
    all.add(visible).add(hidden);
    po::positional_options_description positional;
    positional.add("query", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    if (vm.count("help")) {
        std::cout << visible << '\n';
        return std::nullopt;
    }
    po::notify(vm);

    std::string query;
    for (const auto& word : words) query += (query.empty() ? "" : " ") + word;
    o.params.emplace_back("q", query);
    for (const auto& s : speakers) o.params.emplace_back("speaker", s);
    for (const auto& c : countries) o.params.emplace_back("country", c);
    if (!from.empty()) o.params.emplace_back("from", from);
    if (!to.empty()) o.params.emplace_back("to", to);
    if (typing) o.params.emplace_back("typing", "true");
    if (no_collapse) o.params.emplace_back("collapse", "false");
    o.params.emplace_back("count", count);
    if (!cluster.empty()) o.params.emplace_back("cluster", cluster);
    o.params.emplace_back("sort", sort);
    o.params.emplace_back("page", std::to_string(page));
    o.params.emplace_back("size", std::to_string(size));
    o.params.emplace_back("facet_size", std::to_string(facet_size));
    return o;
}

int run(const Options& options) {
    const auto request = search::parse_search_request(options.params);
    if (!request) {
        std::cerr << "dateline-search: " << request.error().message << '\n';
        return kExitUsage;
    }
    const search::Vocabulary vocabulary(options.data_dir);
    // One search: a list decoded whole for later searches would only cost this one more.
    search::Index index(search::IndexSources{options.shards, {}}, std::chrono::milliseconds{0}, 1,
                        search::PostingCacheLimits::of_megabytes(0));
    const search::Searcher searcher(index, vocabulary);
    const auto response = searcher.search(*request);
    if (!response) {
        if (options.json) std::cout << search::to_json(response.error()) << '\n';
        std::cerr << "dateline-search: " << response.error().message << '\n';
        return kExitFatal;
    }
    if (options.json) {
        std::cout << search::to_json(*response) << '\n';
    } else {
        search::write_text(std::cout, *response, search::TextStyle{isatty(STDOUT_FILENO) == 1, 100});
    }
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) { return dateline::program_main("dateline-search", argc, argv, parse_options, run); }

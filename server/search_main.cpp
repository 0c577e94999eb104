// dateline-search: queries a Dateline database from the shell, with the API's engine and JSON.
#include "search/export.h"
#include "search/index.h"
#include "search/manifest_check.h"
#include "search/response_json.h"
#include "search/response_text.h"
#include "search/searcher.h"
#include "search/vocabulary.h"
#include "core/command_line.h"
#include "core/install_layout.h"
#include "core/program_main.h"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <unistd.h>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace dateline;

namespace {

struct Options {
    std::vector<fs::path> shards;
    fs::path data_dir;
    bool json = false;
    std::string export_format;  // csv or jsonl: write every match (or facet count) instead
    std::string export_what;    // matches or facets
    fs::path output;            // the export's file (and its manifest beside it); empty: stdout
    fs::path verify;            // a manifest to check against the index
    std::string new_since;      // only matches first indexed since a time or after a revision
    search::Params params;  // validated by the same parser as the API
};

// dateline-search exits 3 when --verify finds the cited set changed.
constexpr int kExitChanged = 3;

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    std::vector<std::string> words, speakers, countries;
    std::string from, to, sort;
    int page = 1, size = 10, facet_size = 10;
    bool facet_size_given = false;
    bool typing = false, no_collapse = false;
    std::string count, cluster;
    po::options_description visible(
        "Usage: dateline-search --db PATH [options] QUERY...\n"
        "       dateline-search --db PATH --export csv|jsonl [--output FILE] [options] QUERY...\n"
        "       dateline-search --db PATH --verify MANIFEST\n"
        "Searches a Dateline database; QUERY uses the query language of the API (see README).\n"
        "Exit status: 0 success (--verify: the same set), 1 error (bad query, unreadable index), 2 usage error,\n"
        "3 --verify: the index no longer gives the cited set.\n\nOptions");
    visible.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<std::vector<fs::path>>(&o.shards)->required(), "database directory (repeat for shards)")
        ("json", po::bool_switch(&o.json), "print the API's JSON response instead of a table")
        ("export", po::value<std::string>(&o.export_format),
         "write every match, in the search's order, as csv or jsonl: the bytes of GET /api/export")
        ("what", po::value<std::string>(&o.export_what)->default_value("matches"), "with --export: matches or facets")
        ("output", po::value<fs::path>(&o.output),
         "with --export: write FILE, and its manifest to FILE.manifest.json (default: stdout, no manifest file)")
        ("new-since", po::value<std::string>(&o.new_since),
         "only matches first indexed on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC) or in a revision "
         "after REVISION (as the manifest names it); with --export, or alone to list them as JSON Lines")
        ("verify", po::value<fs::path>(&o.verify),
         "check that the index still gives the set an export manifest cites (FILE.manifest.json, or a JSON Lines "
         "export); with the export FILE beside it, name the ids added and removed")
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
        ("facet-size", po::value<int>(&facet_size)->notifier([&](int) { facet_size_given = true; }),
         ("values shown per facet (default " + std::to_string(facet_size) + "; with --export, all)").c_str())
        ("data-dir", po::value<fs::path>(&o.data_dir)->default_value(dateline::default_data_dir()),
         "directory of the extraction data files");
    if (!read_command_line(argc, argv, visible, "query", po::value<std::vector<std::string>>(&words)))
        return std::nullopt;

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
    if (!o.new_since.empty() && o.export_format.empty()) o.export_format = "jsonl";
    if (!o.export_format.empty()) {
        if (!o.new_since.empty()) o.params.emplace_back("new_since", o.new_since);
        o.params.emplace_back("format", o.export_format);
        o.params.emplace_back("what", o.export_what);
        if (!facet_size_given) return o;  // an export's facets default to all of them
    }
    o.params.emplace_back("page", std::to_string(page));
    o.params.emplace_back("size", std::to_string(size));
    o.params.emplace_back("facet_size", std::to_string(facet_size));
    return o;
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(file.string() + ": cannot be read");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int export_matches(const search::Searcher& searcher, const Options& options) {
    const auto request = search::parse_export_request(options.params);
    if (!request) {
        std::cerr << "dateline-search: " << request.error().message << '\n';
        return kExitUsage;
    }
    auto stream = searcher.open_export(*request);
    if (!stream) {
        std::cerr << "dateline-search: " << stream.error().message << '\n';
        return kExitFatal;
    }
    std::ofstream file;
    if (!options.output.empty()) {
        file.open(options.output, std::ios::binary | std::ios::trunc);
        if (!file) throw std::runtime_error(options.output.string() + ": cannot be written");
    }
    std::ostream& out = options.output.empty() ? std::cout : file;
    std::string part;
    for (bool more = true; more;) {
        part.clear();
        more = (*stream)->next(part, 1 << 20);
        out.write(part.data(), static_cast<std::streamsize>(part.size()));
    }
    out.flush();
    if (!out) throw std::runtime_error((options.output.empty() ? std::string("stdout") : options.output.string()) + ": write failed");
    if (!options.output.empty()) {
        std::ofstream manifest(options.output.string() + ".manifest.json", std::ios::binary | std::ios::trunc);
        manifest << search::to_json((*stream)->manifest()) << '\n';
        if (!manifest.flush()) throw std::runtime_error(options.output.string() + ".manifest.json: cannot be written");
    }
    return kExitOk;
}

int verify(const search::Searcher& searcher, const fs::path& file) {
    const auto manifest = search::parse_manifest(file.extension() == ".jsonl" ? [&] {
        // A JSON Lines export ends with its manifest.
        std::ifstream in(file, std::ios::binary);
        std::string line, last;
        while (std::getline(in, line))
            if (!line.empty()) last = line;
        return last;
    }() : read_text(file));
    if (!manifest) {
        std::cerr << "dateline-search: " << file.string() << ": " << manifest.error().message << '\n';
        return kExitUsage;
    }
    std::optional<std::vector<std::string>> ids_then;
    const std::string name = file.string();
    const std::string suffix = ".manifest.json";
    if (file.extension() == ".jsonl") ids_then = search::read_export_ids(file);
    else if (name.ends_with(suffix) && fs::exists(name.substr(0, name.size() - suffix.size())))
        ids_then = search::read_export_ids(name.substr(0, name.size() - suffix.size()));
    const auto check = search::check_manifest(searcher, *manifest, ids_then);
    if (!check) {
        std::cerr << "dateline-search: " << check.error().message << '\n';
        return kExitFatal;
    }
    if (check->same) {
        std::cout << "same: " << check->total_now << " matches, as at revision " << manifest->revision << " ("
                  << manifest->updated << "); index now at revision " << check->revision_now << '\n';
        return kExitOk;
    }
    std::cout << "changed: " << manifest->total << " matches at revision " << manifest->revision << " ("
              << manifest->updated << "), " << check->total_now << " now at revision " << check->revision_now << " ("
              << check->updated_now << ")\n";
    if (!check->differences_known) {
        std::cout << "(the export file is not beside the manifest: which ids changed is not known)\n";
    } else {
        for (const auto& id : check->added) std::cout << "added\t" << id << '\n';
        for (const auto& id : check->removed) std::cout << "removed\t" << id << '\n';
    }
    return kExitChanged;
}

int run(const Options& options) {
    if (!options.verify.empty() || !options.export_format.empty()) {
        const search::Vocabulary vocabulary(options.data_dir);
        search::Index index(search::IndexSources{options.shards, {}}, std::chrono::milliseconds{0}, 1,
                            search::PostingCacheLimits::of_megabytes(0));
        const search::Searcher searcher(index, vocabulary);
        return options.verify.empty() ? export_matches(searcher, options) : verify(searcher, options.verify);
    }
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

// dateline-serve: the JSON API and the browsing page over a Dateline database.
#include "http/server.h"
#include "core/command_line.h"
#include "core/install_layout.h"
#include "search/index.h"
#include "search/searcher.h"
#include "core/shard_layout.h"
#include "search/vocabulary.h"
#include "core/program_main.h"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/program_options.hpp>

#include <iostream>
#include <thread>

namespace po = boost::program_options;
namespace fs = std::filesystem;
namespace net = boost::asio;
using namespace dateline;

namespace {

struct Options {
    std::vector<fs::path> shards;
    std::vector<RemoteShard> remotes;
    std::string address = "127.0.0.1";
    std::uint16_t port = 8080;
    fs::path web_dir;
    fs::path data_dir;
    unsigned threads = 0;
    unsigned poll_ms = 1000;
    unsigned shutdown_grace_ms = 5000;
    std::size_t posting_cache_mb = search::kDefaultPostingCacheMb;
    http::ServerLimits limits;
    search::RequestLimits request_limits;
    search::SearchLimits search_limits;
    std::optional<fs::path> keys_file;
    http::RateLimit rate_limit;
    // --hash-key: print a keys-file line for the key on stdin instead of serving.
    bool hash_key = false;
    http::Scopes key_scopes = http::Scope::search;
    std::string key_name;
};

// Keys shorter than this are refused: a key is a shared secret that should not be guessable.
constexpr std::size_t kMinKeyLength = 16;

// The line of the keys file for the key on stdin (its first line, without the line end).
int print_keys_file_line(const Options& options) {
    std::string key;
    std::getline(std::cin, key);
    if (!key.empty() && key.back() == '\r') key.pop_back();
    if (key.size() < kMinKeyLength)
        throw std::runtime_error("--hash-key: the key on stdin is shorter than " + std::to_string(kMinKeyLength) +
                                 " characters (make one with: openssl rand -base64 32)");
    if (!http::bearer_token("Bearer " + key))
        throw std::runtime_error("--hash-key: a key may hold only letters, digits and - . _ ~ + / (then '=' at its end), "
                                 "as an Authorization: Bearer header carries it");
    std::cout << http::keys_file_line(key, options.key_scopes, options.key_name) << '\n';
    return kExitOk;
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    unsigned read_timeout = 15, idle_timeout = 30;
    auto match_time_ms = static_cast<unsigned>(std::chrono::duration_cast<std::chrono::milliseconds>(o.search_limits.match_time).count());
    std::uint64_t parallel_walk_postings = o.search_limits.parallel_walk_postings.value_or(0);
    bool no_access_log = false;
    bool is_public = false;
    std::string key_scopes = "search";
    std::string keys_file;
    unsigned rate_limit = 0;
    unsigned rate_burst = 0;
    std::vector<std::string> remotes;
    po::options_description desc(
        "Usage: dateline-serve --db PATH [--db PATH...] [--remote HOST:PORT...] [options]\n"
        "       dateline-serve --hash-key [--key-scopes LIST] [--key-name NAME] < key\n"
        "Serves the JSON API (/api/search, /api/facets/{facet}, /api/doc/{id}, /api/health),\n"
        "Prometheus metrics (/metrics) and the browsing page.\n"
        "Several --db and --remote options search their databases as one (shards).\n"
        "Exit status: 0 after a clean shutdown (SIGINT/SIGTERM), 1 fatal error, 2 usage error.\n\nOptions");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("db", po::value<std::vector<fs::path>>(&o.shards),
         "database directory, or Xapian stub file listing shards (repeatable)")
        ("remote", po::value<std::vector<std::string>>(&remotes),
         "a shard served by xapian-tcpsrv at HOST:PORT (repeatable)")
        ("address", po::value<std::string>(&o.address)->default_value(o.address), "address to listen on")
        ("port", po::value<std::uint16_t>(&o.port)->default_value(o.port), "port to listen on (0: any free port)")
        ("web", po::value<fs::path>(&o.web_dir)->default_value(shared_files_dir("web", DATELINE_WEB_DIR)), "directory of the browsing page")
        ("data-dir", po::value<fs::path>(&o.data_dir)->default_value(dateline::default_data_dir()),
         "directory of the extraction data files")
        ("threads", po::value<unsigned>(&o.threads)->default_value(0), "worker threads (0: one per core)")
        ("poll-interval", po::value<unsigned>(&o.poll_ms)->default_value(o.poll_ms),
         "milliseconds between checks for a newer index revision (0: never)")
        ("max-size", po::value<int>(&o.request_limits.max_size)->default_value(o.request_limits.max_size),
         "largest page size a request may ask for")
        ("max-query-bytes", po::value<std::size_t>(&o.request_limits.max_query_bytes)->default_value(o.request_limits.max_query_bytes),
         "longest query text a request may send")
        ("match-time-limit", po::value<unsigned>(&match_time_ms)->default_value(match_time_ms),
         "milliseconds a search may spend counting matches; past it the counts are partial and "
         "marked so (0: no limit)")
        ("max-wildcard-expansion",
         po::value<Xapian::termcount>(&o.search_limits.max_wildcard_expansion)->default_value(o.search_limits.max_wildcard_expansion),
         "words a wildcard may expand to; beyond, its most frequent words are searched, with a warning")
        ("parallel-walk-postings", po::value<std::uint64_t>(&parallel_walk_postings)->default_value(parallel_walk_postings),
         "a search reading at least this many postings (a browse: one a document) is split over threads "
         "while a core is idle: a shard a thread, or, over one shard, two halves of the docids (0: never)")
        ("posting-cache-mb", po::value<std::size_t>(&o.posting_cache_mb)->default_value(o.posting_cache_mb),
         "memory for decoded posting lists of frequent terms, kept for each index revision (0: none)")
        ("max-header-bytes", po::value<std::uint32_t>(&o.limits.header_bytes)->default_value(o.limits.header_bytes),
         "largest request line plus headers; beyond: 431")
        ("max-body-bytes", po::value<std::uint64_t>(&o.limits.body_bytes)->default_value(o.limits.body_bytes),
         "largest request body (the API reads none); beyond: 413")
        ("read-timeout", po::value<unsigned>(&read_timeout)->default_value(read_timeout),
         "seconds a client has to send a whole request")
        ("idle-timeout", po::value<unsigned>(&idle_timeout)->default_value(idle_timeout),
         "seconds an idle keep-alive connection is kept")
        ("max-connections", po::value<std::size_t>(&o.limits.max_connections)->default_value(o.limits.max_connections),
         "connections served at once; more are refused")
        ("no-access-log", po::bool_switch(&no_access_log), "do not log one line per request on stderr")
        ("keys", po::value<std::string>(&keys_file),
         "file of hashed API keys with their scopes (see README, Access): the API (all but /api/health) "
         "then needs 'Authorization: Bearer KEY' of a key with the route's scope")
        ("public", po::bool_switch(&is_public), "serve an address other than loopback without --keys")
        ("rate-limit", po::value<unsigned>(&rate_limit)->default_value(rate_limit),
         "requests a second each client address may make (token bucket; /api/health and /metrics exempt); "
         "past it: 429 with Retry-After (0: no limit)")
        ("rate-burst", po::value<unsigned>(&rate_burst)->default_value(rate_burst),
         "requests an idle client may make at once (0: twice --rate-limit, at least 32, which a page load fits in)")
        ("trust-real-ip", po::bool_switch(&o.limits.trust_real_ip),
         "behind a reverse proxy on this host: a request from loopback is rate-limited by its X-Real-IP header")
        ("hash-key", po::bool_switch(&o.hash_key),
         "read a key on stdin, print its line for the --keys file and exit")
        ("key-scopes", po::value<std::string>(&key_scopes)->default_value(key_scopes),
         "with --hash-key: the key's scopes, comma-separated: search, export, metrics")
        ("key-name", po::value<std::string>(&o.key_name), "with --hash-key: a name for the key, kept in the file");
    if (!read_command_line(argc, argv, desc)) return std::nullopt;
    if (o.hash_key) {
        const auto scopes = http::parse_scopes(key_scopes);
        if (!scopes) throw po::error("--key-scopes: expected a comma-separated list of search, export, metrics; got \"" + key_scopes + "\"");
        o.key_scopes = *scopes;
        return o;
    }
    for (const auto& text : remotes) {
        const auto remote = parse_remote_shard(text);
        if (!remote) throw po::error("--remote: expected HOST:PORT, got \"" + text + "\"");
        o.remotes.push_back(*remote);
    }
    if (o.shards.empty() && o.remotes.empty()) throw po::error("give at least one --db or --remote");
    o.limits.read_timeout = std::chrono::seconds(read_timeout);
    o.limits.idle_timeout = std::chrono::seconds(idle_timeout);
    o.limits.access_log = !no_access_log;
    o.search_limits.match_time = std::chrono::milliseconds(match_time_ms);
    o.search_limits.parallel_walk_postings = search::parallel_walk_postings_from(parallel_walk_postings);
    if (o.request_limits.max_size < 1) throw po::error("--max-size must be at least 1");
    if (o.search_limits.max_wildcard_expansion < 1) throw po::error("--max-wildcard-expansion must be at least 1");
    if (!keys_file.empty()) o.keys_file = keys_file;
    boost::system::error_code bad_address;
    const auto address = net::ip::make_address(o.address, bad_address);
    if (bad_address) throw po::error("--address: not an IP address: \"" + o.address + "\"");
    if (!address.is_loopback() && !o.keys_file && !is_public)
        throw po::error("--address " + o.address + " is reachable from other hosts: give --keys FILE so that only "
                        "key holders get in, or --public if anyone who can reach it may search");
    if (rate_limit > 0) {
        o.rate_limit.per_second = rate_limit;
        o.rate_limit.burst = rate_burst > 0 ? rate_burst : std::max(2.0 * rate_limit, 32.0);
    }
    return o;
}

int run(const Options& options) {
    if (options.hash_key) return print_keys_file_line(options);
    // Read before the index opens: a bad keys file is a startup error naming its line.
    std::optional<http::ApiKeys> keys;
    if (options.keys_file) keys = http::ApiKeys::load(*options.keys_file);
    std::optional<http::RateLimiter> rate_limiter;
    if (options.rate_limit.per_second > 0) rate_limiter.emplace(options.rate_limit);
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const search::Vocabulary vocabulary(options.data_dir);
    // Each worker thread runs one search at a time: a handle for each, and one for the second
    // half of a search over one shard split in two.
    search::Index index(search::IndexSources{options.shards, options.remotes}, std::chrono::milliseconds(options.poll_ms),
                        threads + 1, search::PostingCacheLimits::of_megabytes(options.posting_cache_mb));
    const search::Searcher searcher(index, vocabulary, options.search_limits);
    const http::StaticFiles static_files(options.web_dir);
    http::Metrics metrics;
    const http::Router router(searcher, &static_files, options.request_limits, &metrics,
                              http::Access{keys ? &*keys : nullptr, rate_limiter ? &*rate_limiter : nullptr});

    http::IoContextPool pool(threads);
    http::Server server(pool, options.address, options.port, router, options.limits, metrics);
    server.start();

    // SIGINT/SIGTERM: stop accepting, let requests in flight finish, then stop the loop.
    net::signal_set signals(pool.first(), SIGINT, SIGTERM);
    net::steady_timer drain(pool.first());
    const auto deadline = std::make_shared<std::chrono::steady_clock::time_point>();
    std::function<void()> wait_for_drain = [&] {
        if (server.requests_in_flight() == 0 || std::chrono::steady_clock::now() > *deadline) return pool.stop();
        drain.expires_after(std::chrono::milliseconds(20));
        drain.async_wait([&](boost::system::error_code) { wait_for_drain(); });
    };
    signals.async_wait([&](boost::system::error_code ec, int) {
        if (ec) return;
        std::cerr << "dateline-serve: shutting down\n";
        server.stop();
        *deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.shutdown_grace_ms);
        wait_for_drain();
    });

    // Announced once SIGTERM is handled: whoever waits for this line may stop the server at once.
    std::cout << "dateline-serve: " << index.current()->doc_count() << " documents; listening on http://"
              << options.address << ':' << server.port() << '/' << std::endl;
    if (keys) std::cerr << "dateline-serve: " << keys->entries().size() << " API keys from " << options.keys_file->string() << '\n';
    pool.run();
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) { return dateline::program_main("dateline-serve", argc, argv, parse_options, run); }

// dateline-bench-fixed-body: the HTTP ceiling. A minimal Beast async server, shaped like
// Beast's example/http/server/async, answering every request with the same JSON body.
#include "core/command_line.h"
#include "core/program_main.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/program_options.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <thread>

namespace po = boost::program_options;
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr int kOk = dateline::kExitOk;

struct Options {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0;
    unsigned threads = 0;
    std::size_t body_bytes = 0;
};

// Reads a request, writes the fixed body, and loops while the client keeps the connection.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, const std::string& body) : stream_(std::move(socket)), body_(body) {}

    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

private:
    void do_read() {
        request_ = {};
        stream_.expires_after(std::chrono::seconds(30));
        http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        if (ec) return close();
        response_ = {http::status::ok, request_.version()};
        response_.set(http::field::content_type, "application/json");
        response_.keep_alive(request_.keep_alive());
        response_.body() = body_;
        response_.prepare_payload();
        http::async_write(stream_, response_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
    }

    void on_write(beast::error_code ec, std::size_t) {
        if (ec) return close();
        if (!response_.keep_alive()) return close();
        do_read();
    }

    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    http::request<http::empty_body> request_;
    http::response<http::string_body> response_;
    const std::string& body_;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(net::io_context& io, const tcp::endpoint& endpoint, const std::string& body)
        : io_(io), acceptor_(net::make_strand(io)), body_(body) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    void start() { do_accept(); }
    void stop() { acceptor_.close(); }

private:
    void do_accept() {
        acceptor_.async_accept(net::make_strand(io_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) {
            socket.set_option(tcp::no_delay(true));
            std::make_shared<Session>(std::move(socket), body_)->start();
        }
        do_accept();
    }

    net::io_context& io_;
    tcp::acceptor acceptor_;
    const std::string& body_;
};

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    po::options_description desc(
        "Usage: dateline-bench-fixed-body [--address A] [--port N] [--threads N] [--body-bytes N]\n"
        "Answers every HTTP request with the same JSON body (the HTTP ceiling for the benchmark).\n"
        "Prints `dateline-bench-fixed-body: listening on http://ADDRESS:PORT/` once ready.\n"
        "Exit status: 0 after SIGINT/SIGTERM, 1 fatal error, 2 usage error.\n\nOptions");
    desc.add_options()
        ("help,h", "show this help and exit")
        ("address", po::value<std::string>(&o.address)->default_value(o.address), "address to listen on")
        ("port", po::value<std::uint16_t>(&o.port)->default_value(o.port), "port (0: any free port)")
        ("threads", po::value<unsigned>(&o.threads)->default_value(0), "worker threads (0: one per core)")
        ("body-bytes", po::value<std::size_t>(&o.body_bytes)->default_value(0),
         "pad the body to this many bytes (0: a small fixed object)");
    if (!dateline::read_command_line(argc, argv, desc)) return std::nullopt;
    return o;
}

int run(const Options& options) {
    std::string body = R"({"total":0,"results":[],"facets":{"speaker":[],"country":[],"date":[]}})";
    if (options.body_bytes > body.size() + 12)
        body = R"({"padding":")" + std::string(options.body_bytes - 14, 'x') + R"("})";
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    net::io_context io(static_cast<int>(threads));
    const auto listener = std::make_shared<Listener>(io, tcp::endpoint(net::ip::make_address(options.address), options.port), body);
    listener->start();
    std::cout << "dateline-bench-fixed-body: listening on http://" << options.address << ':' << listener->port() << '/'
              << std::endl;
    net::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) { io.stop(); });
    std::vector<std::jthread> workers;
    for (unsigned i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
    io.run();
    workers.clear();
    return kOk;
}

}  // namespace

int main(int argc, char** argv) {
    return dateline::program_main("dateline-bench-fixed-body", argc, argv, parse_options, run);
}

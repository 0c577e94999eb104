#include "http/server.h"

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>

#include <atomic>
#include <cstdio>

namespace dateline::http {
namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

struct SharedState {
    // A constructor rather than an aggregate: make_shared's parenthesised aggregate
    // initialisation (P0960) is missing from clang before 16, which builds the sanitizer suite.
    SharedState(const Router& router_in, ServerLimits limits_in, Metrics& metrics_in)
        : router(router_in), limits(limits_in), metrics(metrics_in) {}

    const Router& router;
    ServerLimits limits;
    Metrics& metrics;  // also the connection and in-flight counts the limits are checked against
    std::atomic<bool> stopping{false};
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, std::shared_ptr<SharedState> state)
        : stream_(std::move(socket)), state_(std::move(state)) {
        state_->metrics.connection_opened();
        beast::error_code ec;
        const auto peer = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            peer_loopback_ = peer.address().is_loopback();
            peer_ = peer.address().to_string();
        }
    }
    ~Session() { state_->metrics.connection_closed(); }

    void run() {
        // Start on the session's strand, as every later operation is.
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::do_read, shared_from_this()));
    }

private:
    void do_read() {
        parser_.emplace();
        parser_->header_limit(state_->limits.header_bytes);
        parser_->body_limit(state_->limits.body_bytes);
        // The first request of a connection and each later one get the whole timeout to
        // arrive completely: a client that trickles bytes is cut off all the same.
        stream_.expires_after(first_request_ ? state_->limits.read_timeout : state_->limits.idle_timeout);
        beast_http::async_read(stream_, buffer_, *parser_,
                               beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code ec, std::size_t) {
        first_request_ = false;
        if (ec == beast_http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted)
            return do_close();
        started_ = std::chrono::steady_clock::now();
        state_->metrics.request_started();
        if (ec == beast_http::error::header_limit) return reject(Status::request_header_fields_too_large, "request headers too large\n");
        if (ec == beast_http::error::body_limit) return reject(Status::payload_too_large, "request body too large\n");
        if (ec) return reject(Status::bad_request, "malformed request\n");

        const Request& request = parser_->get();
        Reply reply = state_->router.respond(request, client(request));
        auto response = std::make_shared<Response>(std::move(reply.response));
        if (state_->stopping) response->keep_alive(false);
        log(request, *response);
        if (reply.body_stream && request.method() != beast_http::verb::head)
            return stream(std::move(response), std::move(reply.body_stream));
        if (request.method() == beast_http::verb::head) {
            const auto length = response->body().size();
            response->body().clear();
            response->content_length(length);
        }
        write(std::move(response));
    }

    // The address the rate limit counts this request by.
    std::string_view client(const Request& request) const {
        if (state_->limits.trust_real_ip && peer_loopback_) {
            const auto real_ip = request["X-Real-IP"];
            if (!real_ip.empty() && real_ip.size() <= 64) return {real_ip.data(), real_ip.size()};
        }
        return peer_;
    }

    void reject(Status status, std::string_view text) {
        Request request;
        request.version(11);
        request.keep_alive(false);
        auto response = std::make_shared<Response>(make_response(request, status, "text/plain; charset=utf-8", std::string(text)));
        response->keep_alive(false);
        write(std::move(response));
    }

    void write(std::shared_ptr<Response> response) {
        stream_.expires_after(state_->limits.write_timeout);
        const bool close = response->need_eof();
        beast_http::async_write(stream_, *response,
                                [self = shared_from_this(), response, close](beast::error_code ec, std::size_t) {
                                    self->end_request(response->result_int());
                                    if (ec || close) return self->do_close();
                                    self->do_read();
                                });
    }

    // An export: the header, then the body a chunk at a time, each made only once the one
    // before is written, so that a slow client holds one chunk in memory and a client gone
    // away stops the work at the next write. The match time limit does not apply; the write
    // timeout does, to each chunk.
    void stream(std::shared_ptr<Response> head, std::unique_ptr<search::ExportStream> body) {
        body_stream_ = std::move(body);
        auto header = std::make_shared<beast_http::response<beast_http::empty_body>>(std::move(head->base()));
        header->chunked(true);
        auto serializer = std::make_shared<beast_http::response_serializer<beast_http::empty_body>>(*header);
        stream_.expires_after(state_->limits.write_timeout);
        beast_http::async_write_header(stream_, *serializer,
                                       [self = shared_from_this(), header, serializer](beast::error_code ec, std::size_t) {
                                           if (ec) return self->end_stream(false);
                                           self->write_part();
                                       });
    }

    void write_part() {
        chunk_.clear();
        bool more = false;
        try {
            more = body_stream_->next(chunk_, kExportPartBytes);
        } catch (const std::exception& e) {
            // Cut short (the index's revision overwritten under it): without the last chunk
            // the client can tell the body is incomplete.
            std::fprintf(stderr, "dateline-serve: an export stopped: %s\n", e.what());
            return end_stream(false);
        }
        const auto after = [self = shared_from_this(), more](beast::error_code ec, std::size_t) {
            if (ec) return self->end_stream(false);
            if (more) return self->write_part();
            self->write_last();
        };
        stream_.expires_after(state_->limits.write_timeout);
        if (chunk_.empty()) return after({}, 0);
        net::async_write(stream_, beast_http::make_chunk(net::buffer(chunk_)), after);
    }

    void write_last() {
        struct Last {
            beast_http::fields trailer;
            std::optional<beast_http::chunk_last<beast_http::fields>> chunk;
        };
        auto last = std::make_shared<Last>();
        last->trailer.set(kIdsDigestHeader, body_stream_->manifest().ids_sha256);
        last->chunk.emplace(last->trailer);
        net::async_write(stream_, *last->chunk, [self = shared_from_this(), last](beast::error_code ec, std::size_t) {
            self->end_stream(!ec);
        });
    }

    void end_stream(bool complete) {
        body_stream_.reset();  // its database handle goes back to the pool now
        chunk_ = std::string();
        end_request(200);
        if (!complete || state_->stopping) return do_close();
        do_read();
    }

    void end_request(unsigned status) {
        state_->metrics.record_request(status, std::chrono::steady_clock::now() - started_);
        state_->metrics.request_finished();
    }

    void log(const Request& request, const Response& response) const {
        if (!state_->limits.access_log) return;
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
        const std::string target(request.target().data(), std::min<std::size_t>(request.target().size(), 512));
        std::fprintf(stderr, "%s %s %u %.1fms\n", std::string(request.method_string().data(), request.method_string().size()).c_str(), target.c_str(),
                     response.result_int(), ms);
    }

    void do_close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<beast_http::request_parser<beast_http::string_body>> parser_;
    std::shared_ptr<SharedState> state_;
    bool first_request_ = true;
    std::string peer_;  // the client's address, as the rate limit counts it
    bool peer_loopback_ = false;
    std::chrono::steady_clock::time_point started_;  // when the request's last byte was read
    std::unique_ptr<search::ExportStream> body_stream_;  // the export being sent, if any
    std::string chunk_;                                  // its part being written
};

}  // namespace

class Listener : public std::enable_shared_from_this<Listener> {
public:
    Listener(IoContextPool& pool, const tcp::endpoint& endpoint, std::shared_ptr<SharedState> state)
        : pool_(pool), acceptor_(net::make_strand(pool.first())), state_(std::move(state)) {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
    std::size_t in_flight() const { return state_->metrics.requests_in_flight(); }
    void start() { do_accept(); }

    void stop() {
        state_->stopping = true;
        net::post(acceptor_.get_executor(), [self = shared_from_this()] {
            beast::error_code ignored;
            self->acceptor_.close(ignored);
        });
    }

private:
    void do_accept() {
        acceptor_.async_accept(net::make_strand(pool_.next()),
                               beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
            if (state_->metrics.open_connections() >= state_->limits.max_connections) {
                beast::error_code ignored;
                socket.close(ignored);  // over the limit: refuse rather than queue unbounded work
                state_->metrics.connection_refused();
            } else {
                std::make_shared<Session>(std::move(socket), state_)->run();
            }
        }
        do_accept();
    }

    IoContextPool& pool_;
    tcp::acceptor acceptor_;
    std::shared_ptr<SharedState> state_;
};

Server::Server(IoContextPool& pool, const std::string& address, std::uint16_t port, const Router& router,
               ServerLimits limits, Metrics& metrics) {
    auto state = std::make_shared<SharedState>(router, limits, metrics);
    listener_ = std::make_shared<Listener>(pool, tcp::endpoint(net::ip::make_address(address), port), std::move(state));
}

Server::~Server() = default;
std::uint16_t Server::port() const { return listener_->port(); }
void Server::start() { listener_->start(); }
void Server::stop() { listener_->stop(); }
std::size_t Server::requests_in_flight() const { return listener_->in_flight(); }

}  // namespace dateline::http

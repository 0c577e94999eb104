// The HTTP transport: accepts connections and runs read -> Router::handle -> write.
#pragma once

#include "http/api.h"
#include "http/io_context_pool.h"
#include "http/metrics.h"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace dateline::http {

struct ServerLimits {
    std::uint32_t header_bytes = 8 * 1024;            // request line + headers; beyond: 431
    std::uint64_t body_bytes = 1024;                  // the API takes no bodies; beyond: 413
    std::chrono::seconds read_timeout{15};            // to receive one whole request
    std::chrono::seconds idle_timeout{30};            // keep-alive wait for the next request
    std::chrono::seconds write_timeout{30};
    std::size_t max_connections = 512;                // beyond: new connections are closed
    bool access_log = true;                           // one line per request on stderr
    // Behind a reverse proxy on this host: a request from a loopback address that carries
    // X-Real-IP is counted by the rate limit as coming from that address.
    bool trust_real_ip = false;
};

class Listener;

/// Binds at construction (so the caller learns the port, even for port 0) and serves once
/// start() is called: it accepts on the pool's first context and gives each connection the
/// next context, where all its requests run.
class Server {
public:
    /// Throws boost::system::system_error when the address cannot be bound. `pool`, `router`
    /// and `metrics` must outlive the server; every request and connection is counted in `metrics`.
    Server(IoContextPool& pool, const std::string& address, std::uint16_t port, const Router& router,
           ServerLimits limits, Metrics& metrics);
    ~Server();

    std::uint16_t port() const;
    void start();
    /// Stops accepting; requests in flight finish, and connections close after them.
    void stop();
    /// Requests received whose response is not yet fully written.
    std::size_t requests_in_flight() const;

private:
    std::shared_ptr<Listener> listener_;
};

}  // namespace dateline::http

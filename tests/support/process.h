// A child process for integration tests: started with arguments, stopped by signal.
#pragma once

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace dateline::testing {

class ChildProcess {
public:
    /// Starts `program` with `args`; its stdout is readable with read_line(), stderr
    /// goes to a file in the temp dir (so an access log never blocks the child).
    ChildProcess(const std::string& program, const std::vector<std::string>& args);
    ~ChildProcess();  // SIGKILL if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// One line of stdout, waiting up to `timeout_ms`; throws on timeout or EOF.
    std::string read_line(int timeout_ms = 10000);
    /// Sends `signal` and waits up to `timeout_ms` for exit; returns the exit status
    /// (or 128 + signal number if killed), -1 on timeout.
    int stop(int signal, int timeout_ms = 10000);
    /// What the child wrote to stderr so far (for failure messages).
    std::string stderr_text() const;

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::string buffer_;
    std::string log_path_;
};

/// Runs `command` with /bin/sh and returns its stdout; throws std::runtime_error if it cannot start.
std::string run_command(const std::string& command);

/// Starts dateline-serve on a free loopback port over `db`; the port is parsed from its
/// startup line.
struct ServerProcess {
    /// `launcher`, when given, is a command line that runs the server (e.g. setpriv with
    /// another user), the server's own command line appended.
    ServerProcess(const std::string& db, const std::vector<std::string>& extra_args = {},
                  const std::vector<std::string>& launcher = {});
    ChildProcess process;
    unsigned short port = 0;
};

/// A blocking HTTP/1.1 GET (or any method) on 127.0.0.1: {status, body}.
struct HttpResult {
    int status = 0;
    std::string body;
    std::string headers;
};
HttpResult http_request(unsigned short port, const std::string& target, const std::string& method = "GET",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});

/// A plain TCP connection to 127.0.0.1, for requests no well-behaved client sends: partial,
/// trickled or oversized ones. Closed at scope end.
class RawConnection {
public:
    explicit RawConnection(unsigned short port);  // throws std::runtime_error if connect fails
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// Sends all of `bytes`; false if the peer has closed the connection.
    bool send(const std::string& bytes);
    /// Reads until the peer closes the connection or `timeout_ms` pass: what arrived, and
    /// whether the connection was closed (end of stream or reset) within the time.
    struct Received {
        std::string bytes;
        bool closed = false;
    };
    Received read_until_closed(int timeout_ms);

private:
    int fd_ = -1;
};

}  // namespace dateline::testing

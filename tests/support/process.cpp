#include "support/process.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <cstdio>
#include <memory>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace dateline::testing {
namespace {

// Waits until `fd` has something to read (data, end of stream or an error); false once
// `deadline` has passed.
bool wait_readable(int fd, std::chrono::steady_clock::time_point deadline) {
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd readable{fd, POLLIN, 0};
        if (poll(&readable, 1, static_cast<int>(left.count())) > 0) return true;
    }
}

}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args) {
    static std::atomic<int> counter{0};
    log_path_ = (std::filesystem::temp_directory_path() /
                 ("dateline-child-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".log")).string();
    const std::string log = log_path_;
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(out[1], STDOUT_FILENO);
        const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (err >= 0) dup2(err, STDERR_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(program.c_str()));
        for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
        argv.push_back(nullptr);
        execv(program.c_str(), argv.data());
        _exit(127);
    }
    close(out[1]);
    stdout_fd_ = out[0];
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (stdout_fd_ >= 0) close(stdout_fd_);
    std::error_code ignored;
    std::filesystem::remove(log_path_, ignored);
}

std::string ChildProcess::stderr_text() const {
    std::ifstream in(log_path_);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string ChildProcess::read_line(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
            std::string line = buffer_.substr(0, newline);
            buffer_.erase(0, newline + 1);
            return line;
        }
        if (!wait_readable(stdout_fd_, deadline)) throw std::runtime_error("timed out waiting for the child's output");
        char chunk[4096];
        const ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) throw std::runtime_error("the child closed its output (did it fail to start?)");
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

int ChildProcess::stop(int signal, int timeout_ms) {
    if (pid_ <= 0) return -1;
    kill(pid_, signal);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
}

std::string run_command(const std::string& command) {
    std::string out;
    const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) throw std::runtime_error("cannot run: " + command);
    std::array<char, 4096> chunk{};
    while (const auto n = std::fread(chunk.data(), 1, chunk.size(), pipe.get())) out.append(chunk.data(), n);
    return out;
}

ServerProcess::ServerProcess(const std::string& db, const std::vector<std::string>& extra_args,
                             const std::vector<std::string>& launcher)
    : process(launcher.empty() ? DATELINE_SERVE_BIN : launcher.front(), [&] {
          std::vector<std::string> args;
          if (!launcher.empty()) {
              args.assign(launcher.begin() + 1, launcher.end());
              args.emplace_back(DATELINE_SERVE_BIN);
          }
          for (const auto* arg : {"--db", db.c_str(), "--port", "0", "--threads", "2", "--poll-interval", "200"})
              args.emplace_back(arg);
          args.insert(args.end(), extra_args.begin(), extra_args.end());
          return args;
      }()) {
    const std::string line = process.read_line();
    const auto colon = line.rfind(':');
    if (line.find("listening on http://127.0.0.1:") == std::string::npos || colon == std::string::npos)
        throw std::runtime_error("unexpected startup line: " + line);
    port = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

HttpResult http_request(unsigned short port, const std::string& target, const std::string& method,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
    namespace net = boost::asio;
    namespace beast = boost::beast;
    net::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    beast::http::request<beast::http::string_body> request{beast::http::string_to_verb(method), target, 11};
    request.set(beast::http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    beast::http::write(stream, request);
    beast::flat_buffer buffer;
    beast::http::response_parser<beast::http::string_body> parser;
    parser.body_limit(64u << 20);
    if (method == "HEAD") parser.skip(true);
    beast::http::read(stream, buffer, parser);
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    HttpResult result;
    result.status = parser.get().result_int();
    result.body = parser.get().body();
    for (const auto& field : parser.get())
        result.headers += std::string(field.name_string().data(), field.name_string().size()) + ": " +
                          std::string(field.value().data(), field.value().size()) + "\n";
    return result;
}

RawConnection::RawConnection(unsigned short port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        close(fd_);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
}

RawConnection::~RawConnection() { close(fd_); }

bool RawConnection::send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
        const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

RawConnection::Received RawConnection::read_until_closed(int timeout_ms) {
    Received received;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        if (!wait_readable(fd_, deadline)) return received;
        char chunk[4096];
        const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            received.closed = true;  // 0: end of stream; < 0: reset
            return received;
        }
        received.bytes.append(chunk, static_cast<std::size_t>(n));
    }
}

}  // namespace dateline::testing

#include "core/shard_layout.h"

#include "core/schema.h"

#include <charconv>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace dateline {
namespace {

// Stubs may list stubs; a cycle must end in an error, not a stack overflow.
constexpr int kMaxStubDepth = 8;

bool is_stub_file(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

void resolve_into(const std::filesystem::path& database, int depth, std::vector<ShardLocation>& out);

void read_stub(const std::filesystem::path& stub, int depth, std::vector<ShardLocation>& out) {
    if (depth > kMaxStubDepth) throw std::runtime_error(stub.string() + ": stub files nest too deeply (a cycle?)");
    std::ifstream in(stub);
    if (!in) throw std::runtime_error(stub.string() + ": cannot read the stub file");
    int line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        const auto where = [&] { return stub.string() + ":" + std::to_string(line_number) + ": "; };
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
        if ((type == "auto" || type == "glass") && !rest.empty()) {
            const std::filesystem::path path(rest);
            resolve_into(path.is_absolute() ? path : stub.parent_path() / path, depth + 1, out);
        } else if (type == "remote" && !rest.empty() && rest[0] != ':') {
            const auto remote = parse_remote_shard(rest);
            if (!remote) throw std::runtime_error(where() + "expected remote HOST:PORT");
            out.push_back({{}, *remote});
        } else if (type == "remote") {
            throw std::runtime_error(where() + "only remote HOST:PORT (xapian-tcpsrv) shards are supported");
        } else {
            throw std::runtime_error(where() + "expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT'");
        }
    }
}

void resolve_into(const std::filesystem::path& database, int depth, std::vector<ShardLocation>& out) {
    std::error_code ec;
    if (std::filesystem::is_directory(database, ec)) {
        const auto stub = database / schema::kStubFile;
        if (!std::filesystem::exists(database / "iamglass", ec) && is_stub_file(stub)) return read_stub(stub, depth, out);
        out.push_back({database, std::nullopt});
    } else if (is_stub_file(database)) {
        read_stub(database, depth, out);
    } else {
        out.push_back({database, std::nullopt});
    }
}

}  // namespace

std::string RemoteShard::to_string() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string ShardLocation::to_string() const { return remote ? "remote " + remote->to_string() : path.string(); }

std::optional<RemoteShard> parse_remote_shard(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view host = text.substr(0, colon);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return std::nullopt;
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return std::nullopt;  // an IPv6 address needs brackets
    }
    const std::string_view digits = text.substr(colon + 1);
    unsigned port = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (error != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535) return std::nullopt;
    return RemoteShard{std::string(host), port};
}

std::vector<ShardLocation> resolve_shards(const std::filesystem::path& database) {
    std::vector<ShardLocation> out;
    resolve_into(database, 0, out);
    return out;
}

std::string shard_stub_text(unsigned count) {
    std::string text = "# Dateline: " + std::to_string(count) +
                       " shards, each document in shard FNV-1a-64(id) mod " + std::to_string(count) +
                       ". Written by dateline-index; do not edit.\n";
    for (unsigned i = 0; i < count; ++i) text += "auto " + schema::shard_directory(i) + "\n";
    return text;
}

}  // namespace dateline

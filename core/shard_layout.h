// Where the shards of a search are: a database directory, a Xapian stub file (or a directory
// holding one) listing local databases and remote ones served by xapian-tcpsrv.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// A shard served over TCP by xapian-tcpsrv.
struct RemoteShard {
    std::string host;
    unsigned port = 0;

    /// `host:port`, with an IPv6 address in brackets: the form parse_remote_shard() reads.
    std::string to_string() const;
    bool operator==(const RemoteShard&) const = default;
};

/// One shard of a search: a local database directory, or a remote server.
struct ShardLocation {
    std::filesystem::path path;          // when local
    std::optional<RemoteShard> remote;   // when remote

    bool is_remote() const { return remote.has_value(); }
    /// The path, or `remote host:port`, for messages.
    std::string to_string() const;
    bool operator==(const ShardLocation&) const = default;
};

/// Reads `HOST:PORT` or `[IPv6]:PORT`; nothing when the port is missing or out of range.
std::optional<RemoteShard> parse_remote_shard(std::string_view text);

/// The shards that `database` stands for, in order. A database directory is itself; a stub
/// file, or a directory holding kStubFile, stands for the databases its lines list, read as
/// Xapian reads them: `auto PATH` or `glass PATH` (relative to the stub's directory; a stub
/// listed there is followed), `remote HOST:PORT`, and `#` comments. A path that does not
/// exist is returned as it is, for opening it to report. Throws std::runtime_error naming the
/// stub file and line for anything else (such as `remote :PROGRAM`).
std::vector<ShardLocation> resolve_shards(const std::filesystem::path& database);

/// The stub file dateline-index writes for `count` shards: `auto shard-0` ... in order.
std::string shard_stub_text(unsigned count);

}  // namespace dateline

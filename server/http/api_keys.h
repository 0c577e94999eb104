// API keys: the keys file (hashed keys and their scopes) and the Authorization header.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dateline::http {

/// What a key lets its holder read. The route table (api.cpp) says which scope each route needs.
enum class Scope : unsigned {
    search = 1u << 0,   // search, facets, documents (and quotes, once served)
    exports = 1u << 1,  // exports and timelines, once served
    metrics = 1u << 2,  // /metrics
};

/// A set of scopes, as a bit mask of Scope values.
class Scopes {
public:
    constexpr Scopes() = default;
    constexpr Scopes(Scope scope) : bits_(static_cast<unsigned>(scope)) {}  // NOLINT: implicit by design
    constexpr bool contains(Scope scope) const { return (bits_ & static_cast<unsigned>(scope)) != 0; }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr Scopes& operator|=(Scopes other) {
        bits_ |= other.bits_;
        return *this;
    }
    constexpr bool operator==(const Scopes&) const = default;

private:
    unsigned bits_ = 0;
};

/// The id of a scope as the keys file and error messages write it: search, export, metrics.
const char* to_string(Scope scope) noexcept;

/// Scopes as the keys file writes them ("search,export"); nullopt if one is unknown or the
/// list is empty, with the offending name in `unknown`.
std::optional<Scopes> parse_scopes(std::string_view text, std::string* unknown = nullptr);
/// The comma-separated form of `scopes`, in the order search, export, metrics.
std::string to_string(Scopes scopes);

using KeyHash = std::array<unsigned char, 32>;  // SHA-256

/// SHA-256 of `key` (OpenSSL EVP).
KeyHash hash_key(std::string_view key);

/// A bad keys file: the message names the file and the line, "FILE:LINE: reason".
class KeysFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The keys a server accepts. The file holds one key a line:
///     sha256:<64 hex digits> <scope>[,<scope>...] [name]
/// blank lines and lines starting with '#' aside. The name (any text up to the line's end)
/// is for the people who keep the file; the server never prints it nor the key.
class ApiKeys {
public:
    struct Entry {
        KeyHash hash;
        Scopes scopes;
        std::string name;
    };

    /// Parses a keys file's text; `file_name` only names it in errors. Throws KeysFileError
    /// for a malformed line, an unknown scope, a key listed twice or a file with no key.
    static ApiKeys parse(std::string_view text, const std::string& file_name);
    /// Reads and parses `path`; throws KeysFileError (also when it cannot be read).
    static ApiKeys load(const std::filesystem::path& path);

    /// The scopes of `key`, or nullopt if it is not in the file. Compares the key's hash
    /// with every entry's in constant time (CRYPTO_memcmp), and always with all of them.
    std::optional<Scopes> scopes_of(std::string_view key) const;

    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

/// The line of the keys file for `key` with `scopes` and an optional `name`.
std::string keys_file_line(std::string_view key, Scopes scopes, std::string_view name = {});
/// The line of the keys file that gives back `entry`.
std::string keys_file_line(const ApiKeys::Entry& entry);

/// The credentials of an Authorization header of the Bearer scheme (RFC 6750: the scheme's
/// name in any case, one or more spaces, a b64token); nullopt for any other header.
std::optional<std::string_view> bearer_token(std::string_view header);

}  // namespace dateline::http

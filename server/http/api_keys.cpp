#include "http/api_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <fstream>
#include <sstream>

namespace dateline::http {
namespace {

constexpr std::string_view kHashPrefix = "sha256:";
constexpr std::array kAllScopes = {Scope::search, Scope::exports, Scope::metrics};
constexpr std::string_view kLineForm = "expected 'sha256:<64 hex digits> <scope>[,<scope>...] [name]'";

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && (is_space(text.front()) || text.front() == '\r')) text.remove_prefix(1);
    while (!text.empty() && (is_space(text.back()) || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

// The next space-delimited word of `text`, removed from it.
std::string_view next_word(std::string_view& text) {
    text = trim(text);
    std::size_t end = 0;
    while (end < text.size() && !is_space(text[end])) ++end;
    const auto word = text.substr(0, end);
    text.remove_prefix(end);
    return word;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::optional<KeyHash> parse_hash(std::string_view word) {
    if (!word.starts_with(kHashPrefix)) return std::nullopt;
    word.remove_prefix(kHashPrefix.size());
    KeyHash hash{};
    if (word.size() != hash.size() * 2) return std::nullopt;
    for (std::size_t i = 0; i < hash.size(); ++i) {
        const int high = hex_value(word[2 * i]), low = hex_value(word[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        hash[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return hash;
}

std::string to_hex(const KeyHash& hash) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char byte : hash) {
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0xf];
    }
    return out;
}

}  // namespace

const char* to_string(Scope scope) noexcept {
    switch (scope) {
        case Scope::search: return "search";
        case Scope::exports: return "export";
        case Scope::metrics: return "metrics";
    }
    return "?";
}

std::optional<Scopes> parse_scopes(std::string_view text, std::string* unknown) {
    Scopes scopes;
    while (true) {
        const auto comma = text.find(',');
        const auto name = text.substr(0, comma);
        bool known = false;
        for (const Scope scope : kAllScopes)
            if (name == to_string(scope)) {
                scopes |= scope;
                known = true;
            }
        if (!known) {
            if (unknown) *unknown = std::string(name);
            return std::nullopt;
        }
        if (comma == std::string_view::npos) return scopes;
        text.remove_prefix(comma + 1);
    }
}

std::string to_string(Scopes scopes) {
    std::string out;
    for (const Scope scope : kAllScopes)
        if (scopes.contains(scope)) {
            if (!out.empty()) out += ',';
            out += to_string(scope);
        }
    return out;
}

KeyHash hash_key(std::string_view key) {
    KeyHash hash{};
    unsigned int size = 0;
    if (EVP_Digest(key.data(), key.size(), hash.data(), &size, EVP_sha256(), nullptr) != 1 || size != hash.size())
        throw std::runtime_error("SHA-256 failed (OpenSSL EVP_Digest)");
    return hash;
}

ApiKeys ApiKeys::parse(std::string_view text, const std::string& file_name) {
    ApiKeys keys;
    std::vector<std::size_t> line_of_entry;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++line_number;
        const auto where = file_name + ':' + std::to_string(line_number) + ": ";
        line = trim(line);
        if (line.empty() || line.front() == '#') continue;

        const auto hash_word = next_word(line);
        const auto hash = parse_hash(hash_word);
        if (!hash) throw KeysFileError(where + std::string(kLineForm));
        const auto scopes_word = next_word(line);
        if (scopes_word.empty()) throw KeysFileError(where + "no scope after the hash; " + std::string(kLineForm));
        std::string unknown;
        const auto scopes = parse_scopes(scopes_word, &unknown);
        if (!scopes)
            throw KeysFileError(where + "unknown scope '" + unknown + "' (search, export or metrics)");
        for (std::size_t i = 0; i < keys.entries_.size(); ++i)
            if (keys.entries_[i].hash == *hash)
                throw KeysFileError(where + "the same key as line " + std::to_string(line_of_entry[i]));
        keys.entries_.push_back({*hash, *scopes, std::string(trim(line))});
        line_of_entry.push_back(line_number);
    }
    if (keys.entries_.empty())
        throw KeysFileError(file_name + ':' + std::to_string(line_number) + ": no keys in the file");
    return keys;
}

ApiKeys ApiKeys::load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (!in || !(text << in.rdbuf()))
        throw KeysFileError(path.string() + ":0: cannot read the keys file");
    return parse(text.view(), path.string());
}

std::optional<Scopes> ApiKeys::scopes_of(std::string_view key) const {
    const KeyHash hash = hash_key(key);
    std::optional<Scopes> found;
    // Every entry is compared, so the time taken says nothing about which one matched.
    for (const auto& entry : entries_)
        if (CRYPTO_memcmp(entry.hash.data(), hash.data(), hash.size()) == 0) found = entry.scopes;
    return found;
}

std::string keys_file_line(const ApiKeys::Entry& entry) {
    std::string line = std::string(kHashPrefix) + to_hex(entry.hash) + ' ' + to_string(entry.scopes);
    if (!entry.name.empty()) line += ' ' + entry.name;
    return line;
}

std::string keys_file_line(std::string_view key, Scopes scopes, std::string_view name) {
    return keys_file_line(ApiKeys::Entry{hash_key(key), scopes, std::string(name)});
}

std::optional<std::string_view> bearer_token(std::string_view header) {
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if ((header[i] | 0x20) != kScheme[i]) return std::nullopt;
    std::string_view rest = header.substr(kScheme.size());
    if (!is_space(rest.front())) return std::nullopt;
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    // b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    std::size_t end = 0;
    const auto token_char = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == '_' || c == '~' || c == '+' || c == '/';
    };
    while (end < rest.size() && token_char(rest[end])) ++end;
    if (end == 0) return std::nullopt;
    while (end < rest.size() && rest[end] == '=') ++end;
    const auto token = rest.substr(0, end);
    rest.remove_prefix(end);
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    if (!rest.empty()) return std::nullopt;
    return token;
}

}  // namespace dateline::http

#include "search/json_writer.h"

#include "core/utf8.h"

#include <array>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace dateline::search {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Whether a byte may be copied as it is: printable ASCII other than the quote and backslash.
constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

void append_escape(std::string& out, unsigned char c) {
    switch (c) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: break;
    }
    constexpr std::string_view kHex = "0123456789abcdef";
    out += "\\u00";
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
}

template <typename Number>
void append_number(std::string& out, Number number) {
    std::array<char, 32> buffer;  // the longest double, "-2.2250738585072014e-308", is 24
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    if (error != std::errc()) throw std::logic_error("JsonWriter: a number does not fit its buffer");
    out.append(buffer.data(), end);
}

}  // namespace

void JsonWriter::before_value() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (first_in_scope_.empty()) return;
    if (!first_in_scope_.back()) out_ += ',';
    first_in_scope_.back() = false;
}

JsonWriter& JsonWriter::open(char bracket) {
    before_value();
    out_ += bracket;
    first_in_scope_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    first_in_scope_.pop_back();
    out_ += bracket;
    return *this;
}

JsonWriter& JsonWriter::begin_object() { return open('{'); }
JsonWriter& JsonWriter::end_object() { return close('}'); }
JsonWriter& JsonWriter::begin_array() { return open('['); }
JsonWriter& JsonWriter::end_array() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    write_string(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    before_value();
    write_string(text);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
    before_value();
    append_number(out_, number);
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    before_value();
    append_number(out_, number);
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number)) return null();
    before_value();
    append_number(out_, number);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    before_value();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

std::string JsonWriter::take() && { return std::move(out_); }

void JsonWriter::write_string(std::string_view text) {
    out_.reserve(out_.size() + text.size() + 2);
    out_ += '"';
    std::size_t run = 0;  // start of the plain bytes not yet copied
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (kPlain[byte]) {
            ++at;
            continue;
        }
        if (byte >= 0x80) {
            if (const auto c = decode_utf8(text, at)) {  // a valid character is copied as it is
                at += c->length;
                continue;
            }
            out_.append(text.substr(run, at - run)).append(kReplacement);
        } else {
            out_.append(text.substr(run, at - run));
            append_escape(out_, byte);
        }
        run = ++at;
    }
    out_.append(text.substr(run));
    out_ += '"';
}

}  // namespace dateline::search

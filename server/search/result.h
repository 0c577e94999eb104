// Value-or-error results for the search layer: errors carry a stable code and a message.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace dateline::search {

enum class ErrorCode {
    bad_param,          // a request parameter is missing, malformed or out of range
    bad_query,          // the query string cannot be parsed
    not_found,          // no such document or endpoint
    index_unavailable,  // the database cannot be opened or read
    internal,           // anything else: a bug
};

/// The stable id of an error code, as it appears in error bodies (schemas/error.schema.json).
const char* to_string(ErrorCode code) noexcept;

struct Error {
    ErrorCode code;
    std::string message;
};

template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
    Result(Error error) : state_(std::move(error)) {}  // NOLINT: implicit by design

    bool ok() const noexcept { return std::holds_alternative<T>(state_); }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    const Error& error() const { return std::get<Error>(state_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> state_;
};

}  // namespace dateline::search

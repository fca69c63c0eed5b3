// Errors as values: every fallible core entry point returns Result<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace cocco {

struct Error {
    std::string message; // readable, names the file / field / layer where it helps
};

template <class T>
class Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error e) : m_v(std::move(e)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }
    const Error &error() const { return std::get<Error>(m_v); }
    const std::string &message() const { return error().message; }

private:
    std::variant<T, Error> m_v;
};

// Result<void> equivalent.
struct Ok {};
using Status = Result<Ok>;
inline Status okStatus() { return Ok{}; }
inline Error makeError(std::string msg) { return Error{std::move(msg)}; }

} // namespace cocco

#pragma once
// A small expected-type for failures the user can cause (bad file, wrong schema, mismatched
// checkpoint). std::expected is C++23; GCC 12 on Debian 12 does not ship it.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace reclens {

enum class ErrorCode {
    Io,            // file missing, unreadable or unwritable
    Parse,         // malformed content (line/column say where)
    Schema,        // well-formed but not what RecLens expects (missing column, wrong version)
    Mismatch,      // a checkpoint that belongs to another dataset or configuration
    Unknown,       // an id that is not in the dataset (user, item)
    InvalidArgument,
    Limit,         // a documented limit was exceeded
    Cancelled,
    Internal,
};

/// An expected failure. `file`, `line` and `column` are filled where they are known (1-based;
/// 0 = unknown) and `message` is a full sentence that names them too, ready for the user.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string file;
    std::int64_t line = 0;
    int column = 0;
};

const char* errorCodeName(ErrorCode code);

/// Builds an Error whose message reads "FILE:LINE:COLUMN: WHAT".
Error makeError(ErrorCode code, const std::string& file, std::int64_t line, int column,
                const std::string& what);

template <typename T> class [[nodiscard]] Expected {
public:
    Expected(T value) : m_v(std::move(value)) {}
    Expected(Error error) : m_v(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    T& value() & { return checked(); }
    const T& value() const& { return const_cast<Expected*>(this)->checked(); }
    T&& value() && { return std::move(checked()); }
    T* operator->() { return &checked(); }
    const T* operator->() const { return &const_cast<Expected*>(this)->checked(); }
    T& operator*() { return checked(); }
    const T& operator*() const { return const_cast<Expected*>(this)->checked(); }

    const Error& error() const { return std::get<Error>(m_v); }

private:
    T& checked() {
        if (!ok())
            throw std::logic_error("Expected::value() on an error: " + error().message);
        return std::get<T>(m_v);
    }
    std::variant<T, Error> m_v;
};

/// Expected<void>: success or an Error.
struct Ok {};
using Status = Expected<Ok>;

} // namespace reclens

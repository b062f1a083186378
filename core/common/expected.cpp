#include "common/expected.h"

namespace reclens {

const char* errorCodeName(ErrorCode code) {
    switch (code) {
    case ErrorCode::Io:
        return "io";
    case ErrorCode::Parse:
        return "parse";
    case ErrorCode::Schema:
        return "schema";
    case ErrorCode::Mismatch:
        return "mismatch";
    case ErrorCode::Unknown:
        return "unknown";
    case ErrorCode::InvalidArgument:
        return "invalid-argument";
    case ErrorCode::Limit:
        return "limit";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::Internal:
        return "internal";
    }
    return "internal";
}

Error makeError(ErrorCode code, const std::string& file, std::int64_t line, int column,
                const std::string& what) {
    std::string where = file;
    if (line > 0) {
        where += ":" + std::to_string(line);
        if (column > 0)
            where += ":" + std::to_string(column);
    }
    Error e;
    e.code = code;
    e.file = file;
    e.line = line;
    e.column = column;
    e.message = where.empty() ? what : where + ": " + what;
    return e;
}

} // namespace reclens

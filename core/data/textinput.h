#pragma once
// Low-level helpers shared by the importers: whole-file reads (plain or gzip), UTF-8 checks and
// strict parsing of numbers and dates. Internal to core/data.

#include "common/expected.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace reclens::data {

/// Reads a whole file into memory. Files ending in ".gz" are inflated with zlib. Io error when
/// the file is missing or unreadable, Parse error when the gzip stream is corrupt or truncated
/// or the first 64 KiB hold a NUL byte (binary file), Limit error when the (inflated) file is
/// larger than kMaxInputFileBytes.
Expected<std::string> readWholeFile(const std::string& path);

/// Removes a leading UTF-8 byte order mark, if any.
std::string_view stripBom(std::string_view data);

/// Checks that `data` is valid UTF-8 without NUL bytes; the Error names the line and byte
/// column of the first bad byte.
Status checkUtf8(std::string_view data, const std::string& file);

std::string_view trim(std::string_view s);
std::string toLower(std::string_view s);

/// Whole-field parses (surrounding blanks allowed); nullopt if anything else is in the field.
/// parseDouble() accepts finite values only (no "inf" or "nan").
std::optional<std::int64_t> parseInt64(std::string_view s);
std::optional<double> parseDouble(std::string_view s);

/// Unix seconds (the wall-clock time read as UTC) from "YYYY-MM-DD[ HH:MM[:SS]]",
/// "YYYY-MM-DDTHH:MM[:SS]" or the US "M/D/YYYY[ H:MM[:SS]]" used by the UCI exports.
std::optional<std::int64_t> parseDateTime(std::string_view s);

/// A timestamp column: integer unix seconds or one of the parseDateTime() forms.
std::optional<std::int64_t> parseTimestamp(std::string_view s);

} // namespace reclens::data

#pragma once
// SHA-256 (FIPS 180-4) so a report can name the exact checkpoint bytes it was made from.

#include "common/expected.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace reclens::report {

/// Lower-case hex digest of `data`.
std::string sha256Hex(std::string_view data);

struct FileDigest {
    std::string sha256; // lower-case hex
    std::uint64_t bytes = 0;
};
/// Hashes the file's bytes in chunks; an unreadable file gives an Io error naming it.
Expected<FileDigest> sha256File(const std::string& path);

} // namespace reclens::report

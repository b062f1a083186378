#pragma once
// The documented limits of the importers (docs/HARDENING.md, section "Limits"). Input beyond
// them is refused with an ErrorCode::Limit error naming the file and line instead of running
// the machine out of memory. The byte limits are fixed; the count limits are defaults that
// ImportOptions::limits can change for one load.

#include <cstddef>
#include <cstdint>
#include <string>

namespace reclens {

/// Largest input file, after gzip inflation. Importers hold a file in memory while parsing it;
/// 8 GiB is ~200 million interaction rows, far beyond any shop export we have seen.
inline constexpr std::uint64_t kMaxInputFileBytes = std::uint64_t{8} << 30;
/// Longest CSV record or text line. Real rows are < 1 KiB; a longer "line" is a binary file.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;
/// Longest user or item id. Ids are shown and typed in the GUI and on the command line.
inline constexpr std::size_t kMaxIdBytes = 256;
/// Longest other text field (title, description, category, brand).
inline constexpr std::size_t kMaxTextFieldBytes = std::size_t{64} << 10;

struct DataLimits {
    // Distinct items. Each item costs ~0.5 KiB while loading and dim×4 bytes (×3 with Adam)
    // per embedding table when training; 5 M items keep a dim-64 model under 4 GiB.
    std::int64_t maxItems = 5'000'000;
    // Distinct users (~100 bytes each plus their history).
    std::int64_t maxUsers = 20'000'000;
    // Interactions kept per user: the most recent ones. The model sees at most its maxLength
    // (50 by default); longer histories are mostly bots and shared accounts.
    std::int64_t maxHistory = 10'000;
};

/// "more than 100 items; expected at most 100 ..." for a count limit.
inline std::string tooManyMessage(std::int64_t limit, const std::string& what) {
    return "more than " + std::to_string(limit) + " " + what + "; expected at most " +
           std::to_string(limit) + " (raise ImportOptions::limits for a bigger machine)";
}

/// "1 MiB", "8 GiB", "256 bytes": how the limits read in messages.
inline std::string formatByteLimit(std::uint64_t bytes) {
    if (bytes >= (std::uint64_t{1} << 30) && bytes % (std::uint64_t{1} << 30) == 0)
        return std::to_string(bytes >> 30) + " GiB";
    if (bytes >= (std::uint64_t{1} << 20) && bytes % (std::uint64_t{1} << 20) == 0)
        return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= (std::uint64_t{1} << 10) && bytes % (std::uint64_t{1} << 10) == 0)
        return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

} // namespace reclens

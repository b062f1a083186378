#pragma once
// Big generated inputs: a catalog CSV and an interaction CSV of the sizes a real shop's export
// reaches, too big to commit. The same spec always gives the same bytes (xorshift from a fixed
// seed), so a test's expected counts and a benchmark's figures stay comparable across runs.

#include <cstddef>
#include <optional>
#include <string>

namespace reclens::test {

struct BigInputSpec {
    long items = 2'000'000;                                // catalog rows, ids i0000000, ...
    std::size_t interactionBytes = std::size_t{100} << 20; // interactions.csv grows to this size
    long users = 200'000;                                  // user ids drawn from [0, users)
    int userIdDigits = 6;                                  // zero-padded digits after "u"
};

/// Writes <dir>/catalog.csv (item,title,category,brand,price) and <dir>/interactions.csv
/// (user,item,timestamp; timestamps strictly increasing). Returns the number of interaction
/// rows, or nothing if a file could not be created.
std::optional<std::size_t> writeBigInputs(const std::string& dir, const BigInputSpec& spec);

} // namespace reclens::test

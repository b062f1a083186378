#pragma once
// Which searches train, validate and test the search rankers. Per customer, the searches (log
// rows matched to purchases) in chronological order: the last one is the test search, the one
// before it the validation search, the rest train. The history of a search is every purchase
// before it (Dataset::users[u].sequence[0, position)), so nothing after the search leaks in.

#include "data/querylog.h"

#include <cstdint>
#include <vector>

namespace reclens::search {

struct SearchSample {
    UserIndex user = -1;
    std::int32_t position = -1; // the purchase the search ended in
    ItemIndex target = -1;
    std::int64_t record = -1; // index into QueryLog::records
};

struct SearchSplit {
    std::vector<SearchSample> train, valid, test;
};

SearchSplit splitSearchLog(const Dataset& ds, const QueryLog& log);

/// sequence[0, position) of the sample's user, clipped to its last `maxLength` items.
std::vector<ItemIndex> searchHistory(const Dataset& ds, const SearchSample& s, int maxLength);

/// Up to `maxSamples` samples in a seeded random order (all when maxSamples <= 0 or larger).
std::vector<SearchSample> sampleSearches(const std::vector<SearchSample>& samples, int maxSamples,
                                         std::uint64_t seed);

} // namespace reclens::search

#include "search/searchsplit.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace reclens::search {

SearchSplit splitSearchLog(const Dataset& ds, const QueryLog& log) {
    SearchSplit split;
    // Records are sorted by (user, position): one run per user.
    for (std::size_t begin = 0; begin < log.records.size();) {
        std::size_t end = begin;
        while (end < log.records.size() && log.records[end].user == log.records[begin].user)
            ++end;
        for (std::size_t i = begin; i < end; ++i) {
            const auto& r = log.records[i];
            if (r.user < 0 || static_cast<std::size_t>(r.user) >= ds.users.size())
                continue;
            const SearchSample s{r.user, r.position, r.item, static_cast<std::int64_t>(i)};
            if (i + 1 == end)
                split.test.push_back(s);
            else if (i + 2 == end)
                split.valid.push_back(s);
            else
                split.train.push_back(s);
        }
        begin = end;
    }
    return split;
}

std::vector<ItemIndex> searchHistory(const Dataset& ds, const SearchSample& s, int maxLength) {
    const auto& seq = ds.users[static_cast<std::size_t>(s.user)].sequence;
    const auto end = static_cast<std::size_t>(s.position);
    const std::size_t begin =
        end > static_cast<std::size_t>(maxLength) ? end - static_cast<std::size_t>(maxLength) : 0;
    return {seq.begin() + static_cast<std::ptrdiff_t>(begin),
            seq.begin() + static_cast<std::ptrdiff_t>(end)};
}

std::vector<SearchSample> sampleSearches(const std::vector<SearchSample>& samples, int maxSamples,
                                         std::uint64_t seed) {
    if (maxSamples <= 0 || static_cast<std::size_t>(maxSamples) >= samples.size())
        return samples;
    std::vector<std::size_t> order(samples.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    order.resize(static_cast<std::size_t>(maxSamples));
    std::sort(order.begin(), order.end());
    std::vector<SearchSample> out;
    for (auto i : order)
        out.push_back(samples[i]);
    return out;
}

} // namespace reclens::search

// Dataset summary statistics (see datasetstats.h).

#include "data/datasetstats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_set>

namespace reclens {

namespace {

/// Nearest-rank percentile of sorted values (q in [0, 1]).
std::int64_t percentile(const std::vector<std::int64_t>& sorted, double q) {
    if (sorted.empty())
        return 0;
    const auto rank =
        static_cast<size_t>(std::max(1.0, std::ceil(q * static_cast<double>(sorted.size()))));
    return sorted[std::min(sorted.size(), rank) - 1];
}

} // namespace

DatasetStats datasetStats(const Dataset& ds, std::int64_t longHistory) {
    DatasetStats s;
    s.users = static_cast<std::int64_t>(ds.users.size());
    s.items = static_cast<std::int64_t>(ds.items.size());
    s.categories = static_cast<std::int64_t>(ds.categories.size());
    s.brands = static_cast<std::int64_t>(ds.brands.size());
    s.longHistory = longHistory;
    for (const Item& it : ds.items) {
        s.itemsWithTitle += it.title.empty() ? 0 : 1;
        s.itemsWithCategory += it.category.empty() ? 0 : 1;
    }
    std::vector<char> bought(ds.items.size(), 0);
    std::vector<std::int64_t> lengths;
    lengths.reserve(ds.users.size());
    std::int64_t repeats = 0;
    std::unordered_set<ItemIndex> seen;
    for (const User& u : ds.users) {
        const auto n = static_cast<std::int64_t>(u.sequence.size());
        lengths.push_back(n);
        s.interactions += n;
        s.usersWithTest += u.testPos >= 0 ? 1 : 0;
        s.usersWithValid += u.validPos >= 0 ? 1 : 0;
        s.usersLongerThan += n > longHistory ? 1 : 0;
        seen.clear();
        for (ItemIndex i : u.sequence) {
            if (i >= 0 && static_cast<size_t>(i) < bought.size())
                bought[static_cast<size_t>(i)] = 1;
            if (i >= 0 && static_cast<size_t>(i) < ds.items.size())
                s.interactionsWithCategory +=
                    ds.items[static_cast<size_t>(i)].category.empty() ? 0 : 1;
            repeats += seen.insert(i).second ? 0 : 1;
        }
    }
    for (char b : bought)
        s.itemsNeverBought += b ? 0 : 1;
    s.repeatRate = s.interactions > 0
                       ? static_cast<double>(repeats) / static_cast<double>(s.interactions)
                       : 0.0;
    std::sort(lengths.begin(), lengths.end());
    if (!lengths.empty()) {
        s.lengthMin = lengths.front();
        s.lengthMax = lengths.back();
        s.lengthP25 = percentile(lengths, 0.25);
        s.lengthMedian = percentile(lengths, 0.5);
        s.lengthP75 = percentile(lengths, 0.75);
        s.lengthP90 = percentile(lengths, 0.9);
        s.lengthMean = static_cast<double>(s.interactions) / static_cast<double>(lengths.size());
    }
    return s;
}

std::string repeatRateNote(double repeatRate) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.2f", 100.0 * repeatRate);
    return std::string("repeat purchases ") + pct + " %" +
           (repeatRate < kExcludeBoughtRepeatThreshold
                ? " (under 2 %: already-bought products are not recommended, "
                  "exclude-bought auto)"
                : " (2 % or more: already-bought products stay candidates, exclude-bought auto)");
}

} // namespace reclens

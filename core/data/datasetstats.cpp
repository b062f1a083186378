// Dataset summary statistics (see datasetstats.h).

#include "data/datasetstats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

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
    // Per item: whether it has a category, and the last user who bought it (a repeat is a
    // purchase of an item whose stamp is the current user). Flat arrays instead of a hash set
    // per user and a look at each Item: 13 M purchases over 1 M items stay a sequential pass.
    std::vector<char> hasCategory(ds.items.size(), 0);
    for (std::size_t i = 0; i < ds.items.size(); ++i)
        hasCategory[i] = ds.items[i].category.empty() ? 0 : 1;
    std::vector<std::int64_t> lastBuyer(ds.items.size(), -1);
    std::vector<std::int64_t> lengths;
    lengths.reserve(ds.users.size());
    std::int64_t repeats = 0;
    for (std::size_t u = 0; u < ds.users.size(); ++u) {
        const User& user = ds.users[u];
        const auto n = static_cast<std::int64_t>(user.sequence.size());
        lengths.push_back(n);
        s.interactions += n;
        s.usersWithTest += user.testPos >= 0 ? 1 : 0;
        s.usersWithValid += user.validPos >= 0 ? 1 : 0;
        s.usersLongerThan += n > longHistory ? 1 : 0;
        for (ItemIndex i : user.sequence) {
            if (i < 0 || static_cast<std::size_t>(i) >= ds.items.size())
                continue; // not in a finalized dataset
            const auto item = static_cast<std::size_t>(i);
            s.interactionsWithCategory += hasCategory[item];
            repeats += lastBuyer[item] == static_cast<std::int64_t>(u) ? 1 : 0;
            lastBuyer[item] = static_cast<std::int64_t>(u);
        }
    }
    for (std::int64_t b : lastBuyer)
        s.itemsNeverBought += b < 0 ? 1 : 0;
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

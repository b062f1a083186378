// Planning of prefix sharing in a padded scoring batch (prefixsharing.h).

#include "model/prefixsharing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace reclens {

namespace {

/// Suffix groups of one family: the members' suffix lengths ascending, cut where a dynamic
/// programme minimises computed positions (rows × the group's longest suffix) plus callCost per
/// group. Returns the groups and their cost.
std::pair<std::vector<PrefixGroup>, double>
groupBySuffix(std::vector<std::pair<std::int64_t, size_t>> members, double callCost) {
    std::sort(members.begin(), members.end());
    const size_t m = members.size();
    std::vector<double> best(m + 1, 0.0);
    std::vector<size_t> cut(m + 1, 0);
    for (size_t j = 1; j <= m; ++j) {
        best[j] = std::numeric_limits<double>::infinity();
        for (size_t i = j; i-- > 0;) { // group = members [i, j)
            // A cut inside a run of equal suffixes never helps; only cut where they change.
            if (i > 0 && members[i - 1].first == members[i].first)
                continue;
            const double cost =
                best[i] + static_cast<double>(j - i) * static_cast<double>(members[j - 1].first) +
                callCost;
            if (cost < best[j]) {
                best[j] = cost;
                cut[j] = i;
            }
        }
    }
    std::vector<PrefixGroup> groups;
    size_t j = m;
    while (j > 0 && !std::isinf(best[j])) {
        PrefixGroup g;
        g.suffix = members[j - 1].first;
        for (size_t k = cut[j]; k < j; ++k)
            g.rows.push_back(members[k].second);
        groups.push_back(std::move(g));
        j = cut[j];
    }
    std::reverse(groups.begin(), groups.end());
    return {std::move(groups), best[m]};
}

} // namespace

PrefixPlan planPrefixSharing(const std::vector<std::int64_t>& keys, size_t rows, size_t t,
                             double callCost, int maxFamilies) {
    PrefixPlan plain;
    plain.plainRows.resize(rows);
    std::iota(plain.plainRows.begin(), plain.plainRows.end(), size_t{0});
    if (rows < 3 || t < 2 || keys.size() != rows * t)
        return plain;
    const auto row = [&](size_t r) {
        return keys.data() + r * t;
    };
    const auto common = [&](size_t a, size_t b) {
        const auto* x = row(a);
        const auto* y = row(b);
        return static_cast<size_t>(std::mismatch(x, x + t, y).first - x);
    };

    PrefixPlan plan;
    double cost = 0;
    std::vector<size_t> left = plain.plainRows;
    for (int f = 0; f < maxFamilies && left.size() >= 3; ++f) {
        // Sorted rows: the common prefix of two rows is the least common prefix of the
        // neighbours between them, so each candidate's total is one walk each way.
        std::sort(left.begin(), left.end(), [&](size_t a, size_t b) {
            return std::lexicographical_compare(row(a), row(a) + t, row(b), row(b) + t);
        });
        const size_t n = left.size();
        std::vector<size_t> adjacent(n, 0); // adjacent[i] = common(left[i − 1], left[i])
        for (size_t i = 1; i < n; ++i)
            adjacent[i] = common(left[i - 1], left[i]);
        const auto shared = [&](size_t c) { // common prefix of left[c] with every left[i]
            std::vector<size_t> s(n, t);
            for (size_t i = c, m = t; i-- > 0;)
                s[i] = m = std::min(m, adjacent[i + 1]);
            for (size_t i = c + 1, m = t; i < n; ++i)
                s[i] = m = std::min(m, adjacent[i]);
            return s;
        };
        size_t base = 0, bestTotal = 0;
        for (size_t c = 0; c < n; ++c) {
            const auto s = shared(c);
            const size_t total = std::accumulate(s.begin(), s.end(), size_t{0}) - t;
            if (total > bestTotal) {
                bestTotal = total;
                base = c;
            }
        }
        const auto s = shared(base);
        const size_t minShared = std::max<size_t>(1, t / 8);
        std::vector<std::pair<std::int64_t, size_t>> members;
        std::vector<size_t> rest;
        for (size_t i = 0; i < n; ++i) {
            if (i == base || s[i] >= minShared) // at least the last position is computed
                members.emplace_back(static_cast<std::int64_t>(t - std::min(s[i], t - 1)), left[i]);
            else
                rest.push_back(left[i]);
        }
        if (members.size() < 3)
            break;
        auto [groups, groupCost] = groupBySuffix(std::move(members), callCost);
        PrefixFamily family;
        family.base = left[base];
        family.groups = std::move(groups);
        plan.families.push_back(std::move(family));
        cost += groupCost + static_cast<double>(t) + callCost; // the base's keys and values
        left = std::move(rest);
    }
    plan.plainRows = left;
    if (!left.empty())
        cost += static_cast<double>(left.size() * t) + callCost;
    const double plainCost = static_cast<double>(rows * t) + callCost;
    if (plan.families.empty() || cost > 0.8 * plainCost)
        return plain;
    std::sort(plan.plainRows.begin(), plan.plainRows.end());
    return plan;
}

} // namespace reclens

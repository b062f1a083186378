// Pure metric functions (no model): ranks, ranking metrics, beyond-accuracy metrics, top-K.

#include "eval/evaluator.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace reclens {

std::int64_t rankOfTarget(const float* scores, size_t n, ItemIndex target) {
    if (target < 0 || static_cast<size_t>(target) >= n)
        throw std::out_of_range("rankOfTarget: target " + std::to_string(target) +
                                " is outside a row of " + std::to_string(n) + " scores");
    const float t = scores[target];
    if (std::isnan(t))
        return static_cast<std::int64_t>(n); // an undefined score ranks last
    // Ties count against the target (pessimistic); the target itself is counted by the loop
    // (t >= t) and taken off again, which keeps the loop branch-free so it vectorises.
    std::int64_t above = 0;
    for (size_t i = 0; i < n; ++i)
        above += scores[i] >= t ? 1 : 0;
    return above; // = (items at or above t other than the target) + 1
}

std::int64_t rankOfTarget(const std::vector<float>& scores, ItemIndex target) {
    return rankOfTarget(scores.data(), scores.size(), target);
}

std::map<std::string, double> rankMetrics(const std::vector<std::int64_t>& ranks,
                                          const std::vector<int>& ks) {
    std::map<std::string, double> m;
    const double n = static_cast<double>(ranks.size());
    for (int k : ks) {
        double hits = 0, ndcg = 0;
        for (auto r : ranks)
            if (r <= k) {
                hits += 1;
                ndcg += 1.0 / std::log2(static_cast<double>(r) + 1.0);
            }
        m["hr@" + std::to_string(k)] = n > 0 ? hits / n : 0.0;
        m["ndcg@" + std::to_string(k)] = n > 0 ? ndcg / n : 0.0;
    }
    double rr = 0;
    for (auto r : ranks)
        rr += 1.0 / static_cast<double>(r);
    m["mrr"] = n > 0 ? rr / n : 0.0;
    return m;
}

std::map<std::string, double>
beyondAccuracyMetrics(const std::vector<std::vector<ItemIndex>>& lists,
                      const std::vector<std::int64_t>& itemPopularity, int itemCount, int k) {
    const std::string K = std::to_string(k);
    std::vector<std::int64_t> exposure(static_cast<size_t>(std::max(0, itemCount)), 0);
    // Short head: the most popular 20 % of the catalog (ties broken by index).
    std::vector<ItemIndex> order(static_cast<size_t>(std::max(0, itemCount)));
    std::iota(order.begin(), order.end(), 0);
    auto pop = [&](ItemIndex i) {
        return static_cast<size_t>(i) < itemPopularity.size()
                   ? itemPopularity[static_cast<size_t>(i)]
                   : 0;
    };
    std::stable_sort(order.begin(), order.end(),
                     [&](ItemIndex a, ItemIndex b) { return pop(a) > pop(b); });
    std::vector<char> head(order.size(), 0);
    const auto headSize = static_cast<size_t>(std::ceil(0.2 * static_cast<double>(itemCount)));
    for (size_t i = 0; i < headSize && i < order.size(); ++i)
        head[static_cast<size_t>(order[i])] = 1;

    double recs = 0, popSum = 0, tail = 0;
    for (const auto& list : lists)
        for (size_t j = 0; j < list.size() && j < static_cast<size_t>(k); ++j) {
            const ItemIndex i = list[j];
            if (i < 0 || i >= itemCount)
                continue;
            ++exposure[static_cast<size_t>(i)];
            recs += 1;
            popSum += static_cast<double>(pop(i));
            tail += head[static_cast<size_t>(i)] ? 0 : 1;
        }
    std::map<std::string, double> m;
    const auto covered =
        std::count_if(exposure.begin(), exposure.end(), [](auto e) { return e > 0; });
    m["coverage@" + K] = itemCount > 0 ? static_cast<double>(covered) / itemCount : 0.0;
    // Gini over all catalog items: sum_i (2i - n - 1) x_(i) / (n sum x), x ascending, i 1-based.
    std::sort(exposure.begin(), exposure.end());
    const double n = static_cast<double>(exposure.size());
    double weighted = 0, total = 0;
    for (size_t i = 0; i < exposure.size(); ++i) {
        weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * static_cast<double>(exposure[i]);
        total += static_cast<double>(exposure[i]);
    }
    m["gini@" + K] = total > 0 ? weighted / (n * total) : 0.0;
    m["popularity@" + K] = recs > 0 ? popSum / recs : 0.0;
    m["longtail@" + K] = recs > 0 ? tail / recs : 0.0;
    return m;
}

std::vector<ItemIndex> topK(const float* scores, int itemCount, int k,
                            const std::vector<ItemIndex>& exclude) {
    // Higher score first; NaN last; equal scores by lower index, so results are deterministic.
    // This is a total order, so the k best are unique.
    auto better = [scores](ItemIndex a, ItemIndex b) {
        const float sa = scores[a], sb = scores[b];
        const bool na = std::isnan(sa), nb = std::isnan(sb);
        if (na != nb)
            return nb;
        if (!na && sa != sb)
            return sa > sb;
        return a < b;
    };
    std::vector<ItemIndex> skip(exclude);
    std::sort(skip.begin(), skip.end());
    const auto skipped = [&](ItemIndex i) {
        return std::binary_search(skip.begin(), skip.end(), i);
    };
    // One pass with a heap of the k best so far (its front the worst of them): at a million
    // products this reads the row once instead of sorting a million indices (the workbench's
    // top-K call, bench/bench_topk_scale). Exclusions are looked up only for the few items that
    // would enter the heap.
    const auto want = static_cast<size_t>(std::max(0, std::min(k, itemCount)));
    std::vector<ItemIndex> heap;
    heap.reserve(want + 1);
    // Once the heap is full, a plain float compare against its worst score rejects almost
    // every item; `better` (NaN and index tie rules) runs only for the rest. A NaN score fails
    // the compare and is then rejected by `better`, so the order is unchanged.
    float worst = 0.0f;
    bool fast = false; // heap full and its worst score a number
    constexpr ItemIndex kBlock = 64;
    for (ItemIndex i = 0; i < itemCount && want > 0; ++i) {
        if (fast && i % kBlock == 0 && i + kBlock <= itemCount) {
            // A whole block below the worst kept score is skipped after one vectorised count
            // (a NaN compares false; it never enters a heap whose worst is a number).
            int candidates = 0;
            for (ItemIndex j = i; j < i + kBlock; ++j)
                candidates += scores[j] >= worst ? 1 : 0;
            if (candidates == 0) {
                i += kBlock - 1;
                continue;
            }
        }
        if (fast && scores[i] < worst)
            continue;
        if (heap.size() == want && !better(i, heap.front()))
            continue;
        if (skipped(i))
            continue;
        if (heap.size() == want) {
            std::pop_heap(heap.begin(), heap.end(), better);
            heap.back() = i;
        } else {
            heap.push_back(i);
        }
        std::push_heap(heap.begin(), heap.end(), better);
        fast = heap.size() == want && !std::isnan(scores[heap.front()]);
        if (fast)
            worst = scores[heap.front()];
    }
    std::sort_heap(heap.begin(), heap.end(), better);
    return heap;
}

} // namespace reclens

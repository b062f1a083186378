// What-if edits, minimal counterfactual removal sets (after PRINCE, Ghazimatin et al. 2020)
// and "why A above B". Every candidate set is checked by a real forward pass; nothing here
// trusts an attribution without re-scoring.

#include "explain/explainmethods.h"
#include "explain/scoring.h"
#include "explain/verification.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <set>

namespace reclens {

namespace {

/// margin(histories)[i] > 0  ⇔  histories[i] meets the goal.
using MarginFn = std::function<std::vector<double>(const std::vector<History>&)>;

struct SearchOutcome {
    bool found = false;
    std::vector<int> removed; // ascending positions
    int evaluations = 0;
    bool pruneComplete = false;
    std::string message;
};

SearchOutcome greedyThenPrune(const History& history, const std::vector<int>& order,
                              int maxRemovals, int budget, const MarginFn& margin) {
    SearchOutcome out;
    const int limit = std::min<int>(static_cast<int>(order.size()), std::max(1, maxRemovals));
    // Greedy: remove the first j items of `order`, j = 1, 2, …; scored in small batches so a
    // tight budget is not spent on prefixes past the first that works.
    int foundAt = -1;
    for (int j = 1; j <= limit && foundAt < 0;) {
        const int batchEnd = std::min(limit, j + 7);
        if (out.evaluations + (batchEnd - j + 1) > budget) {
            out.message = "budget of " + std::to_string(budget) + " forward passes exhausted";
            return out;
        }
        std::vector<History> batch;
        for (int jj = j; jj <= batchEnd; ++jj)
            batch.push_back(
                removePositions(history, std::vector<int>(order.begin(), order.begin() + jj)));
        const auto m = margin(batch);
        out.evaluations += static_cast<int>(batch.size());
        for (size_t i = 0; i < m.size(); ++i)
            if (m[i] > 0) {
                foundAt = j + static_cast<int>(i);
                break;
            }
        j = batchEnd + 1;
    }
    if (foundAt < 0) {
        out.message = "removing up to " + std::to_string(limit) +
                      " items in attribution order does not reach the goal";
        return out;
    }
    std::vector<int> set(order.begin(), order.begin() + foundAt);
    // Prune: put back any single item while the goal still holds (largest margin first),
    // until no single item can be put back.
    while (set.size() > 1) {
        if (out.evaluations + static_cast<int>(set.size()) > budget) {
            out.message = "pruning stopped at the budget; the set may not be minimal";
            break;
        }
        std::vector<History> batch;
        for (size_t i = 0; i < set.size(); ++i) {
            std::vector<int> without = set;
            without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
            batch.push_back(removePositions(history, without));
        }
        const auto m = margin(batch);
        out.evaluations += static_cast<int>(batch.size());
        size_t best = m.size();
        for (size_t i = 0; i < m.size(); ++i)
            if (m[i] > 0 && (best == m.size() || m[i] > m[best]))
                best = i;
        if (best == m.size()) {
            out.pruneComplete = true;
            break;
        }
        set.erase(set.begin() + static_cast<std::ptrdiff_t>(best));
    }
    if (set.size() <= 1)
        out.pruneComplete = true;
    std::sort(set.begin(), set.end());
    out.found = true;
    out.removed = set;
    return out;
}

/// All positions by descending attribution. Items with non-positive attribution come last:
/// alone they do not help, but with interactions a removal set may need them; pruning drops
/// any that turn out unnecessary.
std::vector<int> attributionOrder(const std::vector<float>& attribution) {
    std::vector<int> order(attribution.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return attribution[static_cast<size_t>(a)] > attribution[static_cast<size_t>(b)];
    });
    return order;
}

} // namespace

WhatIfResult whatIf(const SequenceModel& model, const History& history,
                    const std::vector<HistoryEdit>& edits, ItemIndex target, int k) {
    WhatIfResult out;
    out.edits = edits;
    out.edited = applyEdits(history, edits, model.itemCount());
    out.target = target;
    const size_t n = static_cast<size_t>(model.itemCount());
    const auto rows = model.scoreAll({history, out.edited});
    const float* before = rows.data();
    const float* after = rows.data() + n;
    out.before = topKInRow(before, n, k);
    out.after = topKInRow(after, n, k);
    auto change = [&](ItemIndex it) {
        return RankChange{it, rankInRow(before, n, it), rankInRow(after, n, it), before[it],
                          after[it]};
    };
    std::set<ItemIndex> inBefore, inAfter;
    for (const auto& r : out.before)
        inBefore.insert(r.item);
    for (const auto& r : out.after)
        inAfter.insert(r.item);
    for (const auto& r : out.after)
        if (!inBefore.count(r.item))
            out.movedIn.push_back(change(r.item));
    for (const auto& r : out.before)
        if (!inAfter.count(r.item))
            out.movedOut.push_back(change(r.item));
    if (target >= 0 && static_cast<size_t>(target) < n)
        out.targetChange = change(target);
    return out;
}

CounterfactualResult minimalCounterfactual(const SequenceModel& model, const History& history,
                                           ItemIndex target, const std::vector<float>& attribution,
                                           const ExplainConfig& config,
                                           const SequenceModel* verifier) {
    checkTarget(model, target);
    CounterfactualResult out;
    out.goal = config.counterfactualGoal;
    out.k = config.k;
    out.budget = config.counterfactualBudget;
    const size_t n = static_cast<size_t>(model.itemCount());
    const int threshold = out.goal == CounterfactualGoal::ReplaceTop1 ? 1 : config.k;
    const auto base = model.scoreAll({history});
    out.evaluations = 1;
    out.originalRank = rankInRow(base.data(), n, target);
    if (out.originalRank > threshold) {
        out.message = "the target is already at rank " + std::to_string(out.originalRank) +
                      ", outside the top-" + std::to_string(threshold);
        out.newRank = out.originalRank;
        return out;
    }
    MarginFn margin = [&](const std::vector<History>& hs) {
        const auto rows = scoreAllChunked(model, hs);
        std::vector<double> m(hs.size());
        for (size_t i = 0; i < hs.size(); ++i)
            m[i] = rankInRow(rows.data() + i * n, n, target) - threshold;
        return m;
    };
    auto order = attributionOrder(attribution);
    if (!config.counterfactualPositions.empty()) // only the allowed positions may be removed
        std::erase_if(order, [&](int p) {
            const auto& allowed = config.counterfactualPositions;
            return std::find(allowed.begin(), allowed.end(), p) == allowed.end();
        });
    SearchOutcome s = greedyThenPrune(history, order, config.counterfactualMaxRemovals,
                                      config.counterfactualBudget - 2, margin);
    out.evaluations += s.evaluations;
    out.message = s.message;
    if (!s.found)
        return out;
    out.found = true;
    out.removedPositions = s.removed;
    for (int p : s.removed)
        out.removedItems.push_back(history[static_cast<size_t>(p)]);
    // Independent re-check of the reported set: a fresh pass of the verifier, never a row the
    // search scored (through a memo that would be the same number read back).
    verifyCounterfactual(verifier ? *verifier : model, history, target, config.k, out);
    out.evaluations += 1;
    return out;
}

WhyAboveResult whyAbove(const SequenceModel& model, const History& history, ItemIndex a,
                        ItemIndex b, const ExplainConfig& config, const SequenceModel* verifier) {
    checkTarget(model, a);
    checkTarget(model, b);
    WhyAboveResult out;
    out.a = a;
    out.b = b;
    out.budget = config.counterfactualBudget;
    // Scores of A and B for the full history and every single removal, in one call.
    std::vector<History> batch{history};
    for (size_t t = 0; t < history.size(); ++t)
        batch.push_back(removePositions(history, {static_cast<int>(t)}));
    std::vector<History> twice;
    std::vector<ItemIndex> targets;
    for (const auto& h : batch) {
        twice.push_back(h);
        targets.push_back(a);
        twice.push_back(h);
        targets.push_back(b);
    }
    const auto s = scoreTargetsChunked(model, twice, targets);
    out.evaluations = static_cast<int>(batch.size());
    out.scoreA = s[0];
    out.scoreB = s[1];
    out.newScoreA = out.scoreA;
    out.newScoreB = out.scoreB;
    if (out.scoreA <= out.scoreB) {
        out.message = "A is not above B for this history";
        return out;
    }
    const double gap = static_cast<double>(out.scoreA) - out.scoreB;
    std::vector<float> effect(history.size());
    for (size_t t = 0; t < history.size(); ++t)
        effect[t] =
            static_cast<float>(gap - (static_cast<double>(s[2 * (t + 1)]) - s[2 * (t + 1) + 1]));
    MarginFn margin = [&](const std::vector<History>& hs) {
        std::vector<History> hh;
        std::vector<ItemIndex> tt;
        for (const auto& h : hs) {
            hh.push_back(h);
            tt.push_back(a);
            hh.push_back(h);
            tt.push_back(b);
        }
        const auto v = scoreTargetsChunked(model, hh, tt);
        std::vector<double> m(hs.size());
        for (size_t i = 0; i < hs.size(); ++i)
            m[i] = static_cast<double>(v[2 * i + 1]) - v[2 * i];
        return m;
    };
    const SearchOutcome r =
        greedyThenPrune(history, attributionOrder(effect), config.counterfactualMaxRemovals,
                        config.counterfactualBudget - 1, margin);
    out.evaluations += r.evaluations;
    out.message = r.message;
    if (!r.found)
        return out;
    out.found = true;
    out.removedPositions = r.removed;
    for (int p : r.removed)
        out.removedItems.push_back(history[static_cast<size_t>(p)]);
    verifyWhyAbove(verifier ? *verifier : model, history, out); // fresh pass, as above
    out.evaluations += 1;
    return out;
}

} // namespace reclens

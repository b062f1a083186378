// How faithful is each attribution to the model? Deletion/insertion curves, ERASER
// comprehensiveness/sufficiency and attention-head agreement with leave-one-out. Every history
// needed by every method is collected first (shared ones deduplicated) and scored in one call.

#include "explain/explainmethods.h"
#include "explain/historypool.h"
#include "explain/lxrplan.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>

namespace reclens {

namespace {

std::vector<int> stepCounts(int n, int points) {
    std::vector<int> ks;
    if (points < 2 || n + 1 <= points) {
        for (int k = 0; k <= n; ++k)
            ks.push_back(k);
        return ks;
    }
    for (int i = 0; i < points; ++i) {
        const int k = static_cast<int>(std::lround(static_cast<double>(i) * n / (points - 1)));
        if (ks.empty() || ks.back() != k)
            ks.push_back(k);
    }
    return ks;
}

History keepPositions(const History& h, const std::vector<int>& keep) {
    std::vector<int> sorted = keep;
    std::sort(sorted.begin(), sorted.end());
    History out;
    for (int p : sorted)
        out.push_back(h[static_cast<size_t>(p)]);
    return out;
}

struct CurveIdx {
    std::vector<size_t> deletion, insertion, compr, suff;
};

CurveIdx addCurves(HistoryPool& pool, const History& h, const std::vector<int>& order,
                   const std::vector<int>& ks, const std::vector<int>& eraserCounts) {
    CurveIdx c;
    for (int k : ks) {
        std::vector<int> first(order.begin(), order.begin() + k);
        c.deletion.push_back(pool.add(removePositions(h, first)));
        c.insertion.push_back(pool.add(keepPositions(h, first)));
    }
    for (int q : eraserCounts) {
        std::vector<int> first(order.begin(), order.begin() + q);
        c.compr.push_back(pool.add(removePositions(h, first)));
        c.suff.push_back(pool.add(keepPositions(h, first)));
    }
    return c;
}

std::vector<int> orderBy(const std::vector<float>& values) {
    std::vector<int> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return values[static_cast<size_t>(a)] > values[static_cast<size_t>(b)];
    });
    return order;
}

} // namespace

FaithfulnessReport
evaluateFaithfulness(const SequenceModel& model, const History& history, ItemIndex target,
                     const std::vector<Attribution>& attributions,
                     const AttentionExplanation* attention, const std::vector<float>* looEffect,
                     const ExplainConfig& config, const std::vector<std::int64_t>* itemPopularity) {
    checkTarget(model, target);
    FaithfulnessReport out;
    const int n = static_cast<int>(history.size());
    const std::vector<int> ks = stepCounts(n, config.faithfulnessCurvePoints);
    std::vector<float> xs;
    for (int k : ks)
        xs.push_back(n > 0 ? static_cast<float>(k) / static_cast<float>(n) : 0.0f);
    const std::vector<float> fractions{0.1f, 0.2f, 0.5f};
    std::vector<int> eraserCounts;
    for (float f : fractions)
        eraserCounts.push_back(std::min(
            n, std::max(1, static_cast<int>(std::ceil(f * static_cast<float>(n) - 1e-6f)))));

    HistoryPool pool;
    const size_t fullIdx = pool.add(history);
    const size_t emptyIdx = pool.add(History{});
    std::vector<CurveIdx> methodCurves;
    for (const auto& a : attributions)
        methodCurves.push_back(addCurves(pool, history, orderBy(a.values), ks, eraserCounts));
    const auto orders =
        seededRandomOrders(n, std::max(0, config.faithfulnessRandomOrders), config.seed);
    std::vector<CurveIdx> randomCurves;
    for (const auto& order : orders)
        randomCurves.push_back(addCurves(pool, history, order, ks, {}));
    // LXR's histories join the same pool: its POS steps are the deletion curve's (same counts,
    // same orders), so only NEG and the fixed counts are new.
    const size_t faithfulnessHistories = pool.list().size(); // LXR's new ones come after
    std::optional<LxrPlan> lxrPlan;
    if (config.lxr)
        lxrPlan = planLxr(pool, history, attributions, orders, itemPopularity);

    const ScoreRank sr = scoreAndRank(model, pool.list(), target);
    out.scoreFull = sr.scores[fullIdx];
    out.scoreEmpty = sr.scores[emptyIdx];
    // Curves are min-max normalised over every history scored for this case, so they lie in
    // [0, 1] and compare across users; the ordering of methods within a case is unaffected.
    // LXR's own histories stay out of the range, so these numbers do not depend on config.lxr.
    const auto [lo, hi] = std::minmax_element(
        sr.scores.begin(), sr.scores.begin() + static_cast<std::ptrdiff_t>(faithfulnessHistories));
    out.curveLow = *lo;
    out.curveHigh = *hi;
    auto pick = [&](const std::vector<size_t>& idx, const std::vector<float>& from) {
        std::vector<float> v;
        for (size_t i : idx)
            v.push_back(from[i]);
        return v;
    };
    for (size_t m = 0; m < attributions.size(); ++m) {
        const CurveIdx& c = methodCurves[m];
        MethodFaithfulness f;
        f.method = attributions[m].method;
        f.curveX = xs;
        f.deletionScores = pick(c.deletion, sr.scores);
        f.insertionScores = pick(c.insertion, sr.scores);
        for (size_t i : c.deletion)
            f.deletionRanks.push_back(sr.ranks[i]);
        for (size_t i : c.insertion)
            f.insertionRanks.push_back(sr.ranks[i]);
        f.deletionAuc = normalisedCurveAuc(xs, f.deletionScores, out.curveLow, out.curveHigh);
        f.insertionAuc = normalisedCurveAuc(xs, f.insertionScores, out.curveLow, out.curveHigh);
        f.fractions = fractions;
        for (size_t q = 0; q < eraserCounts.size(); ++q) {
            f.comprehensiveness.push_back(out.scoreFull - sr.scores[c.compr[q]]);
            f.sufficiency.push_back(out.scoreFull - sr.scores[c.suff[q]]);
        }
        out.methods.push_back(std::move(f));
    }
    if (!randomCurves.empty()) {
        double del = 0, ins = 0;
        for (const auto& c : randomCurves) {
            del += normalisedCurveAuc(xs, pick(c.deletion, sr.scores), out.curveLow, out.curveHigh);
            ins +=
                normalisedCurveAuc(xs, pick(c.insertion, sr.scores), out.curveLow, out.curveHigh);
        }
        out.randomDeletionAuc = static_cast<float>(del / static_cast<double>(randomCurves.size()));
        out.randomInsertionAuc = static_cast<float>(ins / static_cast<double>(randomCurves.size()));
    }
    if (lxrPlan)
        out.lxr = finishLxr(*lxrPlan, sr.scores, sr.ranks);
    if (attention && looEffect) {
        for (int l = 0; l < attention->layers; ++l)
            for (int h = 0; h < attention->heads; ++h) {
                const auto& row = attention->lastRow[static_cast<size_t>(l * attention->heads + h)];
                // Only the players' weights (a model's own scoring token has no LOO effect).
                const std::vector<float> players(
                    row.begin(), row.begin() + static_cast<std::ptrdiff_t>(
                                                   std::min(row.size(), looEffect->size())));
                out.heads.push_back({l, h, kendallTau(players, *looEffect)});
            }
    }
    return out;
}

} // namespace reclens

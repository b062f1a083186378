// explainTopK(): leave-one-out, integrated gradients and Shapley for every item of the top-K at
// once. LOO and Shapley histories are scored once for all K targets (one scoreAll row serves
// every target); IG needs one gradient path per target, spread over the bundle's workers.

#include "explain/concurrent.h"
#include "explain/explainmethods.h"
#include "explain/listshapley.h"
#include "explain/scoring.h"
#include "explain/shapleyengine.h"
#include "explain/verification.h"
#include "model/computebackend.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

namespace reclens {

namespace {

double msSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// LOO of every target from the n + 1 histories (the full one, then each removal).
std::vector<LeaveOneOutExplanation> sharedLeaveOneOut(const SequenceModel& model, const History& h,
                                                      const std::vector<ItemIndex>& targets) {
    // The full history, each removal (re-packed) and, where the model can, each in-place
    // occlusion: the same histories explainLeaveOneOut scores for one target.
    const bool occlude = model.supportsMaskedSlots();
    std::vector<History> batch;
    batch.reserve(2 * h.size() + 1);
    batch.push_back(h);
    for (size_t t = 0; t < h.size(); ++t)
        batch.push_back(removePositions(h, {static_cast<int>(t)}));
    for (size_t t = 0; occlude && t < h.size(); ++t) {
        History masked = h;
        masked[t] = kMaskedSlot;
        batch.push_back(std::move(masked));
    }
    std::vector<int> ranks;
    const std::vector<float> s = scoreTargetsFromRows(model, batch, targets, &ranks);
    const size_t K = targets.size();
    std::vector<LeaveOneOutExplanation> out(K);
    for (size_t k = 0; k < K; ++k) {
        LeaveOneOutExplanation& l = out[k];
        l.baseScore = s[k];
        l.baseRank = ranks[k];
        for (size_t r = 1; r <= h.size(); ++r) {
            l.scores.push_back(s[r * K + k]);
            l.ranks.push_back(ranks[r * K + k]);
            l.effect.push_back(l.baseScore - s[r * K + k]);
        }
        for (size_t r = h.size() + 1; r < batch.size(); ++r) {
            l.occlusionScores.push_back(s[r * K + k]);
            l.occlusionRanks.push_back(ranks[r * K + k]);
            l.occlusionEffect.push_back(l.baseScore - s[r * K + k]);
        }
    }
    return out;
}

/// Item Shapley of every target (when `items`) and the list's τ game (when `list`), all read
/// from one scoreAll row per coalition. Outputs: the K targets' scores, then τ.
std::vector<ShapleyExplanation> sharedShapley(const SequenceModel& model, const History& h,
                                              const std::vector<ItemIndex>& targets, bool items,
                                              bool list, const ExplainConfig& config) {
    const size_t K = targets.size();
    const size_t outputs = (items ? K : 0) + (list ? 1 : 0);
    const CoalitionValues value = [&](const std::vector<History>& coalitions) {
        const std::vector<float> s = scoreTargetsFromRows(model, coalitions, targets);
        std::vector<double> v;
        v.reserve(coalitions.size() * outputs);
        for (size_t i = 0; i < coalitions.size(); ++i) {
            const auto row = s.begin() + static_cast<std::ptrdiff_t>(i * K);
            if (items)
                v.insert(v.end(), row, row + static_cast<std::ptrdiff_t>(K));
            if (list) // "why this list" over the same rows: the targets are the list
                v.push_back(listValue(coalitions[i], h.size(), s.data() + i * K, K));
        }
        return v;
    };
    return shapleyValues(h, static_cast<int>(outputs), value, config);
}

} // namespace

std::vector<ExplanationBundle> explainTopK(const SequenceModel& model, const Dataset& ds,
                                           const History& history, int k,
                                           const ExplainConfig& config,
                                           const std::function<bool()>& shouldStop) {
    const auto start = std::chrono::steady_clock::now();
    if (history.empty())
        throw std::invalid_argument("cannot explain recommendations for an empty history");
    for (ItemIndex it : history)
        checkTarget(model, it);
    const int workers = bundleWorkers(config.threads, 2);
    const ComputeThreadsScope intraOp(workers > 1 ? 1 : computeThreads());
    const History h = clipHistory(history, model.maxLength());
    const size_t itemCount = static_cast<size_t>(model.itemCount());
    k = std::clamp(k, 1, model.itemCount());
    const ExplainMethods& m = config.methods;
    const bool listShapley = m.listShapley && k >= 2;

    std::vector<ExplanationBundle> bundles(static_cast<size_t>(k));
    std::vector<ItemIndex> targets;
    {
        const auto t0 = std::chrono::steady_clock::now();
        const std::vector<float> row = model.scoreAll({h});
        const std::vector<RankedItem> top =
            topKInRow(row.data(), itemCount, std::max(k, config.whatIfK));
        for (size_t i = 0; i < bundles.size(); ++i) {
            ExplanationBundle& b = bundles[i];
            b.history = h;
            b.k = k;
            b.extraPlayers = config.extraPlayers; // labels of non-item players (search words)
            b.topK = top;
            b.target = top[i].item;
            b.targetScore = top[i].score;
            b.targetRank = top[i].rank;
            targets.push_back(b.target);
        }
        const double ms = msSince(t0);
        for (auto& b : bundles)
            b.timingsMs["rank"] = ms;
    }

    std::atomic_bool cancelled = false;
    const auto stop = [&] {
        if (shouldStop && shouldStop())
            cancelled = true;
        return cancelled.load();
    };
    // Units of work: the shared LOO + Shapley scoring first (the largest), then one IG per
    // target; workers take the next unit as they finish. Each unit writes only its own
    // results, so the numbers do not depend on which worker ran it.
    std::vector<LeaveOneOutExplanation> loo;
    std::vector<ShapleyExplanation> shapley;
    double looMs = 0, shapleyMs = 0;
    std::vector<std::optional<IgExplanation>> ig(bundles.size());
    std::vector<double> igMs(bundles.size(), 0.0);
    const bool needIg = m.ig || m.features;
    const size_t units = 1 + (needIg ? bundles.size() : 0);
    std::atomic_size_t next = 0;
    const auto work = [&] {
        for (size_t u = next++; u < units; u = next++) {
            if (stop())
                return;
            const auto t0 = std::chrono::steady_clock::now();
            if (u > 0) {
                ig[u - 1] = explainIntegratedGradients(model, h, targets[u - 1], config);
                igMs[u - 1] = msSince(t0);
                continue;
            }
            if (m.loo) {
                loo = sharedLeaveOneOut(model, h, targets);
                looMs = msSince(t0);
            }
            if ((m.shapley || listShapley) && !stop()) {
                const auto t1 = std::chrono::steady_clock::now();
                shapley = sharedShapley(model, h, targets, m.shapley, listShapley, config);
                shapleyMs = msSince(t1);
            }
        }
    };
    std::vector<std::function<void()>> tasks(
        static_cast<size_t>(std::min<size_t>(static_cast<size_t>(workers), units)), work);
    runConcurrently(tasks);

    for (size_t i = 0; i < bundles.size(); ++i) {
        ExplanationBundle& b = bundles[i];
        // Attributions in explain()'s documented order.
        if (ig[i]) {
            b.ig = std::move(ig[i]);
            b.timingsMs["ig"] = igMs[i];
            if (m.ig)
                b.attributions.push_back({"ig", b.ig->values});
            if (m.features)
                b.features = explainFeatures(ds, h, *b.ig);
        }
        if (i < loo.size()) {
            b.loo = loo[i];
            b.attributions.push_back({"loo", b.loo->effect});
            if (!b.loo->occlusionEffect.empty())
                b.attributions.push_back({"occlusion", b.loo->occlusionEffect});
            b.timingsMs["loo"] = looMs;
        }
        if (m.shapley && i < shapley.size()) {
            b.shapley = shapley[i];
            b.attributions.push_back({"shapley", b.shapley->values});
            b.timingsMs["shapley"] = shapleyMs;
        }
        if (listShapley && !shapley.empty()) {
            b.listShapley = ListShapleyExplanation{k, targets, shapley.back()};
            b.timingsMs["list_shapley"] = shapleyMs;
        }
        b.cancelled = cancelled;
    }
    // The same fresh-pass checks as explain() (the model here has no memo in front of it; the
    // checks are separate calls all the same): Shapley efficiency, then the summary's facts for
    // every target from one scoring of the shared histories.
    if (!cancelled) {
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<const ExplanationBundle*> all;
        for (auto& b : bundles) {
            if (b.shapley)
                verifyShapleyEfficiency(model, h, b.target, *b.shapley);
            all.push_back(&b);
        }
        const auto facts = verifyFactsOfTargets(model, all);
        const double ms = msSince(t0);
        for (size_t i = 0; i < bundles.size(); ++i) {
            bundles[i].facts = facts[i];
            bundles[i].timingsMs["verification"] = ms;
        }
    }
    for (auto& b : bundles)
        b.summary = buildSummary(ds, b);
    const double total = msSince(start);
    for (auto& b : bundles)
        b.timingsMs["total"] = total;
    return bundles;
}

} // namespace reclens

// explain(): runs the configured methods for one (history, target) pair in a fixed order,
// timing each and polling shouldStop between them.

#include "explain/explainmethods.h"
#include "explain/memomodel.h"
#include "explain/scoring.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace reclens {

namespace {

class Stopwatch {
public:
    double ms() const {
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_t0)
            .count();
    }
    double cpuMs() const {
        return 1000.0 * static_cast<double>(std::clock() - m_c0) / CLOCKS_PER_SEC;
    }

private:
    std::chrono::steady_clock::time_point m_t0 = std::chrono::steady_clock::now();
    std::clock_t m_c0 = std::clock();
};

void record(ExplanationBundle& b, const std::string& name, const Stopwatch& sw) {
    b.timingsMs[name] = sw.ms();
    b.cpuMs[name] = sw.cpuMs();
}

} // namespace

ExplanationBundle explain(const SequenceModel& wrapped, const Dataset& ds, const History& history,
                          ItemIndex target, const ExplainConfig& config,
                          const std::function<bool()>& shouldStop) {
    // Every method below scores through the memo: histories shared between methods (the full
    // one, the empty one, single removals) reach the model once per bundle.
    const MemoModel memo(wrapped);
    const SequenceModel& model = memo;
    if (history.empty())
        throw std::invalid_argument("cannot explain a recommendation for an empty history");
    for (ItemIndex it : history)
        checkTarget(model, it);
    ExplanationBundle b;
    b.history = clipHistory(history, model.maxLength());
    b.k = config.k;
    const auto stop = [&] {
        if (shouldStop && shouldStop()) {
            b.cancelled = true;
            return true;
        }
        return false;
    };
    const size_t itemCount = static_cast<size_t>(model.itemCount());
    {
        Stopwatch sw;
        const auto row = model.scoreAll({b.history});
        b.topK = topKInRow(row.data(), itemCount, std::max(config.k, config.whatIfK));
        b.target = target >= 0 ? target : b.topK.front().item;
        checkTarget(model, b.target);
        b.targetScore = row[static_cast<size_t>(b.target)];
        b.targetRank = rankInRow(row.data(), itemCount, b.target);
        record(b, "rank", sw);
    }
    const ExplainMethods& m = config.methods;
    const ItemIndex t = b.target;

    if (m.attention && !stop()) {
        Stopwatch sw;
        b.attention = explainAttention(model, b.history);
        b.attributions.push_back({"attention_rollout", b.attention->rollout});
        record(b, "attention", sw);
    }
    if (m.gradient && !stop()) {
        Stopwatch sw;
        auto [grad, gxi] = explainGradient(model, b.history, t);
        b.attributions.push_back(std::move(grad));
        b.attributions.push_back(std::move(gxi));
        record(b, "grad", sw);
    }
    if ((m.ig || m.features) && !stop()) {
        Stopwatch sw;
        b.ig = explainIntegratedGradients(model, b.history, t, config);
        if (m.ig)
            b.attributions.push_back({"ig", b.ig->values});
        record(b, "ig", sw);
        if (m.features) {
            Stopwatch fw;
            b.features = explainFeatures(ds, b.history, *b.ig);
            record(b, "features", fw);
        }
    }
    // The counterfactual and the summary need LOO as their verified ordering.
    if ((m.loo || m.counterfactual || m.whatIf) && !stop()) {
        Stopwatch sw;
        b.loo = explainLeaveOneOut(model, b.history, t);
        b.attributions.push_back({"loo", b.loo->effect});
        record(b, "loo", sw);
    }
    if (m.shapley && !stop()) {
        Stopwatch sw;
        b.shapley = explainShapley(model, b.history, t, config);
        b.attributions.push_back({"shapley", b.shapley->values});
        record(b, "shapley", sw);
    }
    if (m.whatIf && !stop()) {
        Stopwatch sw;
        std::vector<HistoryEdit> edits = config.whatIfEdits;
        if (edits.empty()) {
            const auto& e = b.loo->effect;
            const int top = static_cast<int>(std::max_element(e.begin(), e.end()) - e.begin());
            edits.push_back({HistoryEdit::Kind::Remove, top, -1, -1});
        }
        b.whatIf = whatIf(model, b.history, edits, t, config.whatIfK);
        record(b, "whatif", sw);
    }
    if (m.counterfactual && !stop()) {
        Stopwatch sw;
        b.counterfactual = minimalCounterfactual(model, b.history, t, b.loo->effect, config);
        record(b, "counterfactual", sw);
    }
    if (m.faithfulness && !stop()) {
        Stopwatch sw;
        b.faithfulness = evaluateFaithfulness(model, b.history, t, b.attributions,
                                              b.attention ? &*b.attention : nullptr,
                                              b.loo ? &b.loo->effect : nullptr, config);
        record(b, "faithfulness", sw);
    }
    if (!m.loo) // computed only as the counterfactual's ordering; not asked for
        std::erase_if(b.attributions, [](const Attribution& a) { return a.method == "loo"; });
    b.summary = buildSummary(ds, b);
    double total = 0, cpu = 0;
    for (const auto& [name, ms] : b.timingsMs)
        total += ms;
    for (const auto& [name, ms] : b.cpuMs)
        cpu += ms;
    b.historiesScored = memo.modelRows();
    b.timingsMs["total"] = total;
    b.cpuMs["total"] = cpu;
    return b;
}

} // namespace reclens

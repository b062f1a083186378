// Integrated gradients from sampled real baselines (SPINRec, arXiv 2511.18047): instead of one
// artificial reference input (padding, mean item), other customers' histories. IG runs from
// each sampled baseline with the usual quadrature and refinement, and the attributions are
// averaged (SPINRec also describes keeping the single most faithful path; RecLens averages, so
// the result does not depend on a faithfulness metric and stays complete against the mean
// baseline score).

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace reclens {

std::vector<IgSampledBaseline> sampleIgBaselines(const Dataset& ds, const History& history,
                                                 const ExplainConfig& config) {
    if (config.igBaselineSamples < 1)
        throw std::invalid_argument("igBaselineSamples must be at least 1");
    const size_t len = history.size();
    auto tail = [&](const History& h) {
        return History(h.end() - static_cast<std::ptrdiff_t>(std::min(len, h.size())), h.end());
    };
    std::vector<int> eligible;
    for (size_t u = 0; u < ds.users.size(); ++u) {
        const History& seq = ds.users[u].sequence;
        if (seq.empty() || static_cast<int>(u) == config.igBaselineExcludeUser)
            continue;
        if (tail(seq) == history)
            continue; // the explained history itself: f(x) − f(baseline) = 0, nothing to explain
        eligible.push_back(static_cast<int>(u));
    }
    // A partial Fisher–Yates shuffle: the first `want` entries are a uniform sample without
    // replacement, the same for the same seed. The constant keeps this stream apart from the
    // other seeded parts of a bundle (Shapley, random orders).
    std::mt19937_64 rng(config.seed ^ 0x5350494e52656343ull); // "SPINRecC"
    const size_t want = std::min(eligible.size(), static_cast<size_t>(config.igBaselineSamples));
    std::vector<IgSampledBaseline> out;
    for (size_t i = 0; i < want; ++i) {
        const size_t j = i + static_cast<size_t>(rng() % (eligible.size() - i));
        std::swap(eligible[i], eligible[j]);
        IgSampledBaseline b;
        b.user = eligible[i];
        b.history = tail(ds.users[static_cast<size_t>(b.user)].sequence);
        out.push_back(std::move(b));
    }
    return out;
}

std::string igUnavailableReason(const SequenceModel& model, const ExplainConfig& config) {
    if (config.igBaseline == IgBaseline::Sampled && !model.supportsHistoryBaselines())
        return "this model cannot start integrated gradients from a sampled baseline history "
               "(choose the padding or mean-item baseline)";
    return {};
}

IgExplanation explainIntegratedGradientsFrom(const SequenceModel& model, const History& history,
                                             ItemIndex target, const ExplainConfig& config,
                                             std::vector<IgSampledBaseline> baselines) {
    checkTarget(model, target);
    ExplainConfig sampled = config;
    sampled.igBaseline = IgBaseline::Sampled;
    if (const std::string why = igUnavailableReason(model, sampled); !why.empty())
        throw std::invalid_argument(why);
    if (baselines.empty())
        throw std::invalid_argument("integrated gradients from sampled baselines: no baseline "
                                    "(the dataset has no other customer with purchases)");
    for (const auto& b : baselines)
        for (ItemIndex i : b.history)
            checkTarget(model, i);

    IgExplanation avg;
    avg.baseline = IgBaseline::Sampled;
    avg.rule = config.igRule;
    avg.converged = true;
    std::vector<std::vector<double>> sum; // [component][position]
    double baselineScoreSum = 0;
    for (IgSampledBaseline& b : baselines) {
        const IgExplanation run = integrateIgPath(
            [&](const std::vector<double>& alphas) {
                return model.pathGradientsFrom(history, target, b.history, alphas);
            },
            config);
        b.scoreBaseline = run.scoreBaseline;
        b.completenessError = run.completenessError;
        b.completenessAbsError = run.completenessAbsError;
        b.absoluteCriterion = run.absoluteCriterion;
        b.converged = run.converged;
        b.stepsUsed = run.stepsUsed;
        b.gradientEvaluations = run.gradientEvaluations;
        b.values = run.values;
        if (sum.empty()) {
            avg.components = run.components;
            avg.scoreInput = run.scoreInput;
            sum.assign(run.perComponent.size(), std::vector<double>(run.values.size(), 0.0));
        }
        for (size_t c = 0; c < sum.size() && c < run.perComponent.size(); ++c)
            for (size_t t = 0; t < sum[c].size() && t < run.perComponent[c].size(); ++t)
                sum[c][t] += run.perComponent[c][t];
        baselineScoreSum += run.scoreBaseline;
        avg.converged = avg.converged && run.converged;
        avg.stepsUsed = std::max(avg.stepsUsed, run.stepsUsed);
        avg.stepsTried.push_back(run.stepsUsed);
        avg.gradientEvaluations += run.gradientEvaluations;
    }
    const double n = static_cast<double>(baselines.size());
    avg.scoreBaseline = static_cast<float>(baselineScoreSum / n);
    const size_t T = sum.empty() ? 0 : sum.front().size();
    avg.values.assign(T, 0.0f);
    double total = 0;
    for (const auto& comp : sum) {
        std::vector<float> mean(T);
        for (size_t t = 0; t < T; ++t) {
            mean[t] = static_cast<float>(comp[t] / n);
            avg.values[t] += mean[t];
            total += comp[t] / n;
        }
        avg.perComponent.push_back(std::move(mean));
    }
    // Completeness of the average against the mean baseline score, judged as a single run's
    // (relative, or absolute where the difference is tiny); `converged` stays the verdict of
    // the runs themselves.
    const double delta = static_cast<double>(avg.scoreInput) - baselineScoreSum / n;
    const double absError = std::fabs(total - delta);
    avg.completenessAbsError = static_cast<float>(absError);
    avg.completenessError = static_cast<float>(absError / std::max(std::fabs(delta), 1e-4));
    avg.absoluteCriterion = std::fabs(delta) < config.igSmallDelta;
    avg.sampled = std::move(baselines);
    return avg;
}

IgExplanation explainIntegratedGradients(const SequenceModel& model, const History& history,
                                         ItemIndex target, const ExplainConfig& config,
                                         const Dataset& ds) {
    if (config.igBaseline != IgBaseline::Sampled)
        return explainIntegratedGradients(model, history, target, config);
    return explainIntegratedGradientsFrom(model, history, target, config,
                                          sampleIgBaselines(ds, history, config));
}

} // namespace reclens

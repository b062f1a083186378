// Integrated gradients: a quadrature of the model's path gradients, refined until the
// attributions add up to f(x) − f(baseline) (completeness).
//
// The nested rules (trapezoid, Simpson) put their points at k/N, so doubling N only evaluates
// the N new odd points: reaching 256 intervals costs 257 gradient evaluations instead of the
// 32 + 64 + 128 + 256 = 480 of a rule that starts afresh at every level (midpoint, Gauss).

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <stdexcept>

namespace reclens {

namespace {

/// Gauss–Legendre nodes and weights on [0, 1] (Newton's method on P_n; weights sum to 1).
void gaussLegendre(int n, std::vector<double>& nodes, std::vector<double>& weights) {
    nodes.assign(static_cast<size_t>(n), 0.0);
    weights.assign(static_cast<size_t>(n), 0.0);
    for (int i = 0; i < (n + 1) / 2; ++i) {
        double z = std::cos(std::numbers::pi * (i + 0.75) / (n + 0.5));
        double dp = 0;
        for (int iter = 0; iter < 100; ++iter) {
            double p0 = 1, p1 = 0;
            for (int k = 1; k <= n; ++k) { // recurrence for P_k(z)
                const double p2 = p1;
                p1 = p0;
                p0 = ((2.0 * k - 1) * z * p1 - (k - 1.0) * p2) / k;
            }
            dp = n * (z * p0 - p1) / (z * z - 1);
            const double dz = p0 / dp;
            z -= dz;
            if (std::fabs(dz) < 1e-15)
                break;
        }
        const double w = 2.0 / ((1 - z * z) * dp * dp);
        nodes[static_cast<size_t>(i)] = 0.5 * (1 - z);
        nodes[static_cast<size_t>(n - 1 - i)] = 0.5 * (1 + z);
        weights[static_cast<size_t>(i)] = weights[static_cast<size_t>(n - 1 - i)] = 0.5 * w;
    }
}

} // namespace

IgQuadrature igQuadrature(IgRule rule, int steps) {
    IgQuadrature q;
    if (rule == IgRule::Adaptive) // with a fixed step count: uniform Simpson
        rule = IgRule::Simpson;
    // Simpson's weights (1, 4, 2, …, 4, 1) pair the intervals: with an odd count the pattern
    // ends on a 4 at the last interior point and the weights sum to 8/9, not 1. An odd request
    // is rounded up to the next even count, and `intervals` says which count was used.
    q.intervals = std::max(rule == IgRule::Simpson ? 2 : 1, steps);
    if (rule == IgRule::Simpson && q.intervals % 2 == 1)
        ++q.intervals;
    const int count = q.intervals;
    const double n = count;
    switch (rule) {
    case IgRule::Midpoint:
        for (int k = 0; k < count; ++k) {
            q.alphas.push_back((k + 0.5) / n);
            q.weights.push_back(1.0 / n);
        }
        break;
    case IgRule::GaussLegendre:
        gaussLegendre(count, q.alphas, q.weights);
        break;
    case IgRule::Trapezoid:
        for (int k = 0; k <= count; ++k) {
            q.alphas.push_back(k / n);
            q.weights.push_back(((k == 0 || k == count) ? 1.0 : 2.0) / (2.0 * n));
        }
        break;
    case IgRule::Simpson:
    case IgRule::Adaptive:
        for (int k = 0; k <= count; ++k) {
            q.alphas.push_back(k / n);
            const double w = (k == 0 || k == count) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0);
            q.weights.push_back(w / (3.0 * n));
        }
        break;
    }
    return q;
}

namespace {

/// The completeness verdict and bookkeeping shared by every rule: `acc[c][t]` is the quadrature
/// of component c at position t.
IgExplanation finishTry(const std::vector<std::vector<double>>& acc, const PathGradients& pg,
                        const ExplainConfig& config, int steps) {
    IgExplanation cur;
    cur.baseline = config.igBaseline;
    cur.rule = config.igRule;
    cur.stepsUsed = steps;
    cur.scoreInput = pg.scoreInput;
    cur.scoreBaseline = pg.scoreBaseline;
    cur.components = pg.components;
    const size_t T = static_cast<size_t>(pg.length);
    cur.values.assign(T, 0.0f);
    double total = 0;
    for (const auto& comp : acc) {
        cur.perComponent.emplace_back(comp.begin(), comp.end());
        for (size_t t = 0; t < T && t < comp.size(); ++t) {
            cur.values[t] += static_cast<float>(comp[t]);
            total += comp[t];
        }
    }
    const double delta = static_cast<double>(pg.scoreInput) - pg.scoreBaseline;
    const double absError = std::fabs(total - delta);
    // Relative to the score difference; floored so a near-zero difference does not turn
    // rounding noise into a huge "error".
    cur.completenessError = static_cast<float>(absError / std::max(std::fabs(delta), 1e-4));
    cur.completenessAbsError = static_cast<float>(absError);
    // When f(x) ≈ f(baseline) the float32 rounding of Σ over T × D gradient terms alone
    // exceeds 1 % of the difference: more points cannot help, so judge the absolute error
    // there instead of refining to the cap.
    cur.absoluteCriterion = std::fabs(delta) < config.igSmallDelta;
    cur.converged = cur.absoluteCriterion ? absError < config.igTolerance * config.igSmallDelta
                                          : cur.completenessError < config.igTolerance;
    return cur;
}

/// Panel rules, both exact for degree 7. Interior panels: five-point Gauss–Lobatto, whose
/// ends are shared with the neighbours and give the panel's score change, and whose midpoint
/// is kept when the panel is split. The panel at α = 0: four-point Gauss–Legendre, which never
/// evaluates α = 0 itself (see adaptiveIntegratedGradients).
struct PanelRule {
    int nodes;
    double x[5];
    double w[5];
};
const double kLobatto = std::sqrt(3.0 / 7.0);
const PanelRule kLobatto5{5,
                          {0.0, 0.5 * (1 - kLobatto), 0.5, 0.5 * (1 + kLobatto), 1.0},
                          {1.0 / 20, 49.0 / 180, 16.0 / 45, 49.0 / 180, 1.0 / 20}};
const PanelRule kLegendre4{
    4,
    {0.5 * (1 - 0.8611363115940526), 0.5 * (1 - 0.3399810435848563), 0.5 * (1 + 0.3399810435848563),
     0.5 * (1 + 0.8611363115940526)},
    {0.1739274225687269, 0.3260725774312731, 0.3260725774312731, 0.1739274225687269}};
/// The panel at α = 0 is split at 1/8 of its width, not in half (see below).
constexpr double kZeroPanelSplit = 1.0 / 8;

/// Adaptive quadrature. Each panel's local completeness error is its Σ attributions minus the
/// score change across it, f(b) − f(a), which the path points' own scores give for free
/// (f(0) is the baseline's score). The errors add up to the global one (the score changes
/// telescope to f(1) − f(0)), so only the panels that carry it are split. Measured on trained
/// SASRec models (docs/BENCHMARKS.md): nearly all of the error sits in a thin layer just above
/// α = 0 where the score still moves by up to a logit (most likely the layer norms, whose
/// inputs there are little more than the small position vectors; not isolated further), and
/// the gradient at α = 0 itself is far larger than anywhere on the path. Hence the open rule
/// at 0 and the split of that panel at 1/8: the layer is reached in a few rounds instead of a
/// dozen halvings.
IgExplanation adaptiveIntegratedGradients(const IgPathFn& path, const ExplainConfig& config) {
    struct Point {
        std::vector<std::vector<float>> values; // [component][position]
        float score = 0;
    };
    struct Panel {
        double a, b;
        const PanelRule& rule() const { return a == 0.0 ? kLegendre4 : kLobatto5; }
        double node(int k) const {
            const PanelRule& r = rule();
            return &r == &kLobatto5 && k == r.nodes - 1 ? b : a + (b - a) * r.x[k];
        }
    };
    constexpr int perPanel = 4; // new points per panel (a Lobatto panel shares one end)
    const int startPanels = std::max(1, config.igStartSteps / perPanel);
    const size_t capPoints =
        static_cast<size_t>(std::max(startPanels * perPanel, config.igMaxSteps) + 1);
    std::vector<Panel> panels;
    for (int k = 0; k < startPanels; ++k)
        panels.push_back({double(k) / startPanels, double(k + 1) / startPanels});
    // First try: Gauss–Legendre over the whole path. It converges at once for most histories
    // and is the most accurate per point (docs/BENCHMARKS.md); the panels below are only the
    // fallback, so a failure costs a few panel points rather than doubling all of them.
    std::vector<int> tried;
    IgExplanation best;
    int spent = 0;
    {
        const IgQuadrature q = igQuadrature(IgRule::GaussLegendre, config.igStartSteps);
        const std::vector<double>& alphas = q.alphas;
        const std::vector<double>& weights = q.weights;
        const int steps = q.intervals;
        const PathGradients pg = path(alphas);
        std::vector<std::vector<double>> acc(pg.components.size(),
                                             std::vector<double>(static_cast<size_t>(pg.length)));
        for (size_t k = 0; k < alphas.size(); ++k)
            for (size_t c = 0; c < acc.size() && c < pg.values[k].size(); ++c)
                for (size_t t = 0; t < acc[c].size() && t < pg.values[k][c].size(); ++t)
                    acc[c][t] += weights[k] * pg.values[k][c][t];
        best = finishTry(acc, pg, config, steps);
        spent = static_cast<int>(alphas.size());
        tried.push_back(steps);
        best.stepsTried = tried;
        best.gradientEvaluations = spent;
        if (best.converged || pg.length == 0)
            return best;
    }
    std::map<double, Point> points;
    bool haveScores = true;
    for (;;) {
        std::vector<double> missing;
        auto need = [&](double x) {
            if (x > 0.0 && !points.count(x) &&
                std::find(missing.begin(), missing.end(), x) == missing.end())
                missing.push_back(x);
        };
        for (const Panel& p : panels) {
            for (int k = 0; k < p.rule().nodes; ++k)
                need(p.node(k));
            need(p.b); // the open panel's score change needs f(b) (usually a neighbour's node)
        }
        const PathGradients pg = path(missing);
        haveScores = haveScores && pg.scores.size() == missing.size();
        for (size_t i = 0; i < missing.size(); ++i)
            points[missing[i]] = {pg.values[i], haveScores ? pg.scores[i] : 0.0f};
        auto scoreAt = [&](double x) {
            return x == 0.0 ? static_cast<double>(pg.scoreBaseline) : points.at(x).score;
        };

        const size_t C = pg.components.size(), T = static_cast<size_t>(pg.length);
        std::vector<std::vector<double>> acc(C, std::vector<double>(T, 0.0));
        std::vector<double> localError(panels.size(), 0.0);
        for (size_t j = 0; j < panels.size(); ++j) {
            const Panel& p = panels[j];
            const PanelRule& r = p.rule();
            double panelSum = 0;
            for (int k = 0; k < r.nodes; ++k) {
                const auto& v = points.at(p.node(k)).values;
                const double w = (p.b - p.a) * r.w[k];
                for (size_t c = 0; c < C && c < v.size(); ++c)
                    for (size_t t = 0; t < T && t < v[c].size(); ++t) {
                        acc[c][t] += w * v[c][t];
                        panelSum += w * v[c][t];
                    }
            }
            localError[j] = panelSum - (scoreAt(p.b) - scoreAt(p.a));
        }
        const int intervals = perPanel * static_cast<int>(panels.size());
        tried.push_back(intervals);
        IgExplanation cur = finishTry(acc, pg, config, intervals);
        if (cur.completenessError <= best.completenessError)
            best = std::move(cur);
        best.stepsTried = tried;
        best.gradientEvaluations = spent + static_cast<int>(points.size());
        if (best.converged || pg.length == 0)
            break;

        // Which panels to split: those above an equal share of half the tolerated error;
        // without local scores (a model that cannot give them) all of them; when no panel
        // stands out, the worst quarter. A split costs at most eight new points.
        const double delta = static_cast<double>(pg.scoreInput) - pg.scoreBaseline;
        const double budget = config.igTolerance * std::max(std::fabs(delta), config.igSmallDelta);
        std::vector<size_t> order(panels.size());
        for (size_t j = 0; j < order.size(); ++j)
            order[j] = j;
        std::sort(order.begin(), order.end(), [&](size_t x, size_t y) {
            return std::fabs(localError[x]) > std::fabs(localError[y]);
        });
        size_t split = 0;
        if (!haveScores)
            split = order.size();
        else
            while (split < order.size() && std::fabs(localError[order[split]]) >
                                               0.5 * budget / static_cast<double>(panels.size()))
                ++split;
        if (split == 0)
            split = std::max<size_t>(1, order.size() / 4);
        split = std::min(split, (capPoints - std::min(capPoints, points.size())) / 8);
        if (split == 0)
            break; // the cap: report the most accurate try
        std::vector<bool> splitThis(panels.size(), false);
        for (size_t i = 0; i < split; ++i)
            splitThis[order[i]] = true;
        std::vector<Panel> next;
        for (size_t j = 0; j < panels.size(); ++j) {
            const Panel& p = panels[j];
            if (!splitThis[j]) {
                next.push_back(p);
                continue;
            }
            // A Lobatto panel splits at its midpoint node (the very key it is stored at).
            const double m = p.a == 0.0 ? p.b * kZeroPanelSplit : p.node(2);
            next.push_back({p.a, m});
            next.push_back({m, p.b});
        }
        panels = std::move(next);
    }
    return best;
}

} // namespace

IgExplanation integrateIgPath(const IgPathFn& path, const ExplainConfig& config) {
    if (config.igRule == IgRule::Adaptive)
        return adaptiveIntegratedGradients(path, config);
    IgExplanation best;
    bool haveBest = false;
    const bool nested = config.igRule == IgRule::Trapezoid || config.igRule == IgRule::Simpson;
    // Simpson needs an even number of intervals: igQuadrature rounds an odd start up, and the
    // doublings from there stay even (and nested).
    const int start = igQuadrature(config.igRule, config.igStartSteps).intervals;
    const int cap = std::max(start, config.igMaxSteps);
    std::map<double, std::vector<std::vector<float>>> cache; // nested rules: α -> values
    int evaluations = 0;
    for (int steps = start; steps <= cap; steps *= 2) {
        const IgQuadrature q = igQuadrature(config.igRule, steps);
        const std::vector<double>& alphas = q.alphas;
        const std::vector<double>& weights = q.weights;
        std::vector<double> missing;
        for (double a : alphas)
            if (!nested || !cache.count(a))
                missing.push_back(a);
        const PathGradients pg = path(missing);
        evaluations += static_cast<int>(missing.size());
        std::map<double, std::vector<std::vector<float>>> fresh;
        auto& store = nested ? cache : fresh;
        for (size_t i = 0; i < missing.size(); ++i)
            store[missing[i]] = pg.values[i];

        const size_t T = static_cast<size_t>(pg.length);
        std::vector<std::vector<double>> acc(pg.components.size(), std::vector<double>(T, 0.0));
        for (size_t k = 0; k < alphas.size(); ++k) {
            const auto& v = store.at(alphas[k]);
            for (size_t c = 0; c < acc.size() && c < v.size(); ++c)
                for (size_t t = 0; t < T && t < v[c].size(); ++t)
                    acc[c][t] += weights[k] * v[c][t];
        }
        IgExplanation cur = finishTry(acc, pg, config, steps);
        cur.stepsTried = best.stepsTried;
        cur.stepsTried.push_back(steps);
        cur.gradientEvaluations = evaluations;
        if (!haveBest || cur.completenessError <= best.completenessError) {
            best = std::move(cur);
        } else {
            best.stepsTried = cur.stepsTried;
            best.gradientEvaluations = evaluations;
        }
        haveBest = true;
        if (best.converged || pg.length == 0)
            break;
    }
    return best;
}

IgExplanation explainIntegratedGradients(const SequenceModel& model, const History& history,
                                         ItemIndex target, const ExplainConfig& config) {
    checkTarget(model, target);
    if (config.igBaseline == IgBaseline::Sampled)
        throw std::invalid_argument("sampled IG baselines are histories drawn from a dataset: "
                                    "call explainIntegratedGradients with the Dataset");
    return integrateIgPath(
        [&](const std::vector<double>& alphas) {
            return model.pathGradients(history, target, config.igBaseline, alphas);
        },
        config);
}

IntegratedGradients integratedGradients(const SequenceModel& model, const History& history,
                                        ItemIndex target, IgBaseline baseline, IgRule rule,
                                        int steps) {
    const IgQuadrature q = igQuadrature(rule, steps);
    const std::vector<double>& alphas = q.alphas;
    const std::vector<double>& weights = q.weights;
    const PathGradients pg = model.pathGradients(history, target, baseline, alphas);
    IntegratedGradients out;
    out.steps = q.intervals; // the count used (Simpson: an odd request rounded up)
    out.length = pg.length;
    out.scoreInput = pg.scoreInput;
    out.scoreBaseline = pg.scoreBaseline;
    out.components = pg.components;
    for (size_t c = 0; c < pg.components.size(); ++c) {
        std::vector<double> acc(static_cast<size_t>(pg.length), 0.0);
        for (size_t k = 0; k < alphas.size(); ++k)
            for (size_t t = 0; t < acc.size(); ++t)
                acc[t] += weights[k] * pg.values[k][c][t];
        out.attributions.emplace_back(acc.begin(), acc.end());
    }
    return out;
}

} // namespace reclens

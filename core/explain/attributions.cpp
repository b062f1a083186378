// Attention, gradient saliency, integrated gradients, leave-one-out and feature attribution.

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace reclens {

std::vector<float> attentionRollout(const AttentionMaps& maps) {
    const int T = maps.length;
    if (T == 0 || maps.layers == 0 || maps.heads == 0)
        return {};
    // Only the last row of A_L · … · A_1 is needed: propagate a row vector backwards through
    // the layers (O(L·T²) instead of O(L·T³)).
    std::vector<double> row(static_cast<size_t>(T), 0.0);
    row[static_cast<size_t>(T - 1)] = 1.0;
    std::vector<double> a(static_cast<size_t>(T) * T);
    for (int l = maps.layers - 1; l >= 0; --l) {
        // Head-averaged attention plus identity (the residual stream), rows renormalised.
        for (int q = 0; q < T; ++q) {
            double sum = 0;
            for (int k = 0; k < T; ++k) {
                double v = 0;
                for (int h = 0; h < maps.heads; ++h)
                    v += maps.at(l, h, q, k);
                v = v / maps.heads + (q == k ? 1.0 : 0.0);
                a[static_cast<size_t>(q) * T + k] = v;
                sum += v;
            }
            for (int k = 0; k < T; ++k)
                a[static_cast<size_t>(q) * T + k] /= sum > 0 ? sum : 1.0;
        }
        std::vector<double> next(static_cast<size_t>(T), 0.0);
        for (int q = 0; q < T; ++q)
            if (row[static_cast<size_t>(q)] != 0)
                for (int k = 0; k < T; ++k)
                    next[static_cast<size_t>(k)] +=
                        row[static_cast<size_t>(q)] * a[static_cast<size_t>(q) * T + k];
        row.swap(next);
    }
    return std::vector<float>(row.begin(), row.end());
}

AttentionExplanation explainAttention(const SequenceModel& model, const History& history) {
    AttentionExplanation out;
    out.maps = model.attention(history);
    out.layers = out.maps.layers;
    out.heads = out.maps.heads;
    out.length = out.maps.length;
    const int T = out.length;
    for (int l = 0; l < out.layers; ++l)
        for (int h = 0; h < out.heads; ++h) {
            std::vector<float> r(static_cast<size_t>(T));
            for (int k = 0; k < T; ++k)
                r[static_cast<size_t>(k)] = out.maps.at(l, h, T - 1, k);
            out.lastRow.push_back(std::move(r));
        }
    out.rollout = attentionRollout(out.maps);
    // The rollout is an attribution over the players: a scoring token of the model's own (the
    // search model's SEARCH token) is no player, so its share is left out of the row.
    const auto players = static_cast<std::size_t>(std::max(0, T - out.maps.scoringTokens));
    if (out.rollout.size() > players)
        out.rollout.resize(players);
    return out;
}

bool isSignedMethod(const std::string& method) {
    return method != "grad" && method != "attention_rollout";
}

bool independentMethods(const std::string& a, const std::string& b) {
    const auto pair = [&](const char* x, const char* y) {
        return (a == x && b == y) || (a == y && b == x);
    };
    return a != b && !pair("grad", "grad_x_input");
}

float methodAgreement(const Attribution& a, const Attribution& b) {
    if (!independentMethods(a.method, b.method) || a.values.size() != b.values.size())
        return std::numeric_limits<float>::quiet_NaN();
    if (isSignedMethod(a.method) && isSignedMethod(b.method))
        return kendallTau(a.values, b.values);
    const auto magnitude = [](std::vector<float> v) {
        for (float& x : v)
            x = std::fabs(x);
        return v;
    };
    return kendallTau(magnitude(a.values), magnitude(b.values));
}

std::pair<Attribution, Attribution> explainGradient(const SequenceModel& model,
                                                    const History& history, ItemIndex target) {
    checkTarget(model, target);
    const EmbeddingGradients g = model.gradients(history, target);
    Attribution grad{"grad", std::vector<float>(static_cast<size_t>(g.length), 0.0f)};
    Attribution gxi{"grad_x_input", std::vector<float>(static_cast<size_t>(g.length), 0.0f)};
    const size_t dim = static_cast<size_t>(g.dim);
    for (size_t t = 0; t < static_cast<size_t>(g.length); ++t) {
        double dot = 0;
        for (size_t c = 0; c < g.gradient.size(); ++c)
            for (size_t d = 0; d < dim; ++d)
                dot += static_cast<double>(g.gradient[c][t * dim + d]) * g.input[c][t * dim + d];
        // The components are summed into the position's input, so each component's gradient
        // is the gradient with respect to that sum: the first one is ∂f/∂e[t].
        double sq = 0;
        if (!g.gradient.empty())
            for (size_t d = 0; d < dim; ++d) {
                const double gr = g.gradient[0][t * dim + d];
                sq += gr * gr;
            }
        gxi.values[t] = static_cast<float>(dot);
        grad.values[t] = static_cast<float>(std::sqrt(sq));
    }
    return {std::move(grad), std::move(gxi)};
}

LeaveOneOutExplanation explainLeaveOneOut(const SequenceModel& model, const History& history,
                                          ItemIndex target) {
    checkTarget(model, target);
    const size_t n = history.size();
    const bool occlude = model.supportsMaskedSlots();
    std::vector<History> batch;
    batch.reserve(2 * n + 1);
    batch.push_back(history);
    for (size_t t = 0; t < n; ++t)
        batch.push_back(removePositions(history, {static_cast<int>(t)}));
    for (size_t t = 0; occlude && t < n; ++t) {
        History masked = history;
        masked[t] = kMaskedSlot;
        batch.push_back(std::move(masked));
    }
    const ScoreRank sr = scoreAndRank(model, batch, target);
    LeaveOneOutExplanation out;
    out.baseScore = sr.scores[0];
    out.baseRank = sr.ranks[0];
    const auto mid = sr.scores.begin() + 1 + static_cast<std::ptrdiff_t>(n);
    out.scores.assign(sr.scores.begin() + 1, mid);
    out.ranks.assign(sr.ranks.begin() + 1, sr.ranks.begin() + 1 + static_cast<std::ptrdiff_t>(n));
    out.effect.resize(n);
    for (size_t t = 0; t < n; ++t)
        out.effect[t] = out.baseScore - out.scores[t];
    if (occlude) {
        out.occlusionScores.assign(mid, sr.scores.end());
        out.occlusionRanks.assign(sr.ranks.begin() + 1 + static_cast<std::ptrdiff_t>(n),
                                  sr.ranks.end());
        for (float s : out.occlusionScores)
            out.occlusionEffect.push_back(out.baseScore - s);
    }
    return out;
}

FeatureAttribution explainFeatures(const Dataset& ds, const History& history,
                                   const IgExplanation& ig) {
    FeatureAttribution out;
    out.components = ig.components;
    for (const auto& comp : ig.perComponent) {
        double s = 0;
        for (float v : comp)
            s += v;
        out.totals.push_back(static_cast<float>(s));
    }
    std::map<std::string, double> byCat, byBrand;
    for (size_t t = 0; t < history.size() && t < ig.values.size(); ++t) {
        const ItemIndex it = history[t];
        if (it < 0 || static_cast<size_t>(it) >= ds.items.size())
            continue;
        const Item& item = ds.items[static_cast<size_t>(it)];
        if (!item.category.empty())
            byCat[item.category] += ig.values[t];
        if (!item.brand.empty())
            byBrand[item.brand] += ig.values[t];
    }
    auto sorted = [](const std::map<std::string, double>& m) {
        std::vector<NamedValue> v;
        for (const auto& [k, x] : m)
            v.push_back({k, static_cast<float>(x)});
        std::sort(v.begin(), v.end(), [](const NamedValue& a, const NamedValue& b) {
            return std::fabs(a.value) > std::fabs(b.value);
        });
        return v;
    };
    out.byCategory = sorted(byCat);
    out.byBrand = sorted(byBrand);
    return out;
}

} // namespace reclens

// Attention, gradient saliency, integrated gradients, leave-one-out and feature attribution.

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <cmath>
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
    return out;
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
        std::vector<double> e(dim, 0.0);
        for (size_t c = 0; c < g.gradient.size(); ++c)
            for (size_t d = 0; d < dim; ++d) {
                const double gr = g.gradient[c][t * dim + d];
                const double in = g.input[c][t * dim + d];
                dot += gr * in;
                e[d] += in;
            }
        double norm = 0;
        for (double v : e)
            norm += v * v;
        norm = std::sqrt(norm);
        gxi.values[t] = static_cast<float>(dot);
        grad.values[t] = static_cast<float>(norm > 0 ? dot / norm : 0.0);
    }
    return {std::move(grad), std::move(gxi)};
}

LeaveOneOutExplanation explainLeaveOneOut(const SequenceModel& model, const History& history,
                                          ItemIndex target) {
    checkTarget(model, target);
    std::vector<History> batch;
    batch.reserve(history.size() + 1);
    batch.push_back(history);
    for (size_t t = 0; t < history.size(); ++t)
        batch.push_back(removePositions(history, {static_cast<int>(t)}));
    const ScoreRank sr = scoreAndRank(model, batch, target);
    LeaveOneOutExplanation out;
    out.baseScore = sr.scores[0];
    out.baseRank = sr.ranks[0];
    out.scores.assign(sr.scores.begin() + 1, sr.scores.end());
    out.ranks.assign(sr.ranks.begin() + 1, sr.ranks.end());
    out.effect.resize(out.scores.size());
    for (size_t t = 0; t < out.scores.size(); ++t)
        out.effect[t] = out.baseScore - out.scores[t];
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

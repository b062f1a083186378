#pragma once
// A small, smooth, non-additive SequenceModel for explanation tests. One attention "layer":
// the last position attends over all positions (softmax of q·x_t); the pooled vector goes
// through tanh and a linear item head. Gradients (also along IG's path) are central finite
// differences — slow but independent of anything in core/explain.

#include "model/sequencemodel.h"

#include <cmath>
#include <random>

namespace reclens::test {

/// `len` items drawn uniformly from a catalog of `items`.
inline History randomHistory(std::mt19937_64& rng, int items, int len) {
    std::uniform_int_distribution<int> d(0, items - 1);
    History h;
    for (int i = 0; i < len; ++i)
        h.push_back(d(rng));
    return h;
}

class ToyModel final : public SequenceModel {
public:
    ToyModel(int items, int dim, int maxLen, std::uint64_t seed, int categories = 0)
        : m_items(items)
        , m_dim(dim)
        , m_maxLen(maxLen)
        , m_categories(categories) {
        std::mt19937_64 rng(seed);
        std::normal_distribution<float> nd(0.0f, 1.0f);
        auto fill = [&](std::vector<float>& v, size_t n, float scale) {
            v.resize(n);
            for (auto& x : v)
                x = nd(rng) * scale;
        };
        fill(m_emb, static_cast<size_t>(items * dim), 0.8f);
        fill(m_pos, static_cast<size_t>(maxLen * dim), 0.3f);
        fill(m_q, static_cast<size_t>(dim), 0.7f);
        fill(m_w, static_cast<size_t>(items * dim), 1.0f);
        fill(m_b, static_cast<size_t>(items), 0.2f);
        if (categories > 0) {
            fill(m_cat, static_cast<size_t>(categories * dim), 0.5f);
            for (int i = 0; i < items; ++i)
                m_itemCat.push_back(i % categories);
        }
    }

    int itemCount() const override { return m_items; }
    int maxLength() const override { return m_maxLen; }
    int categoryOf(ItemIndex i) const {
        return m_categories > 0 ? m_itemCat[static_cast<size_t>(i)] : -1;
    }

    std::vector<float> scoreAll(const std::vector<History>& hs) const override {
        std::vector<float> out;
        for (const auto& h : hs) {
            const auto x = inputs(h, 1.0f, {}, Perturb{});
            const auto z = pooled(x, static_cast<int>(clip(h).size()));
            for (int j = 0; j < m_items; ++j)
                out.push_back(head(z, j));
        }
        return out;
    }
    std::vector<float> scoreTargets(const std::vector<History>& hs,
                                    const std::vector<ItemIndex>& t) const override {
        std::vector<float> out;
        for (size_t i = 0; i < hs.size(); ++i) {
            const auto x = inputs(hs[i], 1.0f, {}, Perturb{});
            out.push_back(head(pooled(x, static_cast<int>(clip(hs[i]).size())), t[i]));
        }
        return out;
    }
    AttentionMaps attention(const History& h0) const override {
        const History h = clip(h0);
        const int T = static_cast<int>(h.size());
        const auto x = inputs(h, 1.0f, {}, Perturb{});
        AttentionMaps m;
        m.layers = 1;
        m.heads = 1;
        m.length = T;
        m.weights.assign(static_cast<size_t>(T * T), 0.0f);
        for (int q = 0; q < T; ++q) {
            const auto a = softmaxWeights(x, q + 1);
            for (int k = 0; k <= q; ++k)
                m.weights[static_cast<size_t>(q * T + k)] =
                    static_cast<float>(a[static_cast<size_t>(k)]);
        }
        return m;
    }
    EmbeddingGradients gradients(const History& h0, ItemIndex target) const override {
        const History h = clip(h0);
        EmbeddingGradients g;
        g.length = static_cast<int>(h.size());
        g.dim = m_dim;
        g.components = componentNames();
        for (size_t c = 0; c < g.components.size(); ++c) {
            g.input.push_back(component(h, c));
            g.gradient.push_back(fdGradient(h, target, c, componentScale(1.0f)));
        }
        g.score = scoreTargets({h}, {target})[0];
        return g;
    }
    PathGradients pathGradients(const History& h0, ItemIndex target, IgBaseline,
                                const std::vector<double>& alphas) const override {
        const History h = clip(h0);
        const size_t T = h.size();
        PathGradients pg;
        pg.length = static_cast<int>(T);
        pg.components = componentNames();
        pg.alphas = alphas;
        for (double alpha : alphas) {
            std::vector<std::vector<float>> perComponent;
            for (size_t c = 0; c < pg.components.size(); ++c) {
                const auto grad =
                    fdGradient(h, target, c, componentScale(static_cast<float>(alpha)));
                const auto in = component(h, c);
                std::vector<float> dots(T, 0.0f);
                for (size_t t = 0; t < T; ++t)
                    for (int d = 0; d < m_dim; ++d)
                        dots[t] += grad[t * static_cast<size_t>(m_dim) + static_cast<size_t>(d)] *
                                   in[t * static_cast<size_t>(m_dim) + static_cast<size_t>(d)];
                perComponent.push_back(std::move(dots));
            }
            pg.values.push_back(std::move(perComponent));
            pg.scores.push_back(
                evalScaled(h, target, componentScale(static_cast<float>(alpha)), Perturb{}));
        }
        pg.scoreInput = evalScaled(h, target, componentScale(1.0f), Perturb{});
        pg.scoreBaseline = evalScaled(h, target, componentScale(0.0f), Perturb{});
        return pg;
    }

private:
    struct Perturb {
        size_t component = 0;
        size_t index = 0; // t * dim + d
        float delta = 0.0f;
        bool active = false;
    };

    History clip(const History& h) const {
        if (static_cast<int>(h.size()) <= m_maxLen)
            return h;
        return History(h.end() - m_maxLen, h.end());
    }
    std::vector<std::string> componentNames() const {
        return m_categories > 0 ? std::vector<std::string>{"item", "category"}
                                : std::vector<std::string>{"item"};
    }
    std::vector<float> componentScale(float a) const {
        return std::vector<float>(componentNames().size(), a);
    }

    std::vector<float> component(const History& h, size_t c) const {
        std::vector<float> v;
        for (ItemIndex it : h)
            for (int d = 0; d < m_dim; ++d)
                v.push_back(c == 0 ? m_emb[static_cast<size_t>(it * m_dim + d)]
                                   : m_cat[static_cast<size_t>(categoryOf(it) * m_dim + d)]);
        return v;
    }
    // x_t = Σ_c scale_c · component_c(t) + pos(T−1−t); positions count from the end.
    std::vector<double> inputs(const History& h0, float scale, const std::vector<float>& scales,
                               const Perturb& p) const {
        const History h = clip(h0);
        const size_t T = h.size();
        const auto names = componentNames();
        std::vector<double> x(T * static_cast<size_t>(m_dim), 0.0);
        for (size_t c = 0; c < names.size(); ++c) {
            const float sc = scales.empty() ? scale : scales[c];
            const auto comp = component(h, c);
            for (size_t i = 0; i < comp.size(); ++i)
                x[i] +=
                    sc * comp[i] + (p.active && p.component == c && p.index == i ? p.delta : 0.0f);
        }
        for (size_t t = 0; t < T; ++t)
            for (int d = 0; d < m_dim; ++d)
                x[t * static_cast<size_t>(m_dim) + static_cast<size_t>(d)] +=
                    m_pos[(T - 1 - t) * static_cast<size_t>(m_dim) + static_cast<size_t>(d)];
        return x;
    }
    std::vector<double> softmaxWeights(const std::vector<double>& x, int upto) const {
        std::vector<double> a(static_cast<size_t>(upto));
        double mx = -1e300;
        for (int t = 0; t < upto; ++t) {
            double s = 0;
            for (int d = 0; d < m_dim; ++d)
                s += m_q[static_cast<size_t>(d)] * x[static_cast<size_t>(t * m_dim + d)];
            a[static_cast<size_t>(t)] = s;
            mx = std::max(mx, s);
        }
        double sum = 0;
        for (auto& v : a)
            sum += (v = std::exp(v - mx));
        for (auto& v : a)
            v /= sum;
        return a;
    }
    std::vector<double> pooled(const std::vector<double>& x, int T) const {
        std::vector<double> z(static_cast<size_t>(m_dim), 0.0);
        if (T == 0)
            return z;
        const auto a = softmaxWeights(x, T);
        for (int t = 0; t < T; ++t)
            for (int d = 0; d < m_dim; ++d)
                z[static_cast<size_t>(d)] +=
                    a[static_cast<size_t>(t)] * x[static_cast<size_t>(t * m_dim + d)];
        for (int d = 0; d < m_dim; ++d)
            z[static_cast<size_t>(d)] = std::tanh(
                z[static_cast<size_t>(d)] + 0.5 * x[static_cast<size_t>((T - 1) * m_dim + d)]);
        return z;
    }
    float head(const std::vector<double>& z, ItemIndex j) const {
        double s = m_b[static_cast<size_t>(j)];
        for (int d = 0; d < m_dim; ++d)
            s += m_w[static_cast<size_t>(j * m_dim + d)] * z[static_cast<size_t>(d)];
        return static_cast<float>(s);
    }
    float evalScaled(const History& h, ItemIndex target, const std::vector<float>& scales,
                     const Perturb& p) const {
        const auto x = inputs(h, 1.0f, scales, p);
        return head(pooled(x, static_cast<int>(h.size())), target);
    }
    std::vector<float> fdGradient(const History& h, ItemIndex target, size_t c,
                                  const std::vector<float>& scales) const {
        const size_t n = h.size() * static_cast<size_t>(m_dim);
        std::vector<float> g(n);
        const float eps = 1e-3f;
        for (size_t i = 0; i < n; ++i) {
            const double up = evalScaledD(h, target, scales, {c, i, eps, true});
            const double dn = evalScaledD(h, target, scales, {c, i, -eps, true});
            g[i] = static_cast<float>((up - dn) / (2.0 * eps));
        }
        return g;
    }
    double evalScaledD(const History& h, ItemIndex target, const std::vector<float>& scales,
                       const Perturb& p) const {
        const auto x = inputs(h, 1.0f, scales, p);
        const auto z = pooled(x, static_cast<int>(h.size()));
        double s = m_b[static_cast<size_t>(target)];
        for (int d = 0; d < m_dim; ++d)
            s += m_w[static_cast<size_t>(target * m_dim + d)] * z[static_cast<size_t>(d)];
        return s;
    }

    int m_items, m_dim, m_maxLen, m_categories;
    std::vector<float> m_emb, m_pos, m_q, m_w, m_b, m_cat;
    std::vector<int> m_itemCat;
};

} // namespace reclens::test

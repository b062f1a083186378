// The tuner's search space and Hyperband bracket arithmetic (hyperband.h).

#include "train/hyperband.h"

#include <algorithm>
#include <cmath>

namespace reclens::hyperband {

namespace {

template <typename T> T pick(std::mt19937_64& rng, const std::vector<T>& choices) {
    std::uniform_int_distribution<size_t> d(0, choices.size() - 1);
    return choices[d(rng)];
}

} // namespace

std::vector<int> lengthChoices(const DatasetStats& st) {
    std::vector<int> out;
    for (std::int64_t v : {st.lengthP75, st.lengthP90, st.lengthMax}) {
        int l = static_cast<int>(std::min<std::int64_t>(200, std::max<std::int64_t>(10, v)));
        l = std::min(200, (l + 9) / 10 * 10);
        if (std::find(out.begin(), out.end(), l) == out.end())
            out.push_back(l);
    }
    return out;
}

TrainConfig drawConfig(std::mt19937_64& rng, const TrainConfig& base, const DatasetStats& st,
                       bool hasSide, const std::vector<int>& dims, const std::vector<int>& depths) {
    TrainConfig c = base;
    ModelConfig& m = c.model;
    m.dropout = pick<float>(rng, {0.1f, 0.2f, 0.3f, 0.5f});
    c.learningRate = pick<float>(rng, {5e-4f, 1e-3f, 2e-3f, 5e-3f});
    c.weightDecay = pick<float>(rng, {0.0f, 1e-5f, 5e-5f, 1e-4f});
    const bool side = hasSide && pick<int>(rng, {0, 1}) == 1;
    m.useCategory = m.useBrand = side;
    m.outputFeatures = side && pick<int>(rng, {0, 1}) == 1;
    m.maxLength = pick(rng, lengthChoices(st));
    m.dim = dims.empty() ? base.model.dim : pick(rng, dims);
    m.heads = pick<int>(rng, {1, 2, 4});
    if (!depths.empty())
        m.layers = pick(rng, depths);
    return c;
}

int maxBracket(int R, int eta) {
    int smax = 0;
    while (std::pow(eta, smax + 1) <= R)
        ++smax;
    return smax;
}

std::vector<Rung> bracketRungs(int R, int eta, int s) {
    const int smax = maxBracket(R, eta);
    const int n =
        static_cast<int>(std::ceil(static_cast<double>(smax + 1) / (s + 1) * std::pow(eta, s)));
    std::vector<Rung> out;
    for (int rung = 0; rung <= s; ++rung)
        out.push_back({static_cast<int>(std::floor(n * std::pow(eta, -rung))),
                       std::max(1, static_cast<int>(std::lround(R * std::pow(eta, rung - s))))});
    return out;
}

double bracketEpochs(int R, int eta, int s) {
    double total = 0.0;
    int before = 0;
    for (const Rung& r : bracketRungs(R, eta, s)) {
        total += static_cast<double>(r.trials) * (r.epochs - before);
        before = r.epochs;
    }
    return total;
}

TrialRecord recordOf(int id, int iteration, int bracket, const TrainConfig& c) {
    TrialRecord r;
    r.id = id;
    r.iteration = iteration;
    r.bracket = bracket;
    r.model = c.model;
    r.learningRate = c.learningRate;
    r.weightDecay = c.weightDecay;
    return r;
}

} // namespace reclens::hyperband

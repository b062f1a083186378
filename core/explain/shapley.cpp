// Shapley values of history items: exact over all coalitions of the last few items, or
// permutation sampling with standard errors. An absent player is removed (re-packed).

#include "explain/explainmethods.h"
#include "explain/scoring.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

namespace reclens {

namespace {

ShapleyExplanation exactShapley(const SequenceModel& model, const History& history,
                                ItemIndex target, int m) {
    const int n = static_cast<int>(history.size());
    const int first = n - m; // positions [0, first) are context, always present
    ShapleyExplanation out;
    out.exact = true;
    for (int p = first; p < n; ++p)
        out.players.push_back(p);
    const size_t coalitions = size_t{1} << m;
    std::vector<History> batch;
    batch.reserve(coalitions);
    for (size_t mask = 0; mask < coalitions; ++mask) {
        History h(history.begin(), history.begin() + first);
        for (int j = 0; j < m; ++j)
            if (mask & (size_t{1} << j))
                h.push_back(history[static_cast<size_t>(first + j)]);
        batch.push_back(std::move(h));
    }
    const std::vector<float> v = scoreTargetChunked(model, batch, target);
    out.evaluations = static_cast<int>(coalitions);
    // weight(s) = s! (m − s − 1)! / m!, built by recurrence to stay in doubles.
    std::vector<double> w(static_cast<size_t>(m), 0.0);
    for (int s = 0; s < m; ++s) {
        double x = 1.0 / m;
        // 1/(m · C(m−1, s))
        for (int i = 1; i <= s; ++i)
            x *= static_cast<double>(i) / static_cast<double>(m - i);
        w[static_cast<size_t>(s)] = x;
    }
    out.values.assign(static_cast<size_t>(n), 0.0f);
    out.stdErrors.assign(static_cast<size_t>(n), 0.0f);
    double sum = 0;
    for (int j = 0; j < m; ++j) {
        const size_t bit = size_t{1} << j;
        double phi = 0;
        for (size_t mask = 0; mask < coalitions; ++mask) {
            if (mask & bit)
                continue;
            const int s = std::popcount(mask);
            phi += w[static_cast<size_t>(s)] * (static_cast<double>(v[mask | bit]) - v[mask]);
        }
        out.values[static_cast<size_t>(first + j)] = static_cast<float>(phi);
        sum += phi;
    }
    out.scoreEmpty = v[0];
    out.scoreAll = v[coalitions - 1];
    out.efficiencyGap =
        static_cast<float>(std::fabs(sum - (static_cast<double>(out.scoreAll) - out.scoreEmpty)));
    return out;
}

ShapleyExplanation sampledShapley(const SequenceModel& model, const History& history,
                                  ItemIndex target, int permutations, std::uint64_t seed) {
    const int n = static_cast<int>(history.size());
    ShapleyExplanation out;
    out.exact = false;
    out.players.resize(static_cast<size_t>(n));
    std::iota(out.players.begin(), out.players.end(), 0);
    // Antithetic pairs: every random order is followed by its reverse, which adds the players
    // in the opposite order (negatively correlated marginals, lower variance for the same
    // number of forward passes). The pair mean is one independent sample for the errors.
    const int pairs = std::max(2, (permutations + 1) / 2); // ≥ 2 samples for an error
    const int P = 2 * pairs;
    out.permutations = P;
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> perms(static_cast<size_t>(P));
    std::vector<History> batch;
    batch.reserve(static_cast<size_t>(P) * (static_cast<size_t>(n) + 1));
    for (size_t pi = 0; pi < perms.size(); ++pi) {
        auto& perm = perms[pi];
        if (pi % 2 == 0) {
            perm.resize(static_cast<size_t>(n));
            std::iota(perm.begin(), perm.end(), 0);
            std::shuffle(perm.begin(), perm.end(), rng);
        } else {
            perm.assign(perms[pi - 1].rbegin(), perms[pi - 1].rend());
        }
        std::vector<char> present(static_cast<size_t>(n), 0);
        for (int step = 0; step <= n; ++step) {
            if (step > 0)
                present[static_cast<size_t>(perm[static_cast<size_t>(step - 1)])] = 1;
            History h;
            for (int t = 0; t < n; ++t)
                if (present[static_cast<size_t>(t)])
                    h.push_back(history[static_cast<size_t>(t)]);
            batch.push_back(std::move(h));
        }
    }
    const std::vector<float> v = scoreTargetChunked(model, batch, target);
    out.evaluations = static_cast<int>(batch.size());
    // pairMean[t] accumulates, per antithetic pair, the mean of its two marginals of t.
    std::vector<double> mean(static_cast<size_t>(n), 0.0), sq(static_cast<size_t>(n), 0.0);
    std::vector<double> pairSum(static_cast<size_t>(n), 0.0);
    for (size_t p = 0; p < perms.size(); ++p) {
        const float* row = v.data() + p * (static_cast<size_t>(n) + 1);
        for (int step = 1; step <= n; ++step) {
            const double d = static_cast<double>(row[step]) - row[step - 1];
            const size_t pos = static_cast<size_t>(perms[p][static_cast<size_t>(step - 1)]);
            pairSum[pos] += d;
        }
        if (p % 2 == 1) {
            for (size_t t = 0; t < static_cast<size_t>(n); ++t) {
                const double x = pairSum[t] / 2;
                mean[t] += x;
                sq[t] += x * x;
                pairSum[t] = 0;
            }
        }
    }
    out.values.resize(static_cast<size_t>(n));
    out.stdErrors.resize(static_cast<size_t>(n));
    double sum = 0;
    for (size_t t = 0; t < static_cast<size_t>(n); ++t) {
        const double mu = mean[t] / pairs;
        const double var =
            pairs > 1 ? std::max(0.0, (sq[t] / pairs - mu * mu) * pairs / (pairs - 1)) : 0.0;
        out.values[t] = static_cast<float>(mu);
        out.stdErrors[t] = static_cast<float>(std::sqrt(var / pairs));
        sum += mu;
    }
    out.scoreEmpty = v[0];
    out.scoreAll = v[static_cast<size_t>(n)];
    out.efficiencyGap =
        static_cast<float>(std::fabs(sum - (static_cast<double>(out.scoreAll) - out.scoreEmpty)));
    return out;
}

} // namespace

ShapleyExplanation explainShapley(const SequenceModel& model, const History& history,
                                  ItemIndex target, const ExplainConfig& config) {
    checkTarget(model, target);
    const int n = static_cast<int>(history.size());
    const int limit = std::clamp(config.shapleyExactLimit, 0, 20);
    if (n <= limit || (config.shapleyExactOnLastItems && limit > 0))
        return exactShapley(model, history, target, std::min(n, limit));
    return sampledShapley(model, history, target, config.shapleyPermutations, config.seed);
}

} // namespace reclens

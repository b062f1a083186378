// The Shapley engine (shapleyengine.h) and the item Shapley values of one target on top of it.
// Exact over all coalitions of the last few positions, or antithetic permutation sampling with
// standard errors. An absent player is removed (re-packed).

#include "explain/explainmethods.h"
#include "explain/scoring.h"
#include "explain/shapleyengine.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace reclens {

namespace {

/// v[row * outputs + o] as returned by the value function, checked for size.
std::vector<double> evaluate(const CoalitionValues& value, const std::vector<History>& batch,
                             int outputs) {
    std::vector<double> v = value(batch);
    if (v.size() != batch.size() * static_cast<size_t>(outputs))
        throw std::invalid_argument("Shapley value function returned " + std::to_string(v.size()) +
                                    " numbers for " + std::to_string(batch.size()) +
                                    " coalitions of " + std::to_string(outputs) + " outputs");
    return v;
}

std::vector<ShapleyExplanation> exactShapley(const History& history, int m, int outputs,
                                             const CoalitionValues& value) {
    const int n = static_cast<int>(history.size());
    const int first = n - m; // positions [0, first) are context, always present
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
    const std::vector<double> v = evaluate(value, batch, outputs);
    // weight(s) = s! (m − s − 1)! / m!, built by recurrence to stay in doubles.
    std::vector<double> w(static_cast<size_t>(m), 0.0);
    for (int s = 0; s < m; ++s) {
        double x = 1.0 / m;
        // 1/(m · C(m−1, s))
        for (int i = 1; i <= s; ++i)
            x *= static_cast<double>(i) / static_cast<double>(m - i);
        w[static_cast<size_t>(s)] = x;
    }
    std::vector<ShapleyExplanation> results(static_cast<size_t>(outputs));
    const size_t O = static_cast<size_t>(outputs);
    for (size_t o = 0; o < O; ++o) {
        ShapleyExplanation& out = results[o];
        out.exact = true;
        for (int p = first; p < n; ++p)
            out.players.push_back(p);
        out.evaluations = static_cast<int>(coalitions);
        out.values.assign(static_cast<size_t>(n), 0.0f);
        out.stdErrors.assign(static_cast<size_t>(n), 0.0f);
        auto at = [&](size_t mask) {
            return v[mask * O + o];
        };
        double sum = 0;
        for (int j = 0; j < m; ++j) {
            const size_t bit = size_t{1} << j;
            double phi = 0;
            for (size_t mask = 0; mask < coalitions; ++mask) {
                if (mask & bit)
                    continue;
                const int s = std::popcount(mask);
                phi += w[static_cast<size_t>(s)] * (at(mask | bit) - at(mask));
            }
            out.values[static_cast<size_t>(first + j)] = static_cast<float>(phi);
            sum += phi;
        }
        out.scoreEmpty = static_cast<float>(at(0));
        out.scoreAll = static_cast<float>(at(coalitions - 1));
        out.efficiencyGap = static_cast<float>(
            std::fabs(sum - (static_cast<double>(out.scoreAll) - out.scoreEmpty)));
    }
    return results;
}

std::vector<ShapleyExplanation> sampledShapley(const History& history, int permutations,
                                               std::uint64_t seed, int outputs,
                                               const CoalitionValues& value) {
    const int n = static_cast<int>(history.size());
    const size_t N = static_cast<size_t>(n);
    // Antithetic pairs: every random order is followed by its reverse, which adds the players
    // in the opposite order (negatively correlated marginals, lower variance for the same
    // number of forward passes). The pair mean is one independent sample for the errors.
    const int pairs = std::max(2, (permutations + 1) / 2); // ≥ 2 samples for an error
    const int P = 2 * pairs;
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> perms(static_cast<size_t>(P));
    std::vector<History> batch;
    batch.reserve(static_cast<size_t>(P) * (N + 1));
    for (size_t pi = 0; pi < perms.size(); ++pi) {
        auto& perm = perms[pi];
        if (pi % 2 == 0) {
            perm.resize(N);
            std::iota(perm.begin(), perm.end(), 0);
            std::shuffle(perm.begin(), perm.end(), rng);
        } else {
            perm.assign(perms[pi - 1].rbegin(), perms[pi - 1].rend());
        }
        std::vector<char> present(N, 0);
        for (int step = 0; step <= n; ++step) {
            if (step > 0)
                present[static_cast<size_t>(perm[static_cast<size_t>(step - 1)])] = 1;
            History h;
            for (size_t t = 0; t < N; ++t)
                if (present[t])
                    h.push_back(history[t]);
            batch.push_back(std::move(h));
        }
    }
    const std::vector<double> v = evaluate(value, batch, outputs);
    const size_t O = static_cast<size_t>(outputs);
    std::vector<ShapleyExplanation> results(O);
    for (size_t o = 0; o < O; ++o) {
        ShapleyExplanation& out = results[o];
        out.exact = false;
        out.players.resize(N);
        std::iota(out.players.begin(), out.players.end(), 0);
        out.permutations = P;
        out.evaluations = static_cast<int>(batch.size());
        auto at = [&](size_t row) {
            return v[row * O + o];
        };
        // pairSum[t] accumulates, per antithetic pair, the sum of its two marginals of t.
        std::vector<double> mean(N, 0.0), sq(N, 0.0), pairSum(N, 0.0);
        for (size_t p = 0; p < perms.size(); ++p) {
            const size_t row0 = p * (N + 1);
            for (int step = 1; step <= n; ++step) {
                const size_t s = static_cast<size_t>(step);
                const double d = at(row0 + s) - at(row0 + s - 1);
                pairSum[static_cast<size_t>(perms[p][s - 1])] += d;
            }
            if (p % 2 == 1) {
                for (size_t t = 0; t < N; ++t) {
                    const double x = pairSum[t] / 2;
                    mean[t] += x;
                    sq[t] += x * x;
                    pairSum[t] = 0;
                }
            }
        }
        out.values.resize(N);
        out.stdErrors.resize(N);
        double sum = 0;
        for (size_t t = 0; t < N; ++t) {
            const double mu = mean[t] / pairs;
            const double var =
                pairs > 1 ? std::max(0.0, (sq[t] / pairs - mu * mu) * pairs / (pairs - 1)) : 0.0;
            out.values[t] = static_cast<float>(mu);
            out.stdErrors[t] = static_cast<float>(std::sqrt(var / pairs));
            sum += mu;
        }
        out.scoreEmpty = static_cast<float>(at(0));
        out.scoreAll = static_cast<float>(at(N));
        out.efficiencyGap = static_cast<float>(
            std::fabs(sum - (static_cast<double>(out.scoreAll) - out.scoreEmpty)));
    }
    return results;
}

} // namespace

std::vector<ShapleyExplanation> shapleyValues(const History& history, int outputs,
                                              const CoalitionValues& value,
                                              const ExplainConfig& config) {
    if (outputs < 1)
        throw std::invalid_argument("Shapley needs at least one output, got " +
                                    std::to_string(outputs));
    const int n = static_cast<int>(history.size());
    const int limit = std::clamp(config.shapleyExactLimit, 0, 20);
    if (n <= limit || (config.shapleyExactOnLastItems && limit > 0))
        return exactShapley(history, std::min(n, limit), outputs, value);
    return sampledShapley(history, config.shapleyPermutations, config.seed, outputs, value);
}

ShapleyExplanation explainShapley(const SequenceModel& model, const History& history,
                                  ItemIndex target, const ExplainConfig& config) {
    checkTarget(model, target);
    // One target: scoreTargets is cheaper than full rows (no catalog-wide head).
    const CoalitionValues targetScore = [&](const std::vector<History>& coalitions) {
        const std::vector<float> s = scoreTargetChunked(model, coalitions, target);
        return std::vector<double>(s.begin(), s.end());
    };
    return std::move(shapleyValues(history, 1, targetScore, config).front());
}

} // namespace reclens

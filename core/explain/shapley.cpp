// The Shapley engine (shapleyengine.h) and the item Shapley values of one target on top of it.
// Exact over all coalitions of the last few positions, or antithetic permutation sampling with
// standard errors. An absent player is removed (re-packed).

#include "explain/explainmethods.h"
#include "explain/scoring.h"
#include "explain/shapleyengine.h"
#include "explain/shapleysampling.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace reclens {

namespace shapley {

std::vector<double> evaluate(const CoalitionValues& value, const std::vector<History>& batch,
                             int outputs) {
    std::vector<double> v = value(batch);
    if (v.size() != batch.size() * static_cast<size_t>(outputs))
        throw std::invalid_argument("Shapley value function returned " + std::to_string(v.size()) +
                                    " numbers for " + std::to_string(batch.size()) +
                                    " coalitions of " + std::to_string(outputs) + " outputs");
    return v;
}

// Every order is itself uniformly random, so each group's mean is unbiased. The reverse adds
// the players in the opposite order (a player's predecessors become exactly the others it
// did not follow: negatively correlated marginals); the rotations put each player at K evenly
// spaced places of the order (its coalition sizes are stratified). K = 1: antithetic pairs.
std::vector<std::vector<int>> groupOrders(const std::vector<int>& base, int perGroup) {
    const size_t n = base.size(), K = static_cast<size_t>(std::max(1, perGroup));
    std::vector<std::vector<int>> orders;
    for (size_t k = 0; k < K; ++k) {
        const size_t shift = (k * n + K / 2) / K % std::max<size_t>(n, 1);
        std::vector<int> o(n);
        std::rotate_copy(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(shift),
                         base.end(), o.begin());
        orders.push_back(o);
        orders.emplace_back(o.rbegin(), o.rend());
    }
    return orders;
}

} // namespace shapley

namespace {

using shapley::evaluate;
using shapley::groupOrders;

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
                                               int perGroup, std::uint64_t seed, int outputs,
                                               const CoalitionValues& value) {
    const int n = static_cast<int>(history.size());
    const size_t N = static_cast<size_t>(n);
    // Orders come in independent groups (groupOrders); the group mean is one independent
    // sample for the standard errors, so there are at least 2 groups.
    const int G = 2 * std::max(1, perGroup); // orders per group
    const int groups = std::max(2, (permutations + G - 1) / G);
    const int P = groups * G;
    std::mt19937_64 rng(seed);
    std::vector<std::vector<int>> perms;
    perms.reserve(static_cast<size_t>(P));
    for (int g = 0; g < groups; ++g) {
        std::vector<int> base(N);
        std::iota(base.begin(), base.end(), 0);
        std::shuffle(base.begin(), base.end(), rng);
        for (auto& o : groupOrders(base, perGroup))
            perms.push_back(std::move(o));
    }
    std::vector<History> batch;
    batch.reserve(static_cast<size_t>(P) * (N + 1));
    for (const auto& perm : perms) {
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
        // groupSum[t] accumulates, per group, the sum of its G marginals of t.
        std::vector<double> mean(N, 0.0), sq(N, 0.0), groupSum(N, 0.0);
        for (size_t p = 0; p < perms.size(); ++p) {
            const size_t row0 = p * (N + 1);
            for (int step = 1; step <= n; ++step) {
                const size_t s = static_cast<size_t>(step);
                const double d = at(row0 + s) - at(row0 + s - 1);
                groupSum[static_cast<size_t>(perms[p][s - 1])] += d;
            }
            if (p % static_cast<size_t>(G) == static_cast<size_t>(G - 1)) {
                for (size_t t = 0; t < N; ++t) {
                    const double x = groupSum[t] / G;
                    mean[t] += x;
                    sq[t] += x * x;
                    groupSum[t] = 0;
                }
            }
        }
        out.values.resize(N);
        out.stdErrors.resize(N);
        double sum = 0;
        for (size_t t = 0; t < N; ++t) {
            const double mu = mean[t] / groups;
            const double var = std::max(0.0, (sq[t] / groups - mu * mu) * groups / (groups - 1));
            out.values[t] = static_cast<float>(mu);
            out.stdErrors[t] = static_cast<float>(std::sqrt(var / groups));
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
    if (config.shapleyNewestSamples > 0)
        return shapley::recencyStratified(history, config.shapleyPermutations,
                                          config.shapleyNewestSamples, config.seed, outputs, value);
    return sampledShapley(history, config.shapleyPermutations, config.shapleyOrdersPerGroup,
                          config.seed, outputs, value);
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

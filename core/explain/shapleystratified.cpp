// Recency-stratified Shapley sampling (shapleysampling.h).
//
// Player i's Shapley value is the mean of its marginal contribution over uniformly random orders.
// Split the orders by whether i joins as the NEWEST purchase present (none of the a_i players
// after it in the history came before it in the order) or not:
//   φ_i = p_i · E[Δ_i | newest] + (1 − p_i) · E[Δ_i | not newest],   p_i = 1 / (a_i + 1),
// exactly: of i and the a_i players after it, each is equally likely to come first in the order.
// A sequential recommender's score is driven by the newest purchases, so almost all of the
// marginals' spread is in the first stratum (docs/BENCHMARKS.md, "Shapley at length 200"), which
// plain order sampling reaches for an old purchase only once in a_i + 1 orders. Here each player
// gets its own samples of that stratum: a set B of the c_i purchases before it, drawn from the
// stratum's exact law (|B| = b with probability ∝ C(c_i, b) / C(n − 1, b), then a uniform
// b-subset), scored with and without i. For all but the last few purchases B is short, so these
// coalitions are cheap. The second stratum is the post-stratified mean of antithetic orders'
// marginals.

#include "explain/shapleysampling.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace reclens::shapley {

namespace {

/// Coalitions as sorted positions; each distinct one becomes one row of the batch.
class CoalitionRows {
public:
    explicit CoalitionRows(const History& h)
        : m_history(h) {}
    size_t row(const std::vector<int>& positions) {
        const auto [it, added] = m_rows.try_emplace(positions, m_batch.size());
        if (added) {
            History c;
            for (int p : positions)
                c.push_back(m_history[static_cast<size_t>(p)]);
            m_batch.push_back(std::move(c));
        }
        return it->second;
    }
    const std::vector<History>& batch() const { return m_batch; }

private:
    const History& m_history;
    std::map<std::vector<int>, size_t> m_rows;
    std::vector<History> m_batch;
};

/// One marginal: v(with) − v(without), rows of CoalitionRows.
struct Marginal {
    size_t with, without;
};

/// Cumulative law of |B| in the newest stratum of a player with c before and n − 1 others.
std::vector<double> newestSizeCdf(int c, int n) {
    std::vector<double> logw(static_cast<size_t>(c) + 1);
    for (int b = 0; b <= c; ++b) // log C(c, b) − log C(n − 1, b)
        logw[static_cast<size_t>(b)] = std::lgamma(c + 1.0) - std::lgamma(c - b + 1.0) -
                                       std::lgamma(n * 1.0) + std::lgamma(n - b * 1.0);
    const double top = *std::max_element(logw.begin(), logw.end());
    std::vector<double> cdf;
    double sum = 0;
    for (double w : logw)
        cdf.push_back(sum += std::exp(w - top));
    for (double& x : cdf)
        x /= sum;
    return cdf;
}

struct Moments {
    double sum = 0, sq = 0;
    int count = 0;
    void add(double x) {
        sum += x;
        sq += x * x;
        ++count;
    }
    double mean() const { return count > 0 ? sum / count : 0.0; }
    double var() const { // sample variance
        return count > 1 ? std::max(0.0, (sq - sum * sum / count) / (count - 1)) : 0.0;
    }
};

} // namespace

std::vector<ShapleyExplanation> recencyStratified(const History& history, int orders,
                                                  int newestPerPlayer, std::uint64_t seed,
                                                  int outputs, const CoalitionValues& value) {
    const int n = static_cast<int>(history.size());
    const size_t N = static_cast<size_t>(n);
    std::mt19937_64 rng(seed);
    CoalitionRows rows(history);
    const size_t emptyRow = rows.row({});
    std::vector<int> all(N);
    std::iota(all.begin(), all.end(), 0);
    const size_t allRow = rows.row(all);

    // Antithetic orders (at least two pairs, so that every player with a later purchase has at
    // least two marginals outside its newest stratum). A marginal's stratum: newest when no
    // later position is present yet.
    std::vector<std::vector<Marginal>> newest(N), rest(N);
    const int pairs = std::max(2, (orders + 1) / 2);
    for (int g = 0; g < pairs; ++g) {
        std::vector<int> base = all;
        std::shuffle(base.begin(), base.end(), rng);
        for (const auto& order : groupOrders(base, 1)) {
            std::vector<char> present(N, 0);
            std::vector<int> positions;
            size_t before = emptyRow;
            for (int step = 0; step < n; ++step) {
                const int i = order[static_cast<size_t>(step)];
                present[static_cast<size_t>(i)] = 1;
                positions.clear();
                bool isNewest = true;
                for (int t = 0; t < n; ++t)
                    if (present[static_cast<size_t>(t)]) {
                        positions.push_back(t);
                        isNewest = isNewest && t <= i;
                    }
                const size_t after = rows.row(positions);
                (isNewest ? newest : rest)[static_cast<size_t>(i)].push_back({after, before});
                before = after;
            }
        }
    }

    // The newest stratum sampled per player. Neyman allocation for a stratum weighing p_i whose
    // draws cost about |B| + 1 items (plus a row's fixed cost): samples ∝ p_i / √cost_i, at least
    // two per player (for an error), about newestPerPlayer on average.
    std::vector<std::vector<double>> cdfs(N);
    std::vector<double> weight(N);
    double weights = 0;
    for (int i = 0; i < n; ++i) {
        const size_t I = static_cast<size_t>(i);
        cdfs[I] = newestSizeCdf(i, n);
        double meanSize = 0, prev = 0;
        for (size_t b = 0; b < cdfs[I].size(); ++b) {
            meanSize += static_cast<double>(b) * (cdfs[I][b] - prev);
            prev = cdfs[I][b];
        }
        constexpr double kRowCost = 8; // a short row's fixed cost, in items
        weight[I] = (1.0 / (n - i)) / std::sqrt(2 * meanSize + 1 + 2 * kRowCost);
        weights += weight[I];
    }
    const double budget = static_cast<double>(std::max(2, newestPerPlayer)) * n;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < n; ++i) {
        const size_t I = static_cast<size_t>(i);
        const int draws = std::max(2, static_cast<int>(std::lround(budget * weight[I] / weights)));
        std::vector<int> before(I);
        std::iota(before.begin(), before.end(), 0);
        for (int d = 0; d < draws; ++d) {
            const size_t b = static_cast<size_t>(
                std::lower_bound(cdfs[I].begin(), cdfs[I].end(), unit(rng)) - cdfs[I].begin());
            for (size_t k = 0; k < std::min(b, I); ++k) // partial Fisher-Yates: a uniform b-subset
                std::swap(before[k], before[std::uniform_int_distribution<size_t>(k, I - 1)(rng)]);
            std::vector<int> without(before.begin(),
                                     before.begin() + static_cast<long>(std::min(b, I)));
            std::sort(without.begin(), without.end());
            std::vector<int> with = without;
            with.push_back(i);
            newest[I].push_back({rows.row(with), rows.row(without)});
        }
    }

    const size_t O = static_cast<size_t>(outputs);
    const std::vector<double> v = evaluate(value, rows.batch(), outputs);
    std::vector<ShapleyExplanation> results(O);
    for (size_t o = 0; o < O; ++o) {
        const auto at = [&](size_t row) {
            return v[row * O + o];
        };
        ShapleyExplanation& out = results[o];
        out.exact = false;
        out.players = all;
        out.permutations = 2 * pairs;
        out.evaluations = static_cast<int>(rows.batch().size());
        out.values.resize(N);
        out.stdErrors.resize(N);
        std::vector<double> phi(N), var(N);
        double sum = 0, varSum = 0;
        for (size_t i = 0; i < N; ++i) {
            Moments m0, m1;
            for (const Marginal& m : newest[i])
                m0.add(at(m.with) - at(m.without));
            for (const Marginal& m : rest[i])
                m1.add(at(m.with) - at(m.without));
            const double p = 1.0 / static_cast<double>(N - i);
            phi[i] = p * m0.mean() + (1 - p) * m1.mean();
            var[i] = p * p * m0.var() / std::max(1, m0.count) +
                     (1 - p) * (1 - p) * m1.var() / std::max(1, m1.count);
            sum += phi[i];
            varSum += var[i];
        }
        // The strata's estimates do not telescope: spread the efficiency gap over the players in
        // proportion to their variances (the least-variance correction of independent estimates
        // to the known sum v(all) − v(∅)); the variances shrink by the same account.
        const double gap = (at(allRow) - at(emptyRow)) - sum;
        for (size_t i = 0; i < N; ++i) {
            const double share = varSum > 0 ? var[i] / varSum : 1.0 / static_cast<double>(N);
            out.values[i] = static_cast<float>(phi[i] + gap * share);
            const double shrunk = varSum > 0 ? var[i] - var[i] * var[i] / varSum : 0.0;
            out.stdErrors[i] = static_cast<float>(std::sqrt(std::max(0.0, shrunk)));
        }
        double adjusted = 0;
        for (float x : out.values)
            adjusted += x;
        out.scoreEmpty = static_cast<float>(at(emptyRow));
        out.scoreAll = static_cast<float>(at(allRow));
        out.efficiencyGap = static_cast<float>(
            std::fabs(adjusted - (static_cast<double>(out.scoreAll) - out.scoreEmpty)));
    }
    return results;
}

} // namespace reclens::shapley

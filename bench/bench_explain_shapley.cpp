// See bench_explain_shapley.h.

#include "bench_explain_shapley.h"

#include "benchstats.h"
#include "explain/explainmethods.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <iostream>

namespace reclens::bench {

void shapleyErrorBench(const SequenceModel& model, const std::vector<History>& histories,
                       const std::string& label, int referenceOrders) {
    struct Scheme {
        int perGroup, orders, newest = 0;
    };
    // perGroup K: K rotations of a random order, each with its reverse (2K orders per group).
    const std::vector<Scheme> schemes = {{1, 8}, {1, 16}, {1, 4, 2}, {1, 4, 4}, {1, 8, 4}};
    std::vector<double> sumSe(schemes.size()), sumSe2(schemes.size()), sumSq(schemes.size()),
        sumCpu(schemes.size()), sumEvals(schemes.size());
    double refVar = 0, players = 0, refAbs = 0;
    for (size_t u = 0; u < histories.size(); ++u) {
        const History& h = histories[u];
        const ItemIndex target = topKOf(model.scoreAll({h}), 1)[0].item;
        ExplainConfig ref;
        ref.shapleyPermutations = referenceOrders;
        ref.shapleyNewestSamples = 64; // recency-stratified: errors far below the schemes'
        ref.shapleyOrdersPerGroup = 1;
        ref.seed = 7'000 + u;
        const ShapleyExplanation r = explainShapley(model, h, target, ref);
        for (size_t t = 0; t < r.values.size(); ++t) {
            refVar += static_cast<double>(r.stdErrors[t]) * r.stdErrors[t];
            refAbs += std::fabs(r.values[t]);
        }
        players += static_cast<double>(r.values.size());
        for (size_t s = 0; s < schemes.size(); ++s) {
            ExplainConfig cfg;
            cfg.shapleyOrdersPerGroup = schemes[s].perGroup;
            cfg.shapleyPermutations = schemes[s].orders;
            cfg.shapleyNewestSamples = schemes[s].newest;
            cfg.seed = 100 + u; // independent of the reference's orders
            const std::clock_t c0 = std::clock();
            const ShapleyExplanation e = explainShapley(model, h, target, cfg);
            sumCpu[s] += 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
            sumEvals[s] += e.evaluations;
            for (size_t t = 0; t < e.values.size(); ++t) {
                sumSe[s] += e.stdErrors[t];
                sumSe2[s] += static_cast<double>(e.stdErrors[t]) * e.stdErrors[t];
                const double d = static_cast<double>(e.values[t]) - r.values[t];
                sumSq[s] += d * d;
            }
        }
    }
    const double users = static_cast<double>(histories.size());
    std::cout << "  sampled Shapley error vs cost, " << label << ", " << histories.size()
              << " users (target: top-1), reference " << referenceOrders
              << " orders and 64 newest-stratum samples per purchase (mean |value| "
              << std::setprecision(4) << refAbs / players << ", its RMS std error "
              << std::sqrt(refVar / players) << ")\n"
              << "    per group  newest  orders  passes  CPU ms  mean std error  RMS std error  "
                 "RMS error "
                 "vs reference\n";
    for (size_t s = 0; s < schemes.size(); ++s) {
        // E[(est − ref)²] = MSE(est) + Var(ref): subtract the reference's own noise.
        const double mse = std::max(0.0, (sumSq[s] - refVar) / players);
        std::cout << std::fixed << std::setw(11) << schemes[s].perGroup << std::setw(8)
                  << schemes[s].newest << std::setw(8) << schemes[s].orders << std::setw(8)
                  << std::setprecision(0) << sumEvals[s] / users << std::setw(8)
                  << std::setprecision(1) << sumCpu[s] / users << std::setw(16)
                  << std::setprecision(4) << sumSe[s] / players << std::setw(15)
                  << std::sqrt(sumSe2[s] / players) << std::setw(24) << std::sqrt(mse) << "\n";
    }
}

} // namespace reclens::bench

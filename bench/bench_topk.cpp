// The top-K-at-once measurement of bench_explain (bench_topk.h).

#include "bench_topk.h"

#include "benchstats.h"
#include "explain/explainmethods.h"

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>

namespace reclens::bench {

namespace {

double cpuMsSince(std::clock_t c0) {
    return 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
}

void row(const std::string& name, const std::vector<double>& wall, const std::vector<double>& cpu) {
    std::cout << "    " << std::left << std::setw(34) << name << std::right << std::fixed
              << std::setprecision(1) << std::setw(10) << percentile(wall, 0.5) << std::setw(10)
              << percentile(wall, 0.95) << std::setw(12) << percentile(cpu, 0.5) << std::setw(10)
              << percentile(cpu, 0.95) << "\n";
}

} // namespace

double topKAllBench(const SequenceModel& model, const Dataset& ds,
                    const std::vector<History>& histories, const std::vector<History>& twelve,
                    int k, int threads) {
    ExplainConfig cfg;
    cfg.threads = threads;
    cfg.k = k;
    cfg.methods = parseExplainMethods("loo,ig,shapley", nullptr);
    std::vector<double> allWall, allCpu, oneWall, oneCpu, ratios;
    std::vector<double> partLoo, partShapley, partIg, oneIg, oneShapley;
    for (const auto& h : histories) {
        auto t0 = std::chrono::steady_clock::now();
        std::clock_t c0 = std::clock();
        const auto all = explainTopK(model, ds, h, k, cfg);
        allWall.push_back(msSince(t0));
        allCpu.push_back(cpuMsSince(c0));
        t0 = std::chrono::steady_clock::now();
        c0 = std::clock();
        const auto one = explain(model, ds, h, all.front().target, cfg);
        oneWall.push_back(msSince(t0));
        oneCpu.push_back(cpuMsSince(c0));
        ratios.push_back(allWall.back() / oneWall.back());
        double ig = 0;
        for (const auto& b : all)
            ig += b.timingsMs.count("ig") ? b.timingsMs.at("ig") : 0.0;
        partIg.push_back(ig);
        partLoo.push_back(all.front().timingsMs.at("loo"));
        partShapley.push_back(all.front().timingsMs.at("shapley"));
        oneIg.push_back(one.timingsMs.at("ig"));
        oneShapley.push_back(one.timingsMs.at("shapley"));
    }
    std::cout << "  top-" << k << " at once vs one recommendation (methods loo, ig, shapley), "
              << histories.size() << " histories of length " << histories.front().size() << ", "
              << threads << " thread(s)\n"
              << "    " << std::left << std::setw(34) << "run" << std::right << std::setw(10)
              << "median ms" << std::setw(10) << "p95 ms" << std::setw(12) << "CPU median"
              << std::setw(10) << "CPU p95"
              << "\n";
    row("explainTopK(k = " + std::to_string(k) + ")", allWall, allCpu);
    row("explain() of the top-1", oneWall, oneCpu);
    const double ratio = percentile(allWall, 0.5) / percentile(oneWall, 0.5);
    std::cout << std::setprecision(2) << "    ratio of medians " << ratio << " (CPU "
              << percentile(allCpu, 0.5) / percentile(oneCpu, 0.5) << "); per-history ratio median "
              << percentile(ratios, 0.5) << ", p95 " << percentile(ratios, 0.95) << "\n"
              << std::setprecision(1) << "    inside the top-K run (medians, ms): shared LOO "
              << percentile(partLoo, 0.5) << ", shared Shapley " << percentile(partShapley, 0.5)
              << ", IG summed over the " << k << " targets " << percentile(partIg, 0.5)
              << "; one target alone: IG " << percentile(oneIg, 0.5) << ", Shapley "
              << percentile(oneShapley, 0.5) << "\n";

    // "Why this list": its cost decides whether it is on by default.
    for (const auto* set : {&histories, &twelve}) {
        std::vector<double> wall, shap;
        bool exact = false;
        for (const auto& h : *set) {
            auto t0 = std::chrono::steady_clock::now();
            const auto l = explainListShapley(model, h, k, cfg);
            wall.push_back(msSince(t0));
            exact = l.shapley.exact;
            t0 = std::chrono::steady_clock::now();
            explainShapley(model, h, l.list.front(), cfg);
            shap.push_back(msSince(t0));
        }
        std::cout << "    why this list (k = " << k << ", " << (exact ? "exact" : "sampled")
                  << ", length " << set->front().size() << "): median " << percentile(wall, 0.5)
                  << " ms, p95 " << percentile(wall, 0.95) << " ms; item Shapley of the top-1 "
                  << "on the same histories: median " << percentile(shap, 0.5) << " ms\n";
    }
    return ratio;
}

} // namespace reclens::bench

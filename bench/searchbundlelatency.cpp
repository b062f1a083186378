#include "searchbundlelatency.h"

#include "benchstats.h"
#include "eval/evaluator.h"
#include "search/searchexplain.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace reclens::bench {

void printBundleLatency(const Dataset& ds, const search::SearchModel& model,
                        const std::vector<TimedSearch>& searches, int threads) {
    ExplainConfig config;
    config.threads = threads;
    std::vector<double> ms, cpu;
    // Where the time goes: the engine's own per-method wall times (ExplanationBundle::timingsMs),
    // the search-only parts around it (the split, lexical matches, the two kind
    // counterfactuals: the total minus the engine's), and the histories the model scored.
    std::map<std::string, std::vector<double>> parts;
    std::vector<double> rows;
    double players = 0, historyLength = 0, queryWords = 0;
    for (const auto& s : searches) {
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = processCpuMs();
        const auto ids = model.encodeQuery(s.query).ids;
        const auto scored = model.scoreAll({{s.history, ids}});
        const auto top = topK(scored.scores.data(), scored.itemCount, 10);
        const auto e =
            search::explainSearchResult(model, ds, s.history, s.query, top.front(), config);
        ms.push_back(msSince(t0));
        cpu.push_back(processCpuMs() - c0);
        for (const auto& [name, partMs] : e.bundle.timingsMs)
            parts[name].push_back(partMs);
        parts["search (top 10)+split+lexical+kind counterfactuals"].push_back(
            ms.back() - e.bundle.timingsMs.at("total"));
        rows.push_back(static_cast<double>(e.bundle.historiesScored));
        players += static_cast<double>(e.bundle.history.size());
        historyLength += e.purchaseCount;
        queryWords += static_cast<double>(e.queryTerms.size());
    }
    const double n = std::max<double>(1.0, static_cast<double>(ms.size()));
    std::printf("  search + complete explanation of the top result over %zu customers (history "
                "%.1f purchases, %.2f query words, %.1f players on average): median %.0f ms, p95 "
                "%.0f ms\n",
                ms.size(), historyLength / n, queryWords / n, players / n, percentile(ms, 0.5),
                percentile(ms, 0.95));
    std::printf("    process CPU per request: median %.0f ms; histories the engine's model scored: "
                "median %.0f\n",
                percentile(cpu, 0.5), percentile(rows, 0.5));
    for (const auto& [name, v] : parts)
        std::printf("    %-52s median %7.1f ms  p95 %7.1f ms\n", name.c_str(), percentile(v, 0.5),
                    percentile(v, 0.95));
}

} // namespace reclens::bench

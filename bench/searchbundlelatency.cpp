#include "searchbundlelatency.h"

#include "benchstats.h"
#include "eval/evaluator.h"
#include "search/searchexplain.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace reclens::bench {

void printBundleLatency(const Dataset& ds, const search::SearchModel& model,
                        const std::vector<TimedSearch>& searches, int threads) {
    ExplainConfig config;
    config.threads = threads;
    std::vector<double> ms;
    double players = 0, historyLength = 0, queryWords = 0;
    for (const auto& s : searches) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto ids = model.encodeQuery(s.query).ids;
        const auto scored = model.scoreAll({{s.history, ids}});
        const auto top = topK(scored.scores.data(), scored.itemCount, 10);
        const auto e =
            search::explainSearchResult(model, ds, s.history, s.query, top.front(), config);
        ms.push_back(msSince(t0));
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
}

} // namespace reclens::bench
